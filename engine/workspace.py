"""The buffers a Trainer works in, pooled by the network so the next fit() allocates nothing.

A Trainer needs a shuffled copy of its training split, a view per mini-batch with the gradient
kernel of that batch length, forward kernels for the whole-split metrics, a copy of the weights to
roll a diverged step back to, and a seeded generator. Building them costs more than a few training
steps, so `Network.fit` gives them back to its network when it returns, and the next Trainer on
that network with as many training rows takes them. Taking one removes it from the pool: a
workspace serves one Trainer at a time, and every buffer in it is overwritten before it is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .kernel import GradientKernel, Kernel

if TYPE_CHECKING:
    from .network import Network

_POOL_SIZE = 4  # training-set sizes kept per network
_SEED_STATES = 8  # generator start states kept per workspace
_SPLIT_SIZES = 4  # evaluation kernels kept per workspace (a Trainer uses two: train and test)

# inputs_t (d + 1, b), targets (k, b), the kernel for b rows and its logits as a (k * b,) vector
Batch = tuple[np.ndarray, np.ndarray, GradientKernel, np.ndarray]


class Workspace:
    """Shuffle buffers, mini-batches with their kernels and evaluation kernels for n rows."""

    def __init__(self, net: Network, n: int) -> None:
        self.n = n
        # The architecture and parameters, not the network: a pooled workspace must not keep its
        # network alive through a reference cycle.
        self._architecture = (net.sizes, net._hidden, net._output, net._parameters)
        self.shuffled_inputs = np.empty((n, net.sizes[0] + 1))  # (n, d + 1) rows in epoch order
        self.shuffled_targets = np.empty((net.sizes[-1], n))  # (k, n)
        self.last_finite = np.empty_like(net._parameters.flat)  # (P,)
        self.batch_size = 0
        self.batches: list[Batch] = []
        self._kernels: dict[int, GradientKernel] = {}  # per batch length
        self._evaluation: dict[int, tuple[Kernel, np.ndarray, np.ndarray]] = {}  # per split length
        self._generator: np.random.Generator | None = None
        self._seed_states: dict[int, dict[str, Any]] = {}

    @classmethod
    def take(cls, net: Network, n: int) -> Workspace:
        """The network's spare workspace for n training rows, or a new one."""
        return net._spare_workspaces.pop(n, None) or cls(net, n)

    def give_back(self, net: Network) -> None:
        """Return to the network's pool; the Trainer that held it must not train again."""
        pool = net._spare_workspaces
        if len(pool) >= _POOL_SIZE:
            del pool[next(iter(pool))]  # dicts keep insertion order: the first is the oldest
        pool[self.n] = self

    def set_batch_size(self, batch_size: int) -> None:
        """Cut the shuffled buffers into mini-batches; the last one may be shorter."""
        if batch_size == self.batch_size:
            return
        kernels: dict[int, GradientKernel] = {}  # per batch length: full size and a shorter last
        self.batches = []
        for start in range(0, self.n, batch_size):
            stop = min(start + batch_size, self.n)
            length = stop - start
            if length not in kernels:
                kept = self._kernels.get(length)
                kernels[length] = kept or GradientKernel(*self._architecture, length)
            inputs_t = self.shuffled_inputs[start:stop].T  # (d + 1, b)
            targets = self.shuffled_targets[:, start:stop]  # (k, b)
            kernel = kernels[length]
            self.batches.append((inputs_t, targets, kernel, kernel.logits_vector))
        self._kernels = kernels
        self.batch_size = batch_size

    def generator(self, seed: int) -> np.random.Generator:
        """A generator in the state np.random.default_rng(seed) starts in."""
        if type(seed) is not int:  # SeedSequence, None (fresh entropy), ...: nothing to reuse
            return np.random.default_rng(seed)
        state = self._seed_states.get(seed)
        if state is None or self._generator is None:
            self._generator = np.random.default_rng(seed)
            if len(self._seed_states) >= _SEED_STATES:
                self._seed_states.clear()
            self._seed_states[seed] = self._generator.bit_generator.state
        else:
            self._generator.bit_generator.state = state  # copies the values: state stays pristine
        return self._generator

    def evaluation(self, n: int) -> tuple[Kernel, np.ndarray, np.ndarray]:
        """A float64 forward kernel for n rows, a (k, n) loss scratch and a (k, n) bool scratch."""
        entry = self._evaluation.get(n)
        if entry is None:
            sizes, hidden, output, parameters = self._architecture
            kernel = Kernel(sizes, hidden, output, [b.T for b in parameters.blocks], n)
            entry = (kernel, np.empty_like(kernel.a[-1]), np.empty(kernel.a[-1].shape, bool))
            if len(self._evaluation) >= _SPLIT_SIZES:
                self._evaluation.clear()
            self._evaluation[n] = entry
        return entry
