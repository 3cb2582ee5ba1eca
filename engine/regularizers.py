"""Weight penalties: rate * sum |w| (L1) or rate * sum w^2 / 2 (L2); biases are never penalised.

They act on the network's flat parameter vector with a 0/1 mask that is 1 on weights only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

PenaltyFunction = Callable[[np.ndarray, np.ndarray, float, np.ndarray, np.ndarray], float]


def no_penalty(
    params: np.ndarray, weight_mask: np.ndarray, rate: float, grad: np.ndarray, scratch: np.ndarray
) -> float:
    """No regularisation: zero penalty, gradient untouched."""
    return 0.0


def l1_penalty(
    params: np.ndarray, weight_mask: np.ndarray, rate: float, grad: np.ndarray, scratch: np.ndarray
) -> float:
    """Return rate * sum |w| and add rate * sign(w) to grad (subgradient 0 at w = 0)."""
    if rate == 0.0:
        return 0.0
    np.sign(params, scratch)
    np.multiply(scratch, weight_mask, scratch)  # (P,) sign on weights, 0 on biases
    penalty = rate * float(np.dot(scratch, params))  # sign(w) w = |w|
    np.multiply(scratch, rate, scratch)
    np.add(grad, scratch, grad)
    return penalty


def l2_penalty(
    params: np.ndarray, weight_mask: np.ndarray, rate: float, grad: np.ndarray, scratch: np.ndarray
) -> float:
    """Return rate * sum w^2 / 2 and add rate * w to grad."""
    if rate == 0.0:
        return 0.0
    np.multiply(params, weight_mask, scratch)  # (P,) weights, 0 on biases
    penalty = 0.5 * rate * float(np.dot(scratch, scratch))
    np.multiply(scratch, rate, scratch)
    np.add(grad, scratch, grad)
    return penalty


@dataclass(frozen=True)
class Regularizer:
    """A named penalty that returns its value and adds its gradient in place."""

    name: str
    label: str
    apply: PenaltyFunction


REGULARIZERS: dict[str, Regularizer] = {
    r.name: r
    for r in (
        Regularizer("none", "None", no_penalty),
        Regularizer("l1", "L1", l1_penalty),
        Regularizer("l2", "L2", l2_penalty),
    )
}


def get_regularizer(name: str | None) -> Regularizer:
    """Look up a regulariser; None means "none"."""
    key = "none" if name is None else name
    if key not in REGULARIZERS:
        raise ValueError(f"unknown regularization {name!r}; choose from {sorted(REGULARIZERS)}")
    return REGULARIZERS[key]
