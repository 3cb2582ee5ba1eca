"""The data set a config names: generated, uploaded or drawn by hand, split into train and test."""

from __future__ import annotations

import numpy as np

from engine import datasets
from engine.datasets import Dataset
from playground.config import Config
from playground.config.drawn import Drawing

BINARY_NAMES = ("0", "1")


def make_dataset(cfg: Config) -> Dataset:
    """The generated dataset a config names (not for uploads or drawings)."""
    kwargs = {"classes": cfg.classes} if cfg.dataset == "blobs" else {}
    return datasets.make(
        cfg.dataset, n_points=cfg.points, noise=cfg.noise / 100, seed=cfg.seed, **kwargs
    )


def drawn_dataset(drawing: Drawing, rows: list[int] | None = None) -> Dataset:
    """The points of a drawing (or some of them) as a Dataset of its task; it may be empty."""
    points = drawing.points if rows is None else [drawing.points[i] for i in rows]
    X = np.array([(x1, x2) for x1, x2, _, _ in points], dtype=float).reshape(-1, 2)  # (n, 2)
    y = np.array([label for _, _, label, _ in points], dtype=float)  # (n,)
    binary = drawing.task == "binary"
    return Dataset(
        X=X,
        y=y,
        task=drawing.task,
        n_classes=2 if binary else 0,
        class_names=BINARY_NAMES if binary else (),
        name="drawn",
    )


def split(cfg: Config, dataset: Dataset) -> tuple[Dataset, Dataset]:
    """Train and test parts: by the training % (seeded), or as each drawn point was marked."""
    drawing = cfg.drawing if cfg.dataset == "drawn" else None
    if drawing is not None and drawing.split == "marked":
        tests = [test for _, _, _, test in drawing.points]
        train = [i for i, test in enumerate(tests) if not test]
        return drawn_dataset(drawing, train), drawn_dataset(
            drawing, [i for i in range(len(tests)) if tests[i]]
        )
    if len(dataset.y) < 2:  # a drawing of one point: nothing to hold out
        return dataset, dataset.subset(np.arange(0))
    return dataset.split(train_fraction=cfg.train / 100, seed=cfg.seed)
