"""Losses, computed from the logits where that keeps them finite, and target encoding.

A loss reports the *sum* over the batch; the caller divides by n to get the mean. Arrays are the
kernel's feature-major ``(k, n)`` (one column per example).

Why the output error is simply yhat - y for the paired losses (per example, before dividing by n):
- sigmoid + BCE: L = -y log s - (1 - y) log(1 - s) with s = sigmoid(z) and ds/dz = s (1 - s), so
  dL/dz = (-y/s + (1 - y)/(1 - s)) s (1 - s) = -y (1 - s) + (1 - y) s = s - y.
- softmax + cross-entropy: L = -sum_k y_k log s_k with log s_k = z_k - logsumexp(z), so
  dL/dz_j = -y_j + s_j sum_k y_k = s_j - y_j because the one-hot y sums to 1.
- linear + MSE: L = 1/2 ||z - y||^2, so dL/dz = z - y.
For MSE after sigmoid or softmax, yhat - y is dL/dyhat and still has to pass through the output's
Jacobian.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

_ZERO = np.array(0.0)
_ONES: dict[int, np.ndarray] = {}
_logaddexp, _vdot = np.logaddexp, np.vdot  # module names: bce runs at every training step
TARGET_BOUND = 1e100  # see Loss.finite_with_logits


def _sum(x: np.ndarray) -> float:
    """Sum of a contiguous array as a dot product with cached ones (half the cost of .sum())."""
    ones = _ONES.get(x.size)
    if ones is None:
        ones = _ONES[x.size] = np.ones(x.size)
    return float(x.reshape(-1).dot(ones))  # ndarray.dot: the same BLAS call as np.dot, cheaper


def bce_total(
    logits: np.ndarray, outputs: np.ndarray, targets: np.ndarray, scratch: np.ndarray
) -> float:
    """Summed binary cross-entropy from logits: softplus(z) - y z, never log(0)."""
    # -y log s - (1 - y) log(1 - s) = log(1 + e^z) - y z exactly; logaddexp(0, z) cannot overflow.
    _logaddexp(_ZERO, logits, scratch)
    return _sum(scratch) - float(_vdot(targets, logits))


def cross_entropy_total(
    logits: np.ndarray, outputs: np.ndarray, targets: np.ndarray, scratch: np.ndarray
) -> float:
    """Summed softmax cross-entropy from logits: logsumexp(z) - sum_k y_k z_k per column."""
    column_max = logits.max(axis=0)  # (n,)
    np.subtract(logits, column_max, scratch)  # every exponent <= 0, so exp cannot overflow
    np.exp(scratch, scratch)
    log_sum_exp = np.log(scratch.sum(axis=0)) + column_max  # (n,)
    return float(log_sum_exp.sum()) - float(np.vdot(targets, logits))


def mse_total(
    logits: np.ndarray, outputs: np.ndarray, targets: np.ndarray, scratch: np.ndarray
) -> float:
    """Summed 1/2 ||yhat - y||^2 over the batch."""
    np.subtract(outputs, targets, scratch)
    return 0.5 * float(np.vdot(scratch, scratch))


@dataclass(frozen=True)
class Loss:
    """A loss: its summed value and the output it pairs with (where dL/dz = yhat - y)."""

    name: str
    label: str
    paired_output: str
    allowed_outputs: tuple[str, ...]
    total: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], float]
    # True when total() is finite whenever the logits' sum of squares is (so every |z| < 1.4e154)
    # and every |target| <= TARGET_BOUND: BCE and cross-entropy grow at most linearly in z, while
    # MSE squares the outputs. The trainer then computes a mini-batch loss only when it is read.
    finite_with_logits: bool


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("bce", "Binary cross-entropy", "sigmoid", ("sigmoid",), bce_total, True),
        Loss("cross_entropy", "Cross-entropy", "softmax", ("softmax",), cross_entropy_total, True),
        Loss(
            "mse",
            "Mean squared error",
            "linear",
            ("linear", "sigmoid", "softmax"),
            mse_total,
            False,
        ),
    )
}

DEFAULT_LOSS = {"sigmoid": "bce", "softmax": "cross_entropy", "linear": "mse"}


def resolve_loss(name: str | None, output: str) -> Loss:
    """The named loss (or the output's default), checked to make sense for that output."""
    name = DEFAULT_LOSS[output] if name is None else name
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose from {sorted(LOSSES)}")
    loss = LOSSES[name]
    if output not in loss.allowed_outputs:
        raise ValueError(f"loss {name!r} needs output in {loss.allowed_outputs}, not {output!r}")
    return loss


def encode_targets(y: np.ndarray, output: str, n_outputs: int) -> np.ndarray:
    """Targets as a float (n, k) matrix: one-hot for softmax labels, a column for 1-d y."""
    y = np.asarray(y)
    if output == "softmax" and y.ndim == 1:
        labels = y.astype(np.int64)
        if (
            not np.array_equal(labels, y)
            or labels.min(initial=0) < 0
            or labels.max(initial=0) >= n_outputs
        ):
            raise ValueError(f"softmax targets must be integer labels in 0..{n_outputs - 1}")
        return np.eye(n_outputs)[labels]
    targets = np.asarray(y, dtype=np.float64)
    if targets.ndim == 1:
        targets = targets[:, None]
    if targets.ndim != 2 or targets.shape[1] != n_outputs:
        raise ValueError(f"targets of shape {y.shape} do not fit {n_outputs} output(s)")
    return np.ascontiguousarray(targets)
