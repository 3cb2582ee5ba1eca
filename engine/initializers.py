"""Weight initialisers: each draws a (fan_in, fan_out) matrix from an explicit generator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import get_activation

DrawFunction = Callable[[int, int, np.random.Generator], np.ndarray]


def xavier(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """Glorot normal: std sqrt(2 / (fan_in + fan_out)) keeps tanh/sigmoid signals at unit scale."""
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))


def he(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """He normal: std sqrt(2 / fan_in) makes up for ReLU zeroing half of its inputs."""
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


def uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform in [-0.5, 0.5], as TensorFlow Playground does."""
    return rng.uniform(-0.5, 0.5, size=(fan_in, fan_out))


def zeros(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    """All zeros: every unit in a layer stays identical, which shows why symmetry must be broken."""
    return np.zeros((fan_in, fan_out))


@dataclass(frozen=True)
class Initializer:
    """A named weight distribution."""

    name: str
    label: str
    draw: DrawFunction


INITIALIZERS: dict[str, Initializer] = {
    i.name: i
    for i in (
        Initializer("xavier", "Xavier (Glorot)", xavier),
        Initializer("he", "He", he),
        Initializer("uniform", "Uniform ±0.5", uniform),
        Initializer("zeros", "Zeros", zeros),
    )
}


def default_initializer(activation: str) -> str:
    """He for ReLU-like activations, Xavier for the rest (the output layer counts as the rest)."""
    if activation in ("sigmoid", "softmax", "linear"):
        return "xavier"
    return "he" if get_activation(activation).relu_like else "xavier"


def get_initializer(name: str) -> Initializer:
    """Look up an initialiser by name, with the valid names in the error."""
    try:
        return INITIALIZERS[name]
    except KeyError:
        raise ValueError(f"unknown init {name!r}; choose from {sorted(INITIALIZERS)}") from None
