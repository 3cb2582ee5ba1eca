"""Backpropagation against central differences for every activation, head and penalty."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from engine import Network
from engine.activations import ACTIVATIONS

EPS = 1e-6
TOLERANCE = 1e-6
KINKED = {"relu", "leaky_relu"}  # derivative jumps at z = 0
HEADS = {  # output -> (loss, number of outputs)
    "sigmoid": ("bce", 1),
    "softmax": ("cross_entropy", 3),
    "linear": ("mse", 2),
}
REGULARIZATIONS = [(None, 0.0), ("l1", 0.03), ("l2", 0.05)]


def make_problem(
    sizes: list[int], activation: str | list[str], output: str, seed: int
) -> tuple[Network, np.ndarray, np.ndarray]:
    """A small network and batch; weights kept away from 0 so |w| is differentiable for L1."""
    rng = np.random.default_rng(seed)
    net = Network(sizes, activation=activation, output=output, init="xavier", seed=seed)
    for layer in range(net.n_layers):
        w = net.weights[layer]
        net.weights[layer] = np.sign(w) * np.maximum(np.abs(w), 0.05) + 0.1 * (w == 0)
        net.biases[layer] = rng.normal(0.0, 0.3, size=net.biases[layer].shape)
    X = rng.normal(0.0, 1.0, size=(12, sizes[0]))
    k = sizes[-1]
    if output == "sigmoid":
        y = rng.integers(0, 2, size=(12, k)).astype(float)
    elif output == "softmax":
        y = rng.integers(0, k, size=12)
    else:
        y = rng.normal(size=(12, k))
    return net, X, y


def away_from_kinks(net: Network, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop examples whose ReLU-like pre-activations sit within reach of the kink at 0."""
    trace = net.forward(X)
    keep = np.ones(X.shape[0], dtype=bool)
    for name, z in zip(net.activations, trace.z, strict=False):
        if name in KINKED:
            keep &= np.all(np.abs(z) > 1e-3, axis=1)
    assert keep.sum() >= 3, "too few examples left to test"
    return X[keep], y[keep]


def numeric_parameter_gradient(net: Network, X, y, loss, regularization, rate) -> np.ndarray:
    """Central differences of the mean loss over every weight and bias, in get_state order."""
    grads = []
    for params in itertools.chain(net.weights, net.biases):
        flat = params.reshape(-1)  # a view: writing it changes the network
        numeric = np.empty_like(flat)
        for i in range(flat.size):
            original = flat[i]
            flat[i] = original + EPS
            up = net.loss_and_gradients(X, y, loss, regularization, rate)[0]
            flat[i] = original - EPS
            down = net.loss_and_gradients(X, y, loss, regularization, rate)[0]
            flat[i] = original
            numeric[i] = (up - down) / (2 * EPS)
        grads.append(numeric)
    return np.concatenate(grads)


def relative_error(numeric: np.ndarray, analytic: np.ndarray) -> float:
    return float(
        np.linalg.norm(numeric - analytic)
        / max(np.linalg.norm(numeric) + np.linalg.norm(analytic), 1e-12)
    )


def check_parameter_gradients(net, X, y, loss, regularization, rate) -> None:
    _, grads = net.loss_and_gradients(X, y, loss, regularization, rate)
    analytic = np.concatenate([g.reshape(-1) for g in (*grads.weights, *grads.biases)])
    numeric = numeric_parameter_gradient(net, X, y, loss, regularization, rate)
    assert relative_error(numeric, analytic) < TOLERANCE
    np.testing.assert_allclose(analytic, numeric, rtol=1e-4, atol=1e-8)


