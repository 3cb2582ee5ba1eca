"""The live gradient check: float64 central differences agree with backprop, kinks excepted."""

from __future__ import annotations

import numpy as np
import pytest
from backprop_cases import ARCHITECTURES, PENALTIES, make_case

from engine import Network
from playground.backprop import check as backprop_check
from playground.backprop import core as backprop


@pytest.mark.parametrize("name", ARCHITECTURES)
@pytest.mark.parametrize(("reg", "rate"), PENALTIES)
def test_gradient_check_agrees_to_one_in_a_million(name, reg, rate):
    net, X, y = make_case(name, 1, seed=3)
    refs = [
        ref for layer in range(1, net.n_layers + 1) for ref in backprop_check.layer_refs(net, layer)
    ]
    assert len(refs) == net.n_parameters
    checks = backprop_check.gradient_check(net, X, y, refs, reg, rate)
    worst = max(check.relative_error for check in checks)
    assert worst < 1e-6
    assert all(check.agrees for check in checks)
    walk = backprop.walkthrough(net, X, y, reg, rate)
    first_weight = next(c for c in checks if c.ref.kind == "W")
    assert first_weight.backprop == walk.grad_weights[0][0, 0]


def test_gradient_check_on_a_batch_and_its_numbers_are_not_backprop_copies():
    net, X, y = make_case("softmax4", 6)
    refs = backprop_check.layer_refs(net, 1)
    checks = backprop_check.gradient_check(net, X, y, refs)
    assert max(c.relative_error for c in checks) < 1e-6
    # The estimate is a finite difference: equal to backprop to ~1e-9, never bit for bit everywhere.
    assert any(c.numeric != c.backprop for c in checks)


def test_relative_error_scale_and_floor():
    assert backprop_check.relative_error(1.0, 1.001) == pytest.approx(0.001 / 1.001)
    assert backprop_check.relative_error(-2.0, 2.0) == pytest.approx(2.0)
    assert backprop_check.relative_error(0.0, 0.0) == 0.0
    assert backprop_check.relative_error(1e-12, 2e-12) == pytest.approx(1e-12 / 1e-8)


def test_gradient_check_flags_the_l1_kink_at_zero():
    net, X, y = make_case("binary", 1)
    weights = net.weights[0].copy()
    weights[0, 1] = backprop_check.GRADIENT_CHECK_STEP / 10  # inside the ±h nudge: |w| bends there
    net.weights[0] = weights
    checks = backprop_check.gradient_check(net, X, y, backprop_check.layer_refs(net, 1), "l1", 0.1)
    at_kink = [c for c in checks if c.ref == backprop_check.ParameterRef("W", 1, 0, 1)]
    elsewhere = [c for c in checks if c.ref != backprop_check.ParameterRef("W", 1, 0, 1)]
    # backprop uses the slope sign(w) = 1, the estimate averages the slopes -1 and +1 around 0
    assert at_kink[0].backprop - at_kink[0].numeric == pytest.approx(0.1 * 0.9, rel=1e-4)
    assert at_kink[0].relative_error > 1e-2 and not at_kink[0].agrees
    assert max(c.relative_error for c in elsewhere) < 1e-6
    assert all(c.agrees for c in elsewhere)


def test_tiny_gradients_of_saturated_units_agree_in_absolute_terms():
    net = Network([2, 3, 2], activation="tanh", output="softmax", seed=0)
    net.weights[0] = np.array([[9.0, -8.0, 7.5], [6.0, 8.5, -9.0]])  # |z| > 8: tanh saturates
    net.weights[1] = np.array([[2.0, -2.0], [1.5, -1.0], [-2.5, 3.0]])
    X, y = np.array([[1.3, -0.7]]), np.array([0])
    refs = backprop_check.layer_refs(net, 1) + backprop_check.layer_refs(net, 2)
    checks = backprop_check.gradient_check(net, X, y, refs, "l2", 1.0)
    tiny = [c for c in checks if abs(c.backprop) < 1e-5]
    assert len(tiny) == 3  # the biases of the three saturated units
    # relative to their own size these are off by ~1e-5: rounding in the loss, not a wrong gradient
    assert max(c.relative_error for c in tiny) > 1e-6
    loss = backprop.walkthrough(net, X, y, "l2", 1.0).loss
    assert loss > 200  # the big weights' penalty dominates L
    assert max(abs(c.backprop - c.numeric) for c in tiny) < 1e-11 * loss
    assert all(c.agrees for c in checks)
