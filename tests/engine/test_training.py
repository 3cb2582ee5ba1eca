"""Trainer and fit: determinism, divergence, optimisers, shuffling, history, the step hot path."""

from __future__ import annotations

import numpy as np
import pytest

from engine import History, Network, Trainer
from engine.optimizers import OPTIMIZERS


def two_clusters(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clouds at (-2, -2) and (2, 2): labels 0 and 1."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n).astype(float)
    X = rng.normal(0.0, 1.0, size=(n, 2)) + np.where(y[:, None] == 1, 2.0, -2.0)
    return X, y


def three_blobs(n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    centres = np.array([[0.0, 3.0], [-3.0, -2.0], [3.0, -2.0]])
    return centres[y] + rng.normal(0.0, 0.7, size=(n, 2)), y


def weights_of(net: Network) -> list[np.ndarray]:
    return [w.copy() for w in net.weights] + [b.copy() for b in net.biases]


def train(seed: int, net_seed: int = 0, epochs: int = 4) -> tuple[Network, Trainer]:
    X, y = two_clusters()
    net = Network([2, 5, 3, 1], activation=["relu", "tanh"], seed=net_seed)
    trainer = Trainer(net, X[:150], y[:150], X[150:], y[150:], optimizer="adam", seed=seed)
    trainer.run_epochs(epochs)
    trainer.step(3)
    return net, trainer


def test_same_seed_gives_bit_identical_weights_and_history() -> None:
    net_a, trainer_a = train(seed=4)
    net_b, trainer_b = train(seed=4)
    for a, b in zip(weights_of(net_a), weights_of(net_b), strict=True):
        assert np.array_equal(a, b)
    assert trainer_a.history.to_rows() == trainer_b.history.to_rows()


def test_different_seeds_give_different_weights() -> None:
    reference = weights_of(train(seed=4)[0])
    other_shuffle = weights_of(train(seed=5)[0])
    other_init = weights_of(train(seed=4, net_seed=1)[0])
    assert not np.array_equal(reference[0], other_shuffle[0])
    assert not np.array_equal(reference[0], other_init[0])


def test_overflowing_update_is_rolled_back() -> None:
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), np.full(20, 100.0)
    net = Network([2, 3, 1], output="linear", seed=0)
    before = weights_of(net)
    trainer = Trainer(net, X, y, learning_rate=1e308)  # lr * |gradient| > float max
    assert trainer.step() == "diverged"
    assert trainer.steps == 0
    for kept, original in zip(weights_of(net), before, strict=True):
        assert np.array_equal(kept, original)


def test_divergence_stops_training_and_keeps_last_finite_weights() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(0.0, 1000.0, size=(100, 2))  # huge inputs with a huge learning rate
    y = rng.normal(size=100)
    settings = dict(optimizer="sgd", learning_rate=10.0, batch_size=10, seed=3)
    diverging = Trainer(Network([2, 4, 1], output="linear", seed=2), X, y, **settings)
    assert diverging.run_epochs(50) == "diverged"
    weights = weights_of(diverging.net)
    assert all(np.isfinite(w).all() for w in weights)
    assert diverging.steps > 0
    # Replaying exactly the successful steps lands on the same weights.
    replay = Trainer(Network([2, 4, 1], output="linear", seed=2), X, y, **settings)
    assert replay.advance(diverging.steps) == "ok"
    for kept, replayed in zip(weights, weights_of(replay.net), strict=True):
        assert np.array_equal(kept, replayed)
    # A stopped trainer does nothing more.
    rows = len(diverging.history)
    assert diverging.step(5) == "diverged"
    assert len(diverging.history) == rows
    assert all(
        np.array_equal(a, b) for a, b in zip(weights, weights_of(diverging.net), strict=True)
    )


@pytest.mark.parametrize(
    ("optimizer", "learning_rate"),
    [("sgd", 0.1), ("momentum", 0.02), ("adam", 0.01), ("rmsprop", 0.01)],
)
def test_each_optimizer_reduces_the_loss(optimizer: str, learning_rate: float) -> None:
    X, y = two_clusters()
    net = Network([2, 4, 1], activation="tanh", seed=0)
    trainer = Trainer(net, X, y, optimizer=optimizer, learning_rate=learning_rate)
    start = trainer.evaluate()["train_loss"]
    trainer.run_epochs(10)
    end = trainer.evaluate()
    assert end["train_loss"] < 0.3 * start
    assert end["train_accuracy"] >= 0.97


def test_optimizer_registry() -> None:
    assert set(OPTIMIZERS) == {"sgd", "momentum", "adam", "rmsprop"}


def test_softmax_learns_three_classes() -> None:
    X, y = three_blobs()
    net = Network([2, 8, 3], activation="relu", output="softmax", seed=0)
    history = net.fit(X, y, optimizer="adam", learning_rate=0.02, epochs=20)
    assert history.train_accuracy[-1] >= 0.97
    probabilities = net.predict(X)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert np.mean(probabilities.argmax(axis=1) == y) == history.train_accuracy[-1]


def test_linear_output_fits_a_two_output_linear_map() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    A = np.array([[1.0, -2.0], [0.5, 0.0], [-1.5, 3.0]])
    offset = np.array([0.3, -0.7])
    net = Network([3, 2], activation=[], output="linear", seed=0)
    history = net.fit(X, X @ A + offset, optimizer="sgd", learning_rate=0.05, epochs=40)
    np.testing.assert_allclose(net.weights[0], A, atol=1e-6)
    np.testing.assert_allclose(net.biases[0], offset, atol=1e-6)
    assert history.train_loss[-1] < 1e-12
    assert history.train_accuracy[-1] is None  # accuracy is not defined for regression


def test_minibatches_are_reshuffled_every_epoch() -> None:
    X = np.arange(23, dtype=float)[:, None]  # the input is the row's own index
    y = (X[:, 0] % 2).astype(float)
    trainer = Trainer(Network([1, 2, 1], seed=0), X, y, batch_size=5, seed=9)
    assert trainer.batches_per_epoch == 5  # 5 + 5 + 5 + 5 + 3
    orders = []
    for _ in range(4):
        trainer.run_epochs(1)
        orders.append(trainer.epoch_order)
    for order in orders:
        assert sorted(order) == list(range(23))
    assert len({tuple(order) for order in orders}) == 4
    again = Trainer(Network([1, 2, 1], seed=0), X, y, batch_size=5, seed=9)
    again.run_epochs(1)
    assert np.array_equal(again.epoch_order, orders[0])


@pytest.mark.parametrize(
    ("sizes", "output", "y_kind", "regularization", "rate"),
    [
        ([2, 6, 4, 1], "sigmoid", "binary", "l2", 0.01),
        ([2, 5, 3], "softmax", "labels", "l1", 0.003),
        ([2, 4, 2], "linear", "values", None, 0.0),
    ],
)
def test_training_step_matches_loss_and_gradients(sizes, output, y_kind, regularization, rate):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(23, 2))
    y = {
        "binary": rng.integers(0, 2, 23).astype(float),
        "labels": rng.integers(0, 3, 23),
        "values": rng.normal(size=(23, 2)),
    }[y_kind]
    net = Network(sizes, activation="elu", output=output, seed=1)
    trainer = Trainer(net, X, y, batch_size=10, regularization=regularization, rate=rate)
    for step in range(4):  # batches of 10, 10, 3, then the next epoch's first
        reference = net.copy()
        rows = trainer.upcoming_batch()
        trainer.advance(1)
        position = (step % 3) * 10
        assert np.array_equal(rows, trainer.epoch_order[position : position + 10])
        loss, grads = reference.loss_and_gradients(X[rows], y[rows], None, regularization, rate)
        assert trainer.last_loss == loss
        last = trainer.last_gradients
        for ours, theirs in zip(
            last.weights + last.biases, grads.weights + grads.biases, strict=True
        ):
            assert np.array_equal(ours, theirs)
        for layer in range(net.n_layers):  # SGD: w - lr * g, to the last bit
            expected = reference.weights[layer] - grads.weights[layer] * 0.03
            assert np.array_equal(net.weights[layer], expected)


