"""The Dataset container and its error type, shared by the generators and the CSV reader."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

VIEW_RADIUS = 6.0  # points live in [-6, 6]^2, the view and input range of TensorFlow Playground
TASKS = ("binary", "multiclass", "regression")


class DatasetError(ValueError):
    """A dataset that cannot be used, with a message a person can act on."""


@dataclass(frozen=True, eq=False)  # eq=False: comparing numpy arrays field by field is ambiguous
class Dataset:
    """Points X (n, 2) with targets y (n,) for one task; the arrays are read-only."""

    X: np.ndarray  # (n, 2) float64
    y: np.ndarray  # (n,) float64 0/1 (binary), int64 0..k-1 (multiclass), float64 (regression)
    task: str
    n_classes: int  # 2 for binary, k for multiclass, 0 for regression
    class_names: tuple[str, ...]  # one name per class; empty for regression
    name: str
    # A rescaled regression target's original (min, max) and column name: y = -1 is min, 1 is max.
    target_range: tuple[float, float] | None = None
    target_name: str = "y"
    notes: tuple[str, ...] = ()  # what a reader decided that the user should know

    def __post_init__(self) -> None:
        """Check shapes and task, and freeze the arrays so a cached dataset cannot be altered."""
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {self.task!r}")
        X = np.array(self.X, dtype=np.float64)  # (n, 2) private copy
        y_dtype = np.int64 if self.task == "multiclass" else np.float64
        y = np.array(self.y, dtype=y_dtype)  # (n,)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"X must have shape (n, 2), got {X.shape}")
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must have shape ({X.shape[0]},), got {y.shape}")
        if self.task != "regression" and len(self.class_names) != self.n_classes:
            raise ValueError(
                f"{self.n_classes} classes need {self.n_classes} class names, "
                f"got {len(self.class_names)}"
            )
        X.flags.writeable = False
        y.flags.writeable = False
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "class_names", tuple(str(c) for c in self.class_names))

    def subset(self, indices: np.ndarray) -> Dataset:
        """The dataset restricted to the given row indices, in that order."""
        return Dataset(
            X=self.X[indices],
            y=self.y[indices],
            task=self.task,
            n_classes=self.n_classes,
            class_names=self.class_names,
            name=self.name,
            target_range=self.target_range,
            target_name=self.target_name,
            notes=self.notes,
        )

    def split(self, train_fraction: float = 0.5, seed: int = 0) -> tuple[Dataset, Dataset]:
        """Shuffle with a seeded generator and cut into (train, test), neither of them empty."""
        if not 0.0 < train_fraction < 1.0:
            raise ValueError(f"train_fraction must be between 0 and 1, got {train_fraction}")
        n = self.X.shape[0]
        if n < 2:
            raise ValueError(f"cannot split {n} point(s) into a train and a test part")
        order = np.random.default_rng(seed).permutation(n)  # (n,)
        # floor as TensorFlow Playground does, but never leave a part empty on tiny uploads
        n_train = min(max(int(n * train_fraction), 1), n - 1)
        return self.subset(order[:n_train]), self.subset(order[n_train:])
