"""The playground's datasets: TensorFlow Playground's six plus moons, blobs and a 3-arm spiral.

Every generator draws from `np.random.default_rng(seed)` only, so the same arguments give the
same arrays. `noise` is a fraction in [0, 0.5] (TensorFlow Playground's noise slider / 100) and
keeps that tool's meaning per dataset: for circle, xor, plane and bumps it shifts the position at
which the label is decided (points stay put, labels near the boundary flip); for gauss and blobs it
widens the clouds; for the spirals it jitters the points; for moons it adds Gaussian jitter.
Points lie in [-6, 6]^2. Binary labels are 0/1 (TensorFlow Playground's -1 is 0, +1 is 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.csv_io import from_csv
from engine.dataset_base import VIEW_RADIUS, Dataset, DatasetError

__all__ = ["DATASETS", "Dataset", "DatasetError", "DatasetKind", "from_csv", "make"]

MAX_NOISE = 0.5
MAX_POINTS = 100_000  # far above the UI's 2,000; stops a stray argument from exhausting memory
BLOB_CLASSES = (3, 4, 5)

Points = tuple[np.ndarray, np.ndarray]  # X (n, 2), y (n,)


def _class_sizes(n_points: int, n_classes: int) -> list[int]:
    """Split n_points into n_classes nearly equal counts (the first classes get the remainder)."""
    base, remainder = divmod(n_points, n_classes)
    return [base + (1 if k < remainder else 0) for k in range(n_classes)]


def _gauss_variance(noise: float) -> float:
    """TensorFlow Playground's variance for gauss: linear from 0.5 at noise 0 to 4 at noise 0.5."""
    return 0.5 + noise / MAX_NOISE * 3.5


def _jitter_in_view(rng: np.random.Generator, base: np.ndarray, sd: float) -> np.ndarray:
    """Jitter base (n, 2) with Gaussian noise, redrawn for points that would leave the view."""
    points = base + rng.normal(0.0, sd, base.shape)  # (n, 2)
    outside = np.any(np.abs(points) > VIEW_RADIUS, axis=1)  # (n,)
    # redraw rather than clip: clipping would pile points up on the border of the plot
    while outside.any():
        points[outside] = base[outside] + rng.normal(0.0, sd, (int(outside.sum()), 2))
        outside = np.any(np.abs(points) > VIEW_RADIUS, axis=1)
    return points


def _circle(rng: np.random.Generator, n_points: int, noise: float, classes: int) -> Points:
    """Class 1 inside radius 2.5, class 0 in the ring 3.5..5; labels are read at shifted points."""
    radius = 5.0
    n_inside, n_ring = _class_sizes(n_points, 2)
    r = np.concatenate(
        [rng.uniform(0.0, radius * 0.5, n_inside), rng.uniform(radius * 0.7, radius, n_ring)]
    )  # (n,)
    angle = rng.uniform(0.0, 2 * np.pi, n_points)  # (n,)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])  # (n, 2)
    shift = rng.uniform(-radius, radius, (n_points, 2)) * noise  # (n, 2)
    y = (np.linalg.norm(X + shift, axis=1) < radius * 0.5).astype(np.float64)  # (n,)
    return X, y


def _xor(rng: np.random.Generator, n_points: int, noise: float, classes: int) -> Points:
    """Uniform points kept 0.3 away from the axes; class 1 where x1 * x2 >= 0 at a shifted point."""
    X = rng.uniform(-5.0, 5.0, (n_points, 2))  # (n, 2)
    X += np.where(X > 0, 0.3, -0.3)  # a gap along the axes, as the original's padding
    shift = rng.uniform(-5.0, 5.0, (n_points, 2)) * noise  # (n, 2)
    moved = X + shift  # (n, 2)
    y = (moved[:, 0] * moved[:, 1] >= 0).astype(np.float64)  # (n,)
    return X, y