def test_history_rows() -> None:
    X, y = two_clusters(100)
    net = Network([2, 3, 1], seed=0)
    trainer = Trainer(net, X[:60], y[:60], X[60:], y[60:], batch_size=20)
    assert trainer.last_grad_norms.tolist() == [0.0, 0.0]
    trainer.step()
    trainer.step(2)
    trainer.run_epochs(2)
    history = trainer.history
    assert isinstance(history, History)
    assert len(history) == 4
    assert history.step == [1, 3, 6, 9]
    assert history.epoch == pytest.approx([1 / 3, 1.0, 2.0, 3.0])
    assert all(loss is not None for loss in history.test_loss)
    norms = trainer.last_gradients.weight_norms()
    np.testing.assert_array_equal(history.grad_norms[-1], norms)
    rows = history.to_rows()
    assert set(rows[0]) == {
        "step",
        "epoch",
        "train_loss",
        "test_loss",
        "train_accuracy",
        "test_accuracy",
        "grad_norm_1",
        "grad_norm_2",
    }
    assert rows[-1]["train_loss"] == trainer.evaluate()["train_loss"]


def test_fit_refuses_an_empty_training_set() -> None:
    # A Trainer may hold no points (a plane drawn empty in the app); fitting nothing is a mistake.
    with pytest.raises(ValueError, match="empty"):
        Network([2, 3, 1]).fit(np.zeros((0, 2)), np.zeros(0))


def test_evaluate_without_test_split() -> None:
    X, y = two_clusters(50)
    metrics = Trainer(Network([2, 3, 1]), X, y).evaluate()
    assert metrics["test_loss"] is None and metrics["test_accuracy"] is None
    assert 0.0 <= metrics["train_accuracy"] <= 1.0
    assert metrics["train_loss"] > 0.0


