"""Optimisers that update the whole flat parameter vector in place with preallocated buffers.

Each keeps its state (velocity, moments) as flat arrays of the parameter count, so one step is a
handful of vectorised calls whatever the network's depth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_multiply, _subtract = np.multiply, np.subtract  # module names: SGD runs at every training step


class Optimizer:
    """Base: holds the learning rate as a 0-d array (cheaper in ufuncs than a Python float)."""

    def __init__(self, n_params: int, learning_rate: float) -> None:
        self._lr = np.array(0.0)
        self._scratch = np.empty(n_params)  # (P,)
        self.learning_rate = learning_rate

    @property
    def learning_rate(self) -> float:
        """The step size."""
        return float(self._lr)

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._lr.fill(value)

    def update(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Move params one step against grad (both flat, params changed in place)."""
        raise NotImplementedError


class SGD(Optimizer):
    """w <- w - lr g."""

    def update(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Plain gradient step."""
        scratch = self._scratch
        _multiply(grad, self._lr, scratch)
        _subtract(params, scratch, params)


class Momentum(Optimizer):
    """v <- mu v - lr g; w <- w + v (heavy ball, mu = 0.9)."""

    def __init__(self, n_params: int, learning_rate: float, momentum: float = 0.9) -> None:
        super().__init__(n_params, learning_rate)
        self._momentum = np.array(momentum)
        self._velocity = np.zeros(n_params)  # (P,)

    def update(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Step along the decaying sum of past gradients."""
        np.multiply(self._velocity, self._momentum, self._velocity)
        np.multiply(grad, self._lr, self._scratch)
        np.subtract(self._velocity, self._scratch, self._velocity)
        np.add(params, self._velocity, params)


class RMSprop(Optimizer):
    """s <- rho s + (1 - rho) g^2; w <- w - lr g / (sqrt(s) + eps)."""

    def __init__(
        self, n_params: int, learning_rate: float, rho: float = 0.9, eps: float = 1e-8
    ) -> None:
        super().__init__(n_params, learning_rate)
        self._rho, self._one_minus_rho = np.array(rho), np.array(1.0 - rho)
        self._eps = np.array(eps)
        self._mean_square = np.zeros(n_params)  # (P,)

    def update(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Scale each coordinate by its running RMS gradient."""
        scratch, mean_square = self._scratch, self._mean_square
        np.multiply(grad, grad, scratch)
        np.multiply(scratch, self._one_minus_rho, scratch)
        np.multiply(mean_square, self._rho, mean_square)
        np.add(mean_square, scratch, mean_square)
        np.sqrt(mean_square, scratch)
        np.add(scratch, self._eps, scratch)
        np.divide(grad, scratch, scratch)
        np.multiply(scratch, self._lr, scratch)
        np.subtract(params, scratch, params)


class Adam(Optimizer):
    """Adam (Kingma & Ba) with bias correction folded into the step size."""

    def __init__(
        self,
        n_params: int,
        learning_rate: float,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(n_params, learning_rate)
        self._beta1, self._beta2 = beta1, beta2
        self._b1, self._one_minus_b1 = np.array(beta1), np.array(1.0 - beta1)
        self._b2, self._one_minus_b2 = np.array(beta2), np.array(1.0 - beta2)
        self._eps = np.array(eps)
        self._step_size = np.array(0.0)
        self._mean = np.zeros(n_params)  # (P,) first moment
        self._mean_square = np.zeros(n_params)  # (P,) second moment
        self._t = 0

    def update(self, params: np.ndarray, grad: np.ndarray) -> None:
        """w <- w - lr_t m / (sqrt(v) + eps), lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)."""
        self._t += 1
        t = self._t
        self._step_size.fill(
            float(self._lr) * (1.0 - self._beta2**t) ** 0.5 / (1.0 - self._beta1**t)
        )
        scratch, mean, mean_square = self._scratch, self._mean, self._mean_square
        np.multiply(mean, self._b1, mean)
        np.multiply(grad, self._one_minus_b1, scratch)
        np.add(mean, scratch, mean)
        np.multiply(grad, grad, scratch)
        np.multiply(scratch, self._one_minus_b2, scratch)
        np.multiply(mean_square, self._b2, mean_square)
        np.add(mean_square, scratch, mean_square)
        np.sqrt(mean_square, scratch)
        np.add(scratch, self._eps, scratch)
        np.divide(mean, scratch, scratch)
        np.multiply(scratch, self._step_size, scratch)
        np.subtract(params, scratch, params)


@dataclass(frozen=True)
class OptimizerSpec:
    """A registry entry: UI label and the class to build."""

    name: str
    label: str
    build: type[Optimizer]


OPTIMIZERS: dict[str, OptimizerSpec] = {
    o.name: o
    for o in (
        OptimizerSpec("sgd", "SGD", SGD),
        OptimizerSpec("momentum", "Momentum", Momentum),
        OptimizerSpec("adam", "Adam", Adam),
        OptimizerSpec("rmsprop", "RMSprop", RMSprop),
    )
}


def make_optimizer(name: str, n_params: int, learning_rate: float) -> Optimizer:
    """Build the named optimiser for a flat vector of n_params."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose from {sorted(OPTIMIZERS)}")
    return OPTIMIZERS[name].build(n_params, learning_rate)
