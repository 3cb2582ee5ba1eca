"""Mini-batch training that can advance a few steps at a time, as the live app needs."""

from __future__ import annotations

import copy
import math

import numpy as np

from .history import History
from .kernel import GradientKernel
from .losses import TARGET_BOUND, resolve_loss
from .network import Gradients, Network
from .optimizers import make_optimizer
from .regularizers import get_regularizer
from .splits import Split
from .workspace import Workspace

_isfinite = math.isfinite  # module names: the step loop pays no attribute lookups
_HALF = np.array(0.5)  # a 0-d operand: a Python float costs a conversion in every ufunc call


class Trainer:
    """Trains a network in place on mini-batches reshuffled every epoch by a seeded generator.

    Its buffers come from the network's pool of workspaces (see workspace.py) and stay its own.
    """

    def __init__(
        self,
        net: Network,
        X_train: np.ndarray,
        y_train: np.ndarray,
        X_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
        optimizer: str = "sgd",
        learning_rate: float = 0.03,
        batch_size: int = 10,
        regularization: str | None = None,
        rate: float = 0.0,
        seed: int = 0,
        loss: str | None = None,
    ) -> None:
        self.net = net
        self._loss = resolve_loss(loss, net.output)
        self._train = Split.build(net, X_train, y_train)
        n = self._train.inputs.shape[0]  # may be 0: a plane drawn empty; steps then do nothing
        has_test = X_test is not None and y_test is not None
        self._test = Split.build(net, X_test, y_test) if has_test else None
        self._workspace = Workspace.take(net, n)
        self._shuffled_inputs = self._workspace.shuffled_inputs  # (n, d + 1) in epoch order
        self._rng = self._workspace.generator(seed)
        self._params = net._parameters.flat
        self._last_kernel: GradientKernel | None = None
        self._order = np.arange(n)  # (n,) replaced at each epoch start
        self._last_loss = math.nan
        self._pending_loss: tuple[GradientKernel, np.ndarray, float] | None = None
        targets = self._train.targets
        # sum t^2 <= TARGET_BOUND^2 bounds every |t|; NaN or inf fails the comparison.
        self._lazy_loss = self._loss.finite_with_logits and bool(
            np.vdot(targets, targets) <= TARGET_BOUND**2
        )
        self.status = "ok"
        self.steps = 0
        self.epoch = 0
        self._batch_index = 0
        self.history = History()
        self.optimizer = optimizer
        self._optimizer = make_optimizer(optimizer, self._params.size, learning_rate)
        self.regularization = regularization
        self._regularizer = get_regularizer(regularization)
        self.rate = float(rate)
        self._set_batch_size(batch_size)

    @property
    def last_loss(self) -> float:
        """Mini-batch loss (with penalty) of the last step; NaN before the first step."""
        if self._pending_loss is not None:  # advance() left it to be computed when read
            kernel, targets, penalty = self._pending_loss
            self._last_loss = kernel.data_loss(targets, self._loss) + penalty
            self._pending_loss = None
        return self._last_loss

    @property
    def learning_rate(self) -> float:
        """Current step size."""
        return self._optimizer.learning_rate

    @property
    def batches_per_epoch(self) -> int:
        """Mini-batches in one pass over the training set (the last one may be smaller)."""
        return len(self._batches)

    @property
    def has_data(self) -> bool:
        """Whether there is anything to train on (a drawn plane can be empty)."""
        return bool(self._batches)

    @property
    def steps_to_epoch_end(self) -> int:
        """Mini-batch steps left in the current epoch (a whole epoch at its start)."""
        return len(self._batches) - self._batch_index

    @property
    def epoch_fraction(self) -> float:
        """Epochs done, counting the current partial epoch."""
        if not self._batches:
            return float(self.epoch)
        return self.epoch + self._batch_index / len(self._batches)

    @property
    def epoch_order(self) -> np.ndarray:
        """Training-row indices in the current epoch's order (drawn at its first batch)."""
        return self._order.copy()

    def upcoming_batch(self) -> np.ndarray:
        """Training-row indices of the mini-batch the next step will use; nothing advances."""
        start = self._batch_index * self.batch_size
        order = self._order
        if self._batch_index == 0:  # the next step draws a new permutation: draw it from a copy
            order = copy.deepcopy(self._rng).permutation(self._train.inputs.shape[0])
        return order[start : start + self.batch_size].copy()

    @property
    def last_gradients(self) -> Gradients | None:
        """A copy of the gradients of the last step (None before the first step)."""
        if self._last_kernel is None:
            return None
        grad = self._last_kernel.grad
        return Gradients(
            weights=tuple(w.copy() for w in grad.weights),
            biases=tuple(b.copy() for b in grad.biases),
        )

    @property
    def last_grad_norms(self) -> np.ndarray:
        """Per-layer ||dL/dW^l|| of the last step (zeros before the first step), shape (L,)."""
        if self._last_kernel is None:
            return np.zeros(self.net.n_layers)
        return self._last_kernel.grad.weight_norms()

    def _set_batch_size(self, batch_size: int) -> None:
        self.batch_size = max(1, min(int(batch_size), self._train.inputs.shape[0]))
        self._workspace.set_batch_size(self.batch_size)
        self._batches = self._workspace.batches
        self._batch_index = 0  # a new batch size starts the epoch over with a fresh shuffle

    def set_hyperparameters(
        self,
        learning_rate: float | None = None,
        optimizer: str | None = None,
        regularization: str | None = None,
        rate: float | None = None,
        batch_size: int | None = None,
    ) -> None:
        """Change settings without touching the network; a new optimizer starts with fresh state."""
        if optimizer is not None and optimizer != self.optimizer:
            self._optimizer = make_optimizer(optimizer, self._params.size, self.learning_rate)
            self.optimizer = optimizer
        if learning_rate is not None:
            self._optimizer.learning_rate = learning_rate
        if regularization is not None:
            self._regularizer = get_regularizer(regularization)
            self.regularization = regularization
        if rate is not None:
            self.rate = float(rate)
        if batch_size is not None and batch_size != self.batch_size:
            self._set_batch_size(batch_size)

    def carry_on(self, previous: Trainer) -> None:
        """Go on from another trainer of the same network on other data (points drawn by hand):
        its steps, epochs and history, and its optimizer's state; the new data starts an epoch."""
        if self.steps or previous.net is not self.net:
            raise ValueError("carry on only from a trainer of this network, before training")
        self.steps = previous.steps
        self.epoch = previous.epoch + (1 if previous._batch_index else 0)
        self.history = previous.history
        if previous.optimizer == self.optimizer:
            learning_rate = self.learning_rate  # this trainer's setting; the state goes on
            self._optimizer = copy.deepcopy(previous._optimizer)
            self._optimizer.learning_rate = learning_rate

    def resume(self, steps: int, history: History | None = None) -> None:
        """Count on from a saved run: `steps` done (epoch and batch position follow) and its
        history; the rest of the current epoch is drawn in a fresh order."""
        if self.steps:
            raise ValueError("resume only a trainer that has not trained yet")
        self.steps = int(steps)
        self.epoch, self._batch_index = divmod(self.steps, len(self._batches))
        if self._batch_index:
            self._shuffle()  # mid-epoch: the batches still to come need an order
        if history is not None:
            self.history = history

    def _shuffle(self) -> None:
        self._order = order = self._rng.permutation(self._train.inputs.shape[0])
        # Every index is valid, so "clip" changes nothing but skips the copy that "raise" makes
        # to keep out untouched on an error.
        self._train.inputs.take(order, 0, self._shuffled_inputs, "clip")
        self._train.targets.take(order, 1, self._workspace.shuffled_targets, "clip")

    def advance(self, n_batches: int = 1) -> str:
        """Train on n mini-batches without recording history; return the status."""
        if self.status != "ok" or n_batches < 1 or not self._batches:
            return self.status
        params, last_finite = self._params, self._workspace.last_finite
        params_dot, update = params.dot, self._optimizer.update
        loss, regularizer, rate, lazy = self._loss, self._regularizer, self.rate, self._lazy_loss
        batches, n_per_epoch = self._batches, len(self._batches)
        index, steps = self._batch_index, 0
        with np.errstate(all="ignore"):  # overflow is reported through status, not warnings
            for _ in range(n_batches):
                if index == 0:
                    self._shuffle()
                inputs_t, targets, kernel, logits = batches[index]
                penalty = kernel.gradients(inputs_t, targets, loss, regularizer, rate)
                # With finite, moderate logits and penalty the batch loss is finite (see
                # Loss.finite_with_logits): leave it to last_loss. Otherwise decide on it exactly.
                deferred = lazy and _isfinite(logits.dot(logits) + penalty)
                if not deferred:
                    batch_loss = kernel.data_loss(targets, loss) + penalty
                    if not _isfinite(batch_loss):
                        self.status = "diverged"  # the weights were not touched: still finite
                        break
                last_finite[...] = params
                update(params, kernel.grad.flat)
                # A NaN or inf anywhere makes the sum of squares non-finite: one cheap check, then
                # an exact one only in the rare case it fires (huge but finite weights overflow it).
                if not _isfinite(params_dot(params)) and not np.isfinite(params).all():
                    params[...] = last_finite
                    self.status = "diverged"
                    break
                steps += 1
                index += 1
                if index == n_per_epoch:
                    index = 0
                    self.epoch += 1
        self.steps += steps
        self._batch_index, self._last_kernel = index, kernel
        self._pending_loss = (kernel, targets, penalty) if deferred else None
        if not deferred:
            self._last_loss = batch_loss
        return self.status

    def step(self, n_batches: int = 1) -> str:
        """Train on n mini-batches, then record a history row; return the status."""
        if self.status != "ok" or not self._batches:
            return self.status
        self.advance(n_batches)
        self._record()
        return self.status

    def run_epochs(self, k: int) -> str:
        """Train to the end of the current epoch k times, recording a row at each epoch end."""
        for _ in range(k):
            if self.status != "ok" or not self._batches:
                break
            self.advance(len(self._batches) - self._batch_index)
            self._record()
        return self.status

    def _split_metrics(self, split: Split) -> tuple[float | None, float | None]:
        n = split.inputs.shape[0]
        if n == 0:
            return None, None  # no points, no loss
        kernel, scratch, hits = self._workspace.evaluation(n)
        with np.errstate(all="ignore"):
            kernel.forward_feature_major(split.inputs_t)
            logits, outputs = kernel.z[-1], kernel.a[-1]
            loss = self._loss.total(logits, outputs, split.targets, scratch) / n
        if split.labels is None:
            return loss, None
        if self.net.output == "softmax":
            return loss, float(np.mean(outputs.argmax(axis=0) == split.labels))
        np.greater_equal(outputs, _HALF, hits)  # (k, n)
        np.equal(hits, split.labels, hits)
        return loss, int(np.count_nonzero(hits)) / hits.size

    def _metrics(self) -> tuple[float | None, float | None, float | None, float | None]:
        train_loss, train_accuracy = self._split_metrics(self._train)
        test_loss = test_accuracy = None
        if self._test is not None:
            test_loss, test_accuracy = self._split_metrics(self._test)
        return train_loss, test_loss, train_accuracy, test_accuracy

    def evaluate(self) -> dict[str, float | None]:
        """Mean data loss and accuracy on the training and test splits (None where not defined)."""
        names = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
        return dict(zip(names, self._metrics(), strict=True))

    def _release(self) -> None:
        """Give the buffers back to the network for its next fit; this trainer is done."""
        self._workspace.give_back(self.net)

    def _record(self) -> None:
        train_loss, test_loss, train_accuracy, test_accuracy = self._metrics()
        history = self.history
        history.step.append(self.steps)
        history.epoch.append(self.epoch_fraction)
        history.train_loss.append(train_loss)
        history.test_loss.append(test_loss)
        history.train_accuracy.append(train_accuracy)
        history.test_accuracy.append(test_accuracy)
        history.grad_norms.append(self.last_grad_norms)
