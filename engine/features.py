"""Input features computed from the two coordinates, as TensorFlow Playground's feature column."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np


class Feature(NamedTuple):
    """A feature: a function of the points X (n, 2) giving (n,), and the label the UI shows."""

    function: Callable[[np.ndarray], np.ndarray]
    label: str


FEATURES: dict[str, Feature] = {
    "x1": Feature(lambda X: X[:, 0], "x₁"),
    "x2": Feature(lambda X: X[:, 1], "x₂"),
    "x1sq": Feature(lambda X: X[:, 0] ** 2, "x₁²"),
    "x2sq": Feature(lambda X: X[:, 1] ** 2, "x₂²"),
    "x1x2": Feature(lambda X: X[:, 0] * X[:, 1], "x₁x₂"),
    "sinx1": Feature(lambda X: np.sin(X[:, 0]), "sin x₁"),
    "sinx2": Feature(lambda X: np.sin(X[:, 1]), "sin x₂"),
}


def transform(X: np.ndarray, names: Sequence[str], dtype: type = np.float64) -> np.ndarray:
    """The chosen features of the points X (n, 2), one column per name, in the given dtype."""
    if isinstance(names, str):
        raise ValueError(f"names must be a list of feature names, not the string {names!r}")
    names = list(names)
    if not names:
        raise ValueError("choose at least one feature")
    unknown = [name for name in names if name not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown}; choose from {', '.join(FEATURES)}")
    # computing in the target dtype keeps the float32 grid pass float32 end to end
    points = np.asarray(X, dtype=dtype)  # (n, 2)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {points.shape}")
    columns = np.empty((points.shape[0], len(names)), dtype=dtype)  # (n, k)
    for j, name in enumerate(names):
        columns[:, j] = FEATURES[name].function(points)
    return columns
