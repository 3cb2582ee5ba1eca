"""Network.fit against a step-by-step reference, and the buffers it pools on the network.

fit() hands its trainer's kernels and buffers back to the network and the next Trainer on that
network reuses them, so these tests check behaviour, not timing: every fit equals the same fit on
a fresh copy of the network, and a live Trainer's state survives fits around it.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import History, Network, Trainer
from engine.optimizers import OPTIMIZERS


def problem(output: str, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n points in 3 features with binary, 3-class or 2-column regression targets."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    if output == "sigmoid":
        return X, (X[:, 0] * X[:, 1] > 0).astype(float)
    if output == "softmax":
        return X, rng.integers(0, 3, n)
    return X, np.column_stack([np.sin(X[:, 0]), X[:, 1] * X[:, 2]])


def network(output: str, seed: int = 1) -> Network:
    k = {"sigmoid": 1, "softmax": 3, "linear": 2}[output]
    return Network([3, 5, 4, k], activation=["tanh", "relu"], output=output, seed=seed)


def flat(net: Network) -> np.ndarray:
    return net._parameters.flat.copy()


def rows(history: History) -> list[dict]:
    return history.to_rows()


def reference_loss_and_accuracy(net: Network, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Mean BCE and accuracy of a sigmoid network, from its public forward pass."""
    z = net.forward(X).z[-1][:, 0]  # (n,) logits
    loss = float(np.mean(np.logaddexp(0.0, z) - y * z))
    return loss, float(np.mean((net.predict(X)[:, 0] >= 0.5) == (y >= 0.5)))


def test_fit_matches_a_step_by_step_reference() -> None:
    X, y = problem("sigmoid", 47)
    net = network("sigmoid")
    reference = net.copy()
    history = net.fit(X, y, optimizer="sgd", learning_rate=0.1, batch_size=10, epochs=3, seed=5)
    rng = np.random.default_rng(5)
    for epoch in range(3):
        order = rng.permutation(47)
        for start in range(0, 47, 10):  # batches of 10, 10, 10, 10 and 7
            batch = order[start : start + 10]
            _, grads = reference.loss_and_gradients(X[batch], y[batch])
            for layer in range(reference.n_layers):  # SGD: w - g * lr, as the engine rounds it
                reference.weights[layer] = reference.weights[layer] - grads.weights[layer] * 0.1
                reference.biases[layer] = reference.biases[layer] - grads.biases[layer] * 0.1
        loss, accuracy = reference_loss_and_accuracy(reference, X, y)
        assert history.step[epoch] == 5 * (epoch + 1) and history.epoch[epoch] == epoch + 1
        assert history.train_loss[epoch] == pytest.approx(loss, rel=1e-12)
        assert history.train_accuracy[epoch] == accuracy
        assert history.test_loss[epoch] is None
        norms = [np.sqrt(np.vdot(g, g)) for g in grads.weights]
        np.testing.assert_array_equal(history.grad_norms[epoch], norms)
    np.testing.assert_array_equal(flat(net), flat(reference))


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
@pytest.mark.parametrize(
    ("output", "regularization", "batch_size"),
    [("sigmoid", "l2", 8), ("softmax", "l1", 1), ("linear", None, 64)],
)
def test_fit_equals_a_trainer_stepped_batch_by_batch(optimizer, output, regularization, batch_size):
    X, y = problem(output, 61, seed=2)
    net = network(output)
    stepped = Trainer(
        net.copy(),
        X[:45],
        y[:45],
        X[45:],
        y[45:],
        optimizer=optimizer,
        learning_rate=0.01,
        batch_size=batch_size,
        regularization=regularization,
        rate=0.01,
        seed=3,
    )
    for _ in range(3):
        for _ in range(stepped.batches_per_epoch):
            stepped.advance(1)
        stepped.step(0)  # a history row at the end of the epoch, as fit records it
    history = net.fit(
        X[:45],
        y[:45],
        optimizer=optimizer,
        learning_rate=0.01,
        batch_size=batch_size,
        epochs=3,
        seed=3,
        regularization=regularization,
        rate=0.01,
        X_test=X[45:],
        y_test=y[45:],
    )
    np.testing.assert_array_equal(flat(net), flat(stepped.net))
    assert rows(history) == rows(stepped.history)
    assert len(history) == 3 and history.epoch == [1.0, 2.0, 3.0]