def loss_from_layer(net: Network, layer: int, z: np.ndarray, y: np.ndarray, loss: str) -> float:
    """Mean data loss continued from a given z^layer, written out plainly in numpy."""
    names = [*net.activations, net.output]
    a = z
    for current in range(layer, net.n_layers):
        if current > layer:
            a = a @ net.weights[current] + net.biases[current]
        name = names[current]
        if name == "softmax":
            shifted = np.exp(a - a.max(axis=1, keepdims=True))
            a = shifted / shifted.sum(axis=1, keepdims=True)
        elif name == "sigmoid" and current == net.n_layers - 1:
            a = 1.0 / (1.0 + np.exp(-a))
        else:
            a = ACTIVATIONS[name].function(a)
    if loss == "bce":
        return float(np.mean(np.sum(-y * np.log(a) - (1 - y) * np.log(1 - a), axis=1)))
    if loss == "cross_entropy":
        return float(np.mean(-np.log(a[np.arange(len(y)), y])))
    targets = y if y.ndim == 2 else y[:, None]
    return float(np.mean(0.5 * np.sum((a - targets) ** 2, axis=1)))


def check_deltas(net: Network, X: np.ndarray, y: np.ndarray, loss: str) -> None:
    bp = net.backprop(X, y, loss=loss)
    for layer in range(net.n_layers):
        z = bp.trace.z[layer].copy()
        numeric = np.empty_like(z)
        for index in np.ndindex(z.shape):
            original = z[index]
            z[index] = original + EPS
            up = loss_from_layer(net, layer, z, y, loss)
            z[index] = original - EPS
            down = loss_from_layer(net, layer, z, y, loss)
            z[index] = original
            numeric[index] = (up - down) / (2 * EPS)
        assert relative_error(numeric, bp.delta[layer]) < TOLERANCE, f"layer {layer}"


@pytest.mark.parametrize("regularization,rate", REGULARIZATIONS)
@pytest.mark.parametrize("output", sorted(HEADS))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("hidden", [[4], [5, 3]])
def test_parameter_gradients(hidden, activation, output, regularization, rate) -> None:
    loss, k = HEADS[output]
    net, X, y = make_problem([3, *hidden, k], activation, output, seed=len(hidden))
    X, y = away_from_kinks(net, X, y)
    check_parameter_gradients(net, X, y, loss, regularization, rate)


@pytest.mark.parametrize("output", sorted(HEADS))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_deltas_are_dl_dz(activation: str, output: str) -> None:
    loss, k = HEADS[output]
    net, X, y = make_problem([3, 5, 4, k], activation, output, seed=7)
    X, y = away_from_kinks(net, X, y)
    check_deltas(net, X, y, loss)


@pytest.mark.parametrize("regularization,rate", REGULARIZATIONS)
@pytest.mark.parametrize("output", sorted(HEADS))
def test_network_without_hidden_layers(output: str, regularization, rate) -> None:
    loss, k = HEADS[output]
    net, X, y = make_problem([4, k], [], output, seed=11)
    check_parameter_gradients(net, X, y, loss, regularization, rate)
    check_deltas(net, X, y, loss)


@pytest.mark.parametrize("output", sorted(HEADS))
def test_mixed_activations_per_layer(output: str) -> None:
    loss, k = HEADS[output]
    activations = ["tanh", "elu", "sine", "softplus", "sigmoid"]
    net, X, y = make_problem([2, 4, 3, 5, 3, 4, k], activations, output, seed=13)
    check_parameter_gradients(net, X, y, loss, "l2", 0.02)
    check_deltas(net, X, y, loss)


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_mse_through_a_squashing_output(output: str) -> None:
    k = HEADS[output][1]
    net, X, _ = make_problem([3, 4, k], "tanh", output, seed=17)
    y = np.random.default_rng(0).uniform(size=(X.shape[0], k))  # mse accepts any real targets
    check_parameter_gradients(net, X, y, "mse", "l1", 0.01)


def test_loss_stays_finite_for_saturated_outputs() -> None:
    net = Network([1, 2], activation=[], output="softmax")
    net.weights[0] = [[1000.0, -1000.0]]
    loss, grads = net.loss_and_gradients(np.array([[1.0], [-1.0]]), np.array([1, 0]))
    assert loss == pytest.approx(2000.0)  # each example: logsumexp 1000 minus its logit -1000
    assert all(np.isfinite(g).all() for g in grads.weights)
    binary = Network([1, 1], activation=[], output="sigmoid")
    binary.weights[0] = [[800.0]]
    loss, _ = binary.loss_and_gradients(np.array([[1.0]]), np.array([0.0]))
    assert loss == pytest.approx(800.0)  # log(1 + e^800) = 800 to double precision
