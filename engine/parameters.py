"""All weights and biases of a network in one flat array, with per-layer views into it.

Layer l owns an augmented block of shape (fan_in + 1, fan_out): rows 0..fan_in-1 are W^l and the
last row is b^l. With a column of ones appended to the layer's input, z = [a, 1] [W; b] is a single
matrix product, and optimisers can update every parameter with one vectorised call.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np


class ParameterBuffer:
    """A flat float64 vector plus block, weight and bias views for a layer-size list."""

    def __init__(self, sizes: Sequence[int]) -> None:
        shapes = [
            (fan_in + 1, fan_out) for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True)
        ]
        self.flat = np.zeros(sum(rows * cols for rows, cols in shapes))  # (P,)
        self.weight_mask = np.ones_like(self.flat)  # (P,) 1 on weights, 0 on biases
        self.blocks: list[np.ndarray] = []
        offset = 0
        for rows, cols in shapes:
            block = self.flat[offset : offset + rows * cols].reshape(rows, cols)
            self.weight_mask[offset + (rows - 1) * cols : offset + rows * cols] = 0.0
            self.blocks.append(block)
            offset += rows * cols
        self.weights = [block[:-1] for block in self.blocks]  # (fan_in, fan_out) views
        self.biases = [block[-1] for block in self.blocks]  # (fan_out,) views
        self._weight_vectors = [w.reshape(-1) for w in self.weights]  # (fan_in * fan_out,) views

    def weight_norms(self) -> np.ndarray:
        """Per-layer Frobenius norm of the weight part (biases excluded), shape (L,)."""
        return np.array([math.sqrt(np.vdot(v, v)) for v in self._weight_vectors])


class ParameterList(Sequence[np.ndarray]):
    """List-like access to one kind of parameter; assignment copies into the network's buffer."""

    def __init__(self, views: Sequence[np.ndarray], kind: str) -> None:
        self._views = list(views)
        self._kind = kind

    def __len__(self) -> int:
        return len(self._views)

    def __getitem__(self, layer: int) -> np.ndarray:  # type: ignore[override]
        return self._views[layer]

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter(self._views)

    def __setitem__(self, layer: int, value: object) -> None:
        target = self._views[layer]
        array = np.asarray(value, dtype=np.float64)
        if array.shape != target.shape:
            raise ValueError(
                f"{self._kind}[{layer}] must have shape {target.shape}, got {array.shape}"
            )
        np.copyto(target, array)

    def __repr__(self) -> str:
        return f"ParameterList({self._kind}, shapes={[v.shape for v in self._views]})"
