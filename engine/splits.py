"""A data split prepared once for training and for its whole-split metrics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .losses import encode_targets

if TYPE_CHECKING:
    from .network import Network


@dataclass(frozen=True)
class Split:
    """A data split prepared once: augmented inputs, feature-major targets, labels for accuracy."""

    inputs: np.ndarray  # (n, d + 1), last column ones
    inputs_t: np.ndarray  # (d + 1, n) transposed view of inputs, as the kernels read them
    targets: np.ndarray  # (k, n)
    labels: np.ndarray | None  # (n,) class ids, (k, n) bools for sigmoid, None for regression

    @classmethod
    def build(cls, net: Network, X: np.ndarray, y: np.ndarray) -> Split:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != net.sizes[0]:
            raise ValueError(f"X must have shape (n, {net.sizes[0]}), got {X.shape}")
        targets = np.ascontiguousarray(encode_targets(y, net.output, net.sizes[-1]).T)
        if targets.shape[1] != X.shape[0]:
            raise ValueError(f"X has {X.shape[0]} rows but y has {targets.shape[1]}")
        inputs = np.ones((X.shape[0], X.shape[1] + 1))
        inputs[:, :-1] = X
        labels = None
        if net.output == "softmax":
            labels = targets.argmax(axis=0)
        elif net.output == "sigmoid":
            labels = targets >= 0.5
        return cls(inputs, inputs.T, targets, labels)