def _gauss(rng: np.random.Generator, n_points: int, noise: float, classes: int) -> Points:
    """Two Gaussian clouds: class 1 around (2, 2), class 0 around (-2, -2); noise widens them."""
    sd = np.sqrt(_gauss_variance(noise))
    n_pos, n_neg = _class_sizes(n_points, 2)
    centers = np.repeat([[2.0, 2.0], [-2.0, -2.0]], [n_pos, n_neg], axis=0)  # (n, 2)
    y = np.repeat([1.0, 0.0], [n_pos, n_neg])  # (n,)
    return _jitter_in_view(rng, centers, sd), y


def _spiral_arms(rng: np.random.Generator, sizes: list[int], noise: float) -> Points:
    """Arm k: radius growing to 5 over 1.75 turns, rotated by k / len(sizes) of a turn."""
    xs, ys = [], []
    for k, size in enumerate(sizes):
        step = np.arange(size) / size  # (m,) in [0, 1)
        r = step * 5.0
        t = 1.75 * step * 2 * np.pi + 2 * np.pi * k / len(sizes)
        arm = np.column_stack([r * np.sin(t), r * np.cos(t)])  # (m, 2)
        xs.append(arm + rng.uniform(-1.0, 1.0, (size, 2)) * noise)
        ys.append(np.full(size, k))
    return np.concatenate(xs), np.concatenate(ys)


def _spiral(rng: np.random.Generator, n_points: int, noise: float, classes: int) -> Points:
    """Two interleaved spirals; class 1 starts at angle 0, class 0 half a turn later."""
    X, arm = _spiral_arms(rng, _class_sizes(n_points, 2), noise)
    return X, (arm == 0).astype(np.float64)


def _spiral3(rng: np.random.Generator, n_points: int, noise: float, classes: int) -> Points:
    """Three interleaved spiral arms, one class each, a third of a turn apart."""
    return _spiral_arms(rng, _class_sizes(n_points, 3), noise)


def _moons(rng: np.random.Generator, n_points: int, noise: float, classes: int) -> Points:
    """Two interleaving half circles (class 0 upper, class 1 lower) stretched to x in [-6, 6]."""
    n_upper, n_lower = _class_sizes(n_points, 2)
    t = rng.uniform(0.0, np.pi, n_points)  # (n,)
    upper = np.column_stack([np.cos(t[:n_upper]), np.sin(t[:n_upper])])  # (n_upper, 2)
    lower = np.column_stack([1 - np.cos(t[n_upper:]), 0.5 - np.sin(t[n_upper:])])  # (n_lower, 2)
    # unit moons span x in [-1, 2], y in [-0.5, 1]: centre them and scale by 4 to x in [-6, 6]
    base = (np.concatenate([upper, lower]) - [0.5, 0.25]) * 4.0  # (n, 2)
    y = np.repeat([0.0, 1.0], [n_upper, n_lower])  # (n,)
    # noise 0.5 gives a jitter of 1.2, as heavy as scikit-learn's make_moons(noise=0.3)
    return _jitter_in_view(rng, base, noise * 2.4), y


def _blobs(rng: np.random.Generator, n_points: int, noise: float, classes: int) -> Points:
    """`classes` Gaussian clouds on a circle of radius 3.5; noise widens them as for gauss."""
    angles = np.pi / 2 + 2 * np.pi * np.arange(classes) / classes  # (k,) first cloud at the top
    centers = 3.5 * np.column_stack([np.cos(angles), np.sin(angles)])  # (k, 2)
    sizes = _class_sizes(n_points, classes)
    y = np.repeat(np.arange(classes), sizes)  # (n,)
    return _jitter_in_view(rng, centers[y], np.sqrt(_gauss_variance(noise))), y


def _plane(rng: np.random.Generator, n_points: int, noise: float, classes: int) -> Points:
    """Target (x1 + x2) / 10 read at a shifted point: [-1.2, 1.2] at noise 0, up to +-1.8 at 0.5."""
    X = rng.uniform(-VIEW_RADIUS, VIEW_RADIUS, (n_points, 2))  # (n, 2)
    shift = rng.uniform(-VIEW_RADIUS, VIEW_RADIUS, (n_points, 2)) * noise  # (n, 2)
    return X, (X + shift).sum(axis=1) / 10.0