def test_set_hyperparameters_keeps_the_network() -> None:
    X, y = two_clusters(100)
    net = Network([2, 3, 1], seed=0)
    trainer = Trainer(net, X, y, batch_size=10)
    trainer.step(3)
    trainer.set_hyperparameters(learning_rate=0.5, optimizer="momentum", batch_size=25)
    assert trainer.learning_rate == 0.5 and trainer.optimizer == "momentum"
    assert trainer.batch_size == 25 and trainer.batches_per_epoch == 4
    assert trainer.epoch_fraction == 0.0  # a new batch size starts the epoch over
    before = net.weights[0].copy()
    trainer.step()
    # momentum's first step is plain SGD with the new learning rate
    np.testing.assert_array_equal(net.weights[0], before - trainer.last_gradients.weights[0] * 0.5)
    trainer.set_hyperparameters(regularization="l2", rate=0.1)
    trainer.step()
    assert trainer.regularization == "l2" and trainer.rate == 0.1
    assert trainer.steps == 5


def test_fit_returns_one_row_per_epoch() -> None:
    X, y = two_clusters(80)
    net = Network([2, 3, 1], seed=0)
    before = net.weights[0].copy()
    history = net.fit(X, y, epochs=6, batch_size=16, X_test=X[:10], y_test=y[:10])
    assert history.epoch == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert history.step == [5, 10, 15, 20, 25, 30]
    assert not np.array_equal(net.weights[0], before)


def test_resume_counts_on_from_a_saved_run_and_keeps_its_history():
    X = np.random.default_rng(3).normal(size=(50, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    saved = Trainer(Network([2, 3, 1], seed=1), X, y, batch_size=10)
    saved.step(7)
    history = History.from_rows(saved.history.to_rows(), n_layers=2)
    assert history.to_rows() == saved.history.to_rows()
    resumed = Trainer(Network([2, 3, 1], seed=1), X, y, batch_size=10)
    resumed.resume(7, history)
    assert (resumed.steps, resumed.epoch, resumed.epoch_fraction) == (7, 1, 1.4)
    resumed.step(3)  # the rest of epoch 2
    assert resumed.epoch_fraction == 2.0 and resumed.history.step == [7, 10]
    with pytest.raises(ValueError, match="not trained yet"):
        resumed.resume(20)


def test_history_rows_that_are_not_saved_rows_are_refused():
    with pytest.raises(ValueError, match="history row 2"):
        History.from_rows([{"step": 1, "epoch": 0.1, "train_loss": 0.5, "grad_norm_1": 1.0}, {}], 1)


def test_an_empty_training_set_trains_nothing_and_reports_no_loss():
    net = Network([2, 3, 1], seed=0)
    before = [w.copy() for w in net.weights]
    trainer = Trainer(net, np.empty((0, 2)), np.empty(0), X_test=np.ones((3, 2)), y_test=np.ones(3))
    assert not trainer.has_data
    assert trainer.step(5) == "ok" and trainer.run_epochs(2) == "ok"
    assert trainer.steps == 0 and trainer.epoch_fraction == 0.0 and len(trainer.history) == 0
    scores = trainer.evaluate()
    assert scores["train_loss"] is None and scores["test_loss"] > 0
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights, strict=True))


def test_carry_on_keeps_the_count_the_history_and_the_optimizer_state():
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(40, 2)), rng.integers(0, 2, 40).astype(float)
    net = Network([2, 4, 1], seed=2)
    first = Trainer(net, X, y, optimizer="adam", learning_rate=0.01, batch_size=10)
    first.step(6)  # mid-epoch 2
    more_X, more_y = np.vstack([X, [[1.0, 1.0]]]), np.append(y, 1.0)
    second = Trainer(net, more_X, more_y, optimizer="adam", learning_rate=0.003, batch_size=10)
    second.carry_on(first)
    assert (second.steps, second.epoch, second.history) == (6, 2, first.history)
    assert second.learning_rate == 0.003  # its own setting; the moments go on
    np.testing.assert_array_equal(second._optimizer._mean, first._optimizer._mean)
    assert second._optimizer._t == first._optimizer._t == 6
    second.step(1)
    assert second.steps == 7 and second.history.step == [6, 7]
    with pytest.raises(ValueError, match="carry on only"):
        second.carry_on(first)


def test_steps_to_epoch_end_counts_down_within_an_epoch():
    X = np.random.default_rng(1).normal(size=(45, 2))
    trainer = Trainer(Network([2, 2, 1], seed=0), X, (X[:, 0] > 0).astype(float), batch_size=10)
    assert trainer.steps_to_epoch_end == 5  # 4 full batches and a short one
    trainer.step(3)
    assert trainer.steps_to_epoch_end == 2
    trainer.step(2)
    assert trainer.steps_to_epoch_end == 5 and trainer.epoch == 1
