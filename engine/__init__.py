"""Numeric core of the playground: a numpy-only neural network, its training loop and datasets."""

from .history import History
from .network import Backprop, Gradients, Network, Trace
from .training import Trainer

__all__ = [
    "Backprop",
    "Gradients",
    "History",
    "Network",
    "Trace",
    "Trainer",
    "datasets",
    "features",
]

from . import datasets, features  # noqa: E402  (kept last: those modules import engine.* too)
