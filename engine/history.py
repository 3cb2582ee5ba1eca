"""Training history: one row of losses, accuracies and gradient norms per evaluation point."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class History:
    """One row per evaluation point; losses are mean data losses (no penalty) on whole splits."""

    step: list[int] = field(default_factory=list)
    epoch: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float | None] = field(default_factory=list)
    train_accuracy: list[float | None] = field(default_factory=list)
    test_accuracy: list[float | None] = field(default_factory=list)
    grad_norms: list[np.ndarray] = field(default_factory=list)  # (L,) per row

    def __len__(self) -> int:
        return len(self.step)

    def to_rows(self) -> list[dict[str, Any]]:
        """Rows as dicts with one grad_norm_<layer> column per layer (layers counted from 1)."""
        rows = []
        for i in range(len(self)):
            row: dict[str, Any] = {
                "step": self.step[i],
                "epoch": self.epoch[i],
                "train_loss": self.train_loss[i],
                "test_loss": self.test_loss[i],
                "train_accuracy": self.train_accuracy[i],
                "test_accuracy": self.test_accuracy[i],
            }
            for layer, norm in enumerate(self.grad_norms[i], start=1):
                row[f"grad_norm_{layer}"] = float(norm)
            rows.append(row)
        return rows

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]], n_layers: int) -> History:
        """Rebuild from to_rows() output (a saved run); ValueError names the first bad row."""
        history = cls()
        for index, row in enumerate(rows):
            try:
                norms = np.array(
                    [float(row[f"grad_norm_{layer}"]) for layer in range(1, n_layers + 1)]
                )
                values = (int(row["step"]), float(row["epoch"]), float(row["train_loss"]))
                optional = [
                    None if row.get(key) is None else float(row[key])
                    for key in ("test_loss", "train_accuracy", "test_accuracy")
                ]
            except (KeyError, TypeError, ValueError) as error:
                raise ValueError(f"history row {index + 1} is not a saved history row") from error
            history.step.append(values[0])
            history.epoch.append(values[1])
            history.train_loss.append(values[2])
            history.test_loss.append(optional[0])
            history.train_accuracy.append(optional[1])
            history.test_accuracy.append(optional[2])
            history.grad_norms.append(norms)
        return history