def test_each_fit_equals_the_same_fit_on_a_fresh_network() -> None:
    """Pooled kernels, buffers and generators carry nothing from one fit to the next."""
    X, y = problem("softmax", 90, seed=4)
    net = network("softmax")
    calls = [
        dict(X=X, y=y, batch_size=10, seed=0),
        dict(X=X[:50], y=y[:50], batch_size=10, seed=0),  # another training-set size
        dict(X=X, y=y, batch_size=7, seed=0),  # the same size cut into other batches
        dict(X=X, y=y, batch_size=10, seed=9),  # another seed on a pooled generator
        dict(X=X, y=y, batch_size=10, seed=0, X_test=X[:30], y_test=y[:30]),
        dict(X=X, y=y, batch_size=10, seed=0, X_test=X[:20], y_test=y[:20]),
        dict(X=X, y=y, batch_size=10, seed=0),  # the first call again
    ]
    for call in calls:
        fresh = net.copy()  # same weights, no pooled buffers
        history = net.fit(**call, optimizer="adam", learning_rate=0.02, epochs=2)
        expected = fresh.fit(**call, optimizer="adam", learning_rate=0.02, epochs=2)
        np.testing.assert_array_equal(flat(net), flat(fresh))
        assert rows(history) == rows(expected)


def test_networks_of_one_architecture_share_no_buffers() -> None:
    X, y = problem("sigmoid", 40)
    first, second = network("sigmoid", seed=1), network("sigmoid", seed=2)
    twins = first.copy(), second.copy()
    for _ in range(3):  # interleaved: each network's pool only ever serves that network
        for net in (first, second):
            net.fit(X, y, optimizer="sgd", batch_size=10, epochs=1)
    for twin in twins:
        twin.fit(X, y, optimizer="sgd", batch_size=10, epochs=1)
        twin.fit(X, y, optimizer="sgd", batch_size=10, epochs=1)
        twin.fit(X, y, optimizer="sgd", batch_size=10, epochs=1)
    np.testing.assert_array_equal(flat(first), flat(twins[0]))
    np.testing.assert_array_equal(flat(second), flat(twins[1]))


def live_trainer_run(prefill: bool) -> tuple[float, list[np.ndarray], np.ndarray, list[dict]]:
    """A Trainer steps, fit() trains its network in between, the Trainer steps on."""
    X, y = problem("sigmoid", 50)
    net = network("sigmoid")
    if prefill:
        net.fit(X, y, batch_size=10, epochs=0)  # pools a workspace without touching the weights
    trainer = Trainer(net, X, y, batch_size=10, seed=1)  # takes the pooled workspace, if any
    trainer.advance(3)
    net.fit(X, y, batch_size=10, epochs=2, seed=2)  # must not write into the trainer's buffers
    last_loss, gradients = trainer.last_loss, trainer.last_gradients
    trainer.step(12)
    return last_loss, list(gradients.weights), flat(net), rows(trainer.history)


def test_a_live_trainer_keeps_its_buffers_while_fit_trains_its_network() -> None:
    pooled, unpooled = live_trainer_run(prefill=True), live_trainer_run(prefill=False)
    assert pooled[0] == unpooled[0]
    for ours, theirs in zip(pooled[1], unpooled[1], strict=True):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(pooled[2], unpooled[2])
    assert pooled[3] == unpooled[3]


def test_fit_with_no_epochs_changes_nothing() -> None:
    X, y = problem("linear", 30)
    net = network("linear")
    before = flat(net)
    assert len(net.fit(X, y, epochs=0)) == 0
    np.testing.assert_array_equal(flat(net), before)


@pytest.mark.parametrize("output", ["sigmoid", "softmax", "linear"])
def test_last_loss_is_the_last_batch_loss_whenever_it_is_read(output: str) -> None:
    X, y = problem(output, 33)
    net = network(output)
    trainer = Trainer(net, X, y, batch_size=10, regularization="l2", rate=0.1, seed=6)
    assert np.isnan(trainer.last_loss)
    trainer.advance(6)  # into the second epoch
    reference, batch = net.copy(), trainer.upcoming_batch()
    trainer.advance(1)
    expected, _ = reference.loss_and_gradients(X[batch], y[batch], None, "l2", 0.1)
    trainer.step(0)  # reading the history and the metrics leaves the last batch alone
    trainer.set_hyperparameters(learning_rate=0.5, batch_size=7)
    assert trainer.last_loss == expected
    assert trainer.last_loss == expected  # read twice: the same number


def test_infinite_logits_stop_training_before_the_update() -> None:
    net = Network([3, 1], activation=[], output="sigmoid")
    net.weights[0] = np.ones((3, 1))
    X = np.full((4, 3), 1e308)  # z = 3e308 overflows to inf: the batch loss is not finite
    before = flat(net)
    trainer = Trainer(net, X, np.array([0.0, 1.0, 0.0, 1.0]), batch_size=2)
    assert trainer.advance(1) == "diverged"
    assert trainer.steps == 0 and not np.isfinite(trainer.last_loss)
    np.testing.assert_array_equal(flat(net), before)