# (x, y, sign) of the six bumps of TensorFlow Playground's "multi-Gaussian" regression
_BUMPS = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]]
)  # (6, 3)


def _bumps(rng: np.random.Generator, n_points: int, noise: float, classes: int) -> Points:
    """Six signed cones of radius 2; the target in [-1, 1] is the strongest at a shifted point."""
    X = rng.uniform(-VIEW_RADIUS, VIEW_RADIUS, (n_points, 2))  # (n, 2)
    shift = rng.uniform(-VIEW_RADIUS, VIEW_RADIUS, (n_points, 2)) * noise  # (n, 2)
    moved = X + shift  # (n, 2)
    distance = np.linalg.norm(moved[:, None, :] - _BUMPS[None, :, :2], axis=2)  # (n, 6)
    values = _BUMPS[:, 2] * np.clip(1.0 - distance / 2.0, 0.0, 1.0)  # (n, 6)
    strongest = np.argmax(np.abs(values), axis=1)  # (n,)
    return X, values[np.arange(n_points), strongest]


@dataclass(frozen=True)
class DatasetKind:
    """One registry entry: the name and line the UI shows, and how to draw the points."""

    name: str
    description: str
    task: str
    n_classes: int | None  # None: chosen by the `classes` argument (blobs)
    sample: Callable[[np.random.Generator, int, float, int], Points]

    def __call__(
        self, n_points: int = 500, noise: float = 0.0, seed: int = 0, classes: int = 3
    ) -> Dataset:
        """Draw the dataset, shuffled so that the order of the points says nothing about classes."""
        if not 2 <= n_points <= MAX_POINTS:
            raise ValueError(f"n_points must be between 2 and {MAX_POINTS}, got {n_points}")
        if not 0.0 <= noise <= MAX_NOISE:
            raise ValueError(f"noise must be a fraction between 0 and {MAX_NOISE}, got {noise}")
        if self.n_classes is None and classes not in BLOB_CLASSES:
            raise ValueError(f"{self.name} needs classes in {BLOB_CLASSES}, got {classes}")
        rng = np.random.default_rng(seed)
        X, y = self.sample(rng, n_points, noise, classes)
        order = rng.permutation(n_points)  # (n,)
        n_classes = classes if self.n_classes is None else self.n_classes
        return Dataset(
            X=X[order],
            y=y[order],
            task=self.task,
            n_classes=n_classes,
            class_names=tuple(str(k) for k in range(n_classes)),
            name=self.name,
        )


_KINDS = (
    DatasetKind("circle", "A disc of one class inside a ring of the other.", "binary", 2, _circle),
    DatasetKind("xor", "Four quadrants; opposite quadrants share a class.", "binary", 2, _xor),
    DatasetKind("gauss", "Two Gaussian clouds, one per class.", "binary", 2, _gauss),
    DatasetKind("spiral", "Two interleaved spirals: the hardest binary set.", "binary", 2, _spiral),
    DatasetKind("moons", "Two interleaving half circles.", "binary", 2, _moons),
    DatasetKind("blobs", "3 to 5 Gaussian clouds, one class each.", "multiclass", None, _blobs),
    DatasetKind("spiral3", "Three interleaved spiral arms.", "multiclass", 3, _spiral3),
    DatasetKind(
        "plane", "Regression: a tilted plane rising along x1 + x2.", "regression", 0, _plane
    ),
    DatasetKind("bumps", "Regression: three bumps and three dips.", "regression", 0, _bumps),
)
DATASETS: dict[str, DatasetKind] = {kind.name: kind for kind in _KINDS}


def make(
    name: str, n_points: int = 500, noise: float = 0.0, seed: int = 0, classes: int = 3
) -> Dataset:
    """Generate the named dataset; `classes` (3..5) is used by blobs only."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    return DATASETS[name](n_points=n_points, noise=noise, seed=seed, classes=classes)
