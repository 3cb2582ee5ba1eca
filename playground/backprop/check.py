"""A live gradient check: backprop's dL/dw next to a central-difference estimate, in float64."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from engine import Network
from playground.backprop.core import stacked_losses, walkthrough

GRADIENT_CHECK_STEP = 3e-5  # central differences: truncation ~ step^2, rounding ~ 1e-16 / step
RELATIVE_ERROR_FLOOR = 1e-8  # below this size a gradient counts as zero when comparing
# Agreement: |backprop - estimate| <= RTOL * size + ATOL * max(1, |L|). Two float64 losses differ
# by rounding ~1e-16 |L|, so after dividing by 2h no estimate resolves much below ~1e-11 |L|: a
# saturated unit's 1e-10 gradient can only be checked in absolute terms.
AGREEMENT_RTOL = 1e-5
AGREEMENT_ATOL = 1e-9


class ParameterRef(NamedTuple):
    """One weight w^l_ij (kind 'W') or bias b^l_j (kind 'b', i unused); layer counts from 1."""

    kind: str
    layer: int
    i: int
    j: int


@dataclass(frozen=True)
class CheckedEntry:
    """One gradient entry from backprop next to its central-difference estimate."""

    ref: ParameterRef
    backprop: float
    numeric: float
    relative_error: float
    agrees: bool


def layer_refs(net: Network, layer: int) -> list[ParameterRef]:
    """Every weight and bias of weight layer `layer` (counted from 1), weights row by row."""
    fan_in, fan_out = net.sizes[layer - 1], net.sizes[layer]
    refs = [ParameterRef("W", layer, i, j) for i in range(fan_in) for j in range(fan_out)]
    return refs + [ParameterRef("b", layer, 0, j) for j in range(fan_out)]


def relative_error(backprop: float, numeric: float) -> float:
    """|backprop - numeric| / max(|backprop|, |numeric|, floor): 0 when both are ~0."""
    scale = max(abs(backprop), abs(numeric), RELATIVE_ERROR_FLOOR)
    return abs(backprop - numeric) / scale


def gradient_check(
    net: Network,
    X: np.ndarray,
    y: np.ndarray,
    refs: list[ParameterRef],
    regularization: str | None = None,
    rate: float = 0.0,
    step: float = GRADIENT_CHECK_STEP,
) -> list[CheckedEntry]:
    """Compare backprop's dL/dw with (L(w + h) - L(w - h)) / 2h for each entry, in float64.

    Every nudged network is its own copy of the parameters; all 2 * len(refs) copies run through
    one stacked forward pass, so checking every entry of a network costs a few milliseconds.
    """
    walk = walkthrough(net, X, y, regularization, rate)
    weights, biases = _nudged_copies(net, refs, step)
    losses = stacked_losses(net, X, y, weights, biases, regularization, rate)  # (2R,)
    numeric = (losses[0::2] - losses[1::2]) / (2 * step)  # (R,)
    tolerance = AGREEMENT_ATOL * max(1.0, abs(walk.loss))
    checked = []
    for ref, estimate in zip(refs, numeric.tolist(), strict=True):
        grads = walk.grad_weights if ref.kind == "W" else walk.grad_biases
        analytic = float(grads[ref.layer - 1][_index(ref)])
        size = max(abs(analytic), abs(estimate))
        agrees = abs(analytic - estimate) <= AGREEMENT_RTOL * size + tolerance
        error = relative_error(analytic, estimate)
        checked.append(CheckedEntry(ref, analytic, estimate, error, bool(agrees)))
    return checked


def _index(ref: ParameterRef) -> tuple[int, ...]:
    return (ref.i, ref.j) if ref.kind == "W" else (ref.j,)


def _nudged_copies(
    net: Network, refs: list[ParameterRef], step: float
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """2R stacked parameter sets: copy 2r has entry r raised by step, copy 2r + 1 lowered."""
    count = 2 * len(refs)
    weights = [np.repeat(np.asarray(w, np.float64)[None], count, axis=0) for w in net.weights]
    biases = [np.repeat(np.asarray(b, np.float64)[None], count, axis=0) for b in net.biases]
    for r, ref in enumerate(refs):
        stack = (weights if ref.kind == "W" else biases)[ref.layer - 1]  # (2R, ...)
        stack[(2 * r, *_index(ref))] += step
        stack[(2 * r + 1, *_index(ref))] -= step
    return weights, biases
