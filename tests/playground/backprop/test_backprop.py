"""The step-by-step backprop numbers agree with the engine, with path sums and with SGD."""

from __future__ import annotations

import numpy as np
import pytest
from backprop_cases import ARCHITECTURES, PENALTIES, make_case

from engine import Network, Trainer
from playground.backprop import core as backprop


def assert_same_arrays(mine, engine, rtol=1e-12, atol=1e-14):
    assert len(mine) == len(engine)
    for ours, theirs in zip(mine, engine, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", ARCHITECTURES)
@pytest.mark.parametrize(("reg", "rate"), PENALTIES)
@pytest.mark.parametrize("n", [1, 7])
def test_walkthrough_matches_engine_backprop(name, reg, rate, n):
    net, X, y = make_case(name, n)
    walk = backprop.walkthrough(net, X, y, reg, rate)
    engine = net.backprop(X, y, regularization=reg, rate=rate)
    assert walk.loss == pytest.approx(engine.loss, rel=1e-12)
    assert walk.data_loss == pytest.approx(engine.data_loss, rel=1e-12)
    assert walk.penalty == pytest.approx(engine.penalty, rel=1e-12, abs=1e-15)
    assert_same_arrays(walk.z, engine.trace.z)
    assert_same_arrays(walk.a[1:], engine.trace.a)
    np.testing.assert_array_equal(walk.a[0], X)
    assert_same_arrays(walk.delta, engine.delta)
    assert_same_arrays(walk.grad_weights, engine.grads.weights)
    assert_same_arrays(walk.grad_biases, engine.grads.biases)
    loss, grads = net.loss_and_gradients(X, y, regularization=reg, rate=rate)
    assert walk.loss == pytest.approx(loss, rel=1e-12)
    assert_same_arrays(walk.grad_weights, grads.weights)


def test_walkthrough_pieces_follow_the_course_formulas():
    net, X, y = make_case("mixed", 1)
    walk = backprop.walkthrough(net, X, y)
    L = net.n_layers
    np.testing.assert_allclose(walk.delta[L - 1], walk.a[L] - walk.targets)  # yhat - y, n = 1
    for layer in range(L - 1, 0, -1):  # l = L..2 in the course's numbering is layer + 1
        W = net.weights[layer]
        np.testing.assert_allclose(walk.upstream[layer - 1], walk.delta[layer] @ W.T)
        jacobian = np.diag(walk.slopes[layer - 1][0])  # da/dz = diag(f'(z))
        np.testing.assert_allclose(walk.delta[layer - 1][0], walk.upstream[layer - 1][0] @ jacobian)
    for layer in range(L):
        np.testing.assert_allclose(
            walk.grad_weights[layer], np.outer(walk.a[layer], walk.delta[layer])
        )


def test_penalty_gradient_is_added_to_weights_only():
    net, X, y = make_case("binary", 1)
    plain = backprop.walkthrough(net, X, y)
    l2 = backprop.walkthrough(net, X, y, "l2", 0.5)
    l1 = backprop.walkthrough(net, X, y, "l1", 0.5)
    for layer, W in enumerate(net.weights):
        np.testing.assert_allclose(l2.grad_weights[layer], plain.grad_weights[layer] + 0.5 * W)
        np.testing.assert_allclose(
            l1.grad_weights[layer], plain.grad_weights[layer] + 0.5 * np.sign(W)
        )
        np.testing.assert_array_equal(l2.grad_biases[layer], plain.grad_biases[layer])
    assert l2.penalty == pytest.approx(0.25 * sum(float((W**2).sum()) for W in net.weights))


PATH_CASES = [
    ("binary", 1, 0, 2),
    ("binary", 2, 3, 1),
    ("softmax4", 1, 2, 4),
    ("mixed", 1, 1, 3),
    ("mixed", 2, 3, 2),
    ("mixed", 3, 2, 4),
    ("mixed", 4, 4, 2),
    ("mixed_regression", 1, 1, 2),
    ("six_hidden", 5, 7, 6),
]


@pytest.mark.parametrize(("name", "layer", "i", "j"), PATH_CASES)
@pytest.mark.parametrize(("reg", "rate"), PENALTIES)
def test_sum_of_path_products_is_the_gradient(name, layer, i, j, reg, rate):
    net, X, y = make_case(name, 1)
    walk = backprop.walkthrough(net, X, y, reg, rate)
    paths = backprop.chain_paths(net, walk, layer, j)
    assert len(paths) == backprop.path_count(net.sizes, layer)
    assert len({p.units for p in paths}) == len(paths)
    for path in paths:
        assert path.units[0] == j
        factors = np.prod(path.slopes) * np.prod(path.weights) * path.output_error
        assert path.product == pytest.approx(factors, rel=1e-12)
    delta_j = sum(p.product for p in paths)
    assert delta_j == pytest.approx(walk.delta[layer - 1][0, j], rel=1e-10)
    gradient = walk.a[layer - 1][0, i] * delta_j + walk.penalty_grad_weights[layer - 1][i, j]
    engine = net.backprop(X, y, regularization=reg, rate=rate).grads.weights[layer - 1][i, j]
    assert gradient == pytest.approx(engine, rel=1e-10, abs=1e-15)


def test_path_count_and_edges():
    sizes = (2, 3, 4, 2)
    assert backprop.path_count(sizes, 1) == 8
    assert backprop.path_count(sizes, 2) == 2
    assert backprop.path_count(sizes, 3) == 1
    edges = backprop.path_edges(sizes, 1, 1, 2)
    # the weight itself, the 4 edges leaving unit 3 of layer 1, and all 8 edges of the last layer
    assert len(edges) == 1 + 4 + 8
    assert (0, 1, 2) in edges and (1, 2, 3) in edges and (2, 3, 1) in edges
    assert (1, 0, 0) not in edges and (0, 0, 2) not in edges
    assert backprop.path_edges(sizes, 3, 0, 1) == {(2, 0, 1)}


@pytest.mark.parametrize("name", ["binary", "softmax4", "regression2", "six_hidden"])
@pytest.mark.parametrize(("reg", "rate"), PENALTIES)
def test_batch_gradient_is_the_mean_of_per_point_gradients(name, reg, rate):
    net, X, y = make_case(name, 9)
    walk = backprop.walkthrough(net, X, y, reg, rate)
    layer, i, j = net.n_layers, 0, 0
    per_point = backprop.per_point_weight_gradients(walk, layer, i, j)
    singles = [
        backprop.walkthrough(net, X[p : p + 1], y[p : p + 1]).grad_weights[layer - 1][i, j]
        for p in range(9)
    ]
    np.testing.assert_allclose(per_point, singles, rtol=1e-12, atol=1e-15)
    batch = net.backprop(X, y, regularization=reg, rate=rate).grads.weights[layer - 1][i, j]
    penalty = walk.penalty_grad_weights[layer - 1][i, j]
    assert per_point.mean() + penalty == pytest.approx(batch, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("name", ARCHITECTURES)
@pytest.mark.parametrize(("reg", "rate"), PENALTIES)
def test_one_sgd_step_moves_by_minus_lr_grad_and_lowers_the_loss(name, reg, rate):
    net, X, y = make_case(name, 1)
    walk = backprop.walkthrough(net, X, y, reg, rate)
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    lr = 1e-3
    backprop.sgd_step(net, walk, lr)
    for layer in range(net.n_layers):
        np.testing.assert_array_equal(
            net.weights[layer], weights[layer] - lr * walk.grad_weights[layer]
        )
        np.testing.assert_array_equal(
            net.biases[layer], biases[layer] - lr * walk.grad_biases[layer]
        )
    after = backprop.loss_value(net, X, y, reg, rate)
    assert after < walk.loss
    squared_norm = sum(float((g**2).sum()) for g in (*walk.grad_weights, *walk.grad_biases))
    # first-order prediction: the loss falls by about lr * ||grad||^2
    assert walk.loss - after == pytest.approx(lr * squared_norm, rel=0.05)


@pytest.mark.parametrize("optimizer_batch", [3, 7, 10])
def test_upcoming_batch_is_the_one_the_trainer_uses_next(optimizer_batch):
    net, X, y = make_case("softmax4", 23, seed=4)
    lr = 0.05
    trainer = Trainer(
        net, X, y, optimizer="sgd", learning_rate=lr, batch_size=optimizer_batch, seed=9
    )
    seen: list[int] = []
    for _ in range(2 * trainer.batches_per_epoch + 1):  # two epochs, last batches smaller
        indices = trainer.upcoming_batch()
        np.testing.assert_array_equal(indices, trainer.upcoming_batch())
        steps = trainer.steps
        walk = backprop.walkthrough(net, X[indices], y[indices], "l2", 0.0)
        before = [w.copy() for w in net.weights]
        trainer.step(1)
        assert trainer.steps == steps + 1
        for layer in range(net.n_layers):
            np.testing.assert_allclose(
                net.weights[layer],
                before[layer] - lr * walk.grad_weights[layer],
                rtol=0,
                atol=1e-14,
            )
        seen.extend(indices.tolist())
    epoch = seen[: len(X)]
    assert sorted(epoch) == list(range(len(X)))  # every point once per epoch


def test_upcoming_batch_matches_duplicate_points_to_distinct_indices():
    net = Network([2, 1], output="sigmoid", seed=0)
    X = np.array([[1.0, 2.0], [1.0, 2.0], [0.5, 0.5], [1.0, 2.0]])
    y = np.array([1.0, 1.0, 0.0, 1.0])
    trainer = Trainer(net, X, y, batch_size=2, seed=1)
    trainer.step(1)
    indices = trainer.upcoming_batch()
    assert len(set(indices.tolist())) == 2
    np.testing.assert_array_equal(X[indices], trainer._shuffled_inputs[2:4, :-1])


@pytest.mark.parametrize("name", ["binary", "softmax4", "regression2", "mixed"])
@pytest.mark.parametrize(("reg", "rate"), PENALTIES)
def test_stacked_losses_equal_one_network_at_a_time(name, reg, rate):
    net, X, y = make_case(name, 5)
    rng = np.random.default_rng(8)
    networks = []
    for _ in range(3):
        twin = net.copy()
        for layer in range(net.n_layers):
            twin.weights[layer] = rng.normal(size=twin.weights[layer].shape)
            twin.biases[layer] = rng.normal(size=twin.biases[layer].shape)
        networks.append(twin)
    weights = [np.stack([n.weights[layer] for n in networks]) for layer in range(net.n_layers)]
    biases = [np.stack([n.biases[layer] for n in networks]) for layer in range(net.n_layers)]
    stacked = backprop.stacked_losses(net, X, y, weights, biases, reg, rate)
    one_by_one = [n.backprop(X, y, regularization=reg, rate=rate).loss for n in networks]
    np.testing.assert_allclose(stacked, one_by_one, rtol=1e-12)
    assert backprop.loss_value(networks[1], X, y, reg, rate) == pytest.approx(one_by_one[1])
