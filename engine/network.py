"""A fully connected network: parameters, forward pass, backpropagation and JSON-able state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from .activations import get_activation, get_output
from .initializers import default_initializer, get_initializer
from .kernel import GradientKernel, Kernel
from .losses import encode_targets, resolve_loss
from .parameters import ParameterBuffer, ParameterList
from .regularizers import get_regularizer

if TYPE_CHECKING:
    from .training import History
    from .workspace import Workspace

_KERNEL_CACHE_SIZE = 6
_FLOAT32_TINY = np.finfo(np.float32).tiny


KernelType = TypeVar("KernelType", bound=Kernel)


def _cached(cache: dict[Any, KernelType], key: Any, build: Callable[[], KernelType]) -> KernelType:
    """Look up a kernel in a small most-recently-used cache, building it when missing."""
    kernel = cache.pop(key, None)
    if kernel is None:
        kernel = build()
        if len(cache) >= _KERNEL_CACHE_SIZE:
            del cache[next(iter(cache))]  # dicts keep insertion order: the first is the oldest
    cache[key] = kernel
    return kernel


@dataclass(frozen=True)
class Trace:
    """Each layer's pre-activation z[l] and activation a[l], (n, sizes[l+1]); a[-1] = output."""

    inputs: np.ndarray
    z: tuple[np.ndarray, ...]
    a: tuple[np.ndarray, ...]


@dataclass(frozen=True)
class Gradients:
    """dL/dW^l (sizes[l], sizes[l+1]) and dL/db^l (sizes[l+1],) for every layer."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]

    def weight_norms(self) -> np.ndarray:
        """Per-layer Frobenius norm of dL/dW, shape (L,)."""
        return np.array([np.sqrt(np.vdot(g, g)) for g in self.weights])


@dataclass(frozen=True)
class Backprop:
    """One backward pass: losses, the forward trace, dL/dz per layer and the parameter gradients."""

    loss: float  # data_loss + penalty
    data_loss: float
    penalty: float
    trace: Trace
    delta: tuple[np.ndarray, ...]  # delta[l] = dL/dz^l of the mean loss, (n, sizes[l+1])
    grads: Gradients


class Network:
    """A feed-forward network with batch-first maths: z^l = a^(l-1) W^l + b^l, a^l = f(z^l)."""

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Sequence[str] = "tanh",
        output: str = "sigmoid",
        init: str | None = None,
        seed: int = 0,
    ) -> None:
        self.sizes = tuple(int(s) for s in sizes)
        if len(self.sizes) < 2 or min(self.sizes) < 1:
            raise ValueError(f"sizes needs an input and an output size, all >= 1; got {sizes}")
        n_hidden = len(self.sizes) - 2
        names = [activation] if isinstance(activation, str) else list(activation)
        if len(names) == 1:  # one name applies to every hidden layer
            names *= n_hidden
        if len(names) != n_hidden:
            raise ValueError(f"{len(names)} activations given for {n_hidden} hidden layer(s)")
        self._hidden = tuple(get_activation(name) for name in names)
        self._output = get_output(output)
        self.activations = tuple(names)
        self.output = output
        self.init = init
        self.seed = seed
        self._parameters = ParameterBuffer(self.sizes)
        self.weights = ParameterList(self._parameters.weights, "weights")
        self.biases = ParameterList(self._parameters.biases, "biases")
        self._forward_kernels: dict[tuple[int, str], Kernel] = {}
        self._gradient_kernels: dict[int, GradientKernel] = {}
        self._spare_workspaces: dict[int, Workspace] = {}  # Trainer buffers per training-set size
        self._float32_blocks = [np.empty(b.T.shape, np.float32) for b in self._parameters.blocks]
        self._float32_source = np.full_like(self._parameters.flat, np.nan)  # flat at last copy
        rng = np.random.default_rng(seed)
        layer_activations = (*self.activations, output)  # the function each weight layer feeds
        for layer, layer_activation in enumerate(layer_activations):
            name = default_initializer(layer_activation) if init is None else init
            fan_in, fan_out = self.sizes[layer], self.sizes[layer + 1]
            self.weights[layer] = get_initializer(name).draw(fan_in, fan_out, rng)

    @property
    def n_layers(self) -> int:
        """Number of weight layers L (hidden layers + output layer)."""
        return len(self.sizes) - 1

    @property
    def n_parameters(self) -> int:
        """Total count of weights and biases."""
        return self._parameters.flat.size

    def __repr__(self) -> str:
        return (
            f"Network(sizes={list(self.sizes)}, activation={list(self.activations)}, "
            f"output={self.output!r})"
        )

    def _checked_inputs(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}), got {X.shape}")
        return X

    def _transposed_blocks(self, dtype: np.dtype) -> list[np.ndarray]:
        """Parameter blocks as (fan_out, fan_in + 1): views in float64, cached copies in float32."""
        if dtype == np.float64:
            return [b.T for b in self._parameters.blocks]
        flat = self._parameters.flat
        if not np.array_equal(flat, self._float32_source):  # refresh only after weights changed
            for copy, block in zip(self._float32_blocks, self._parameters.blocks, strict=True):
                with np.errstate(over="ignore"):  # a diverging net's huge weights become inf
                    np.copyto(copy, block.T, casting="same_kind")
                # Subnormals take a slow path in the CPU and are far below any visible effect.
                copy[np.abs(copy) < _FLOAT32_TINY] = 0.0
            np.copyto(self._float32_source, flat)
        return self._float32_blocks

    def _forward_kernel(self, n: int, dtype: np.dtype) -> Kernel:
        return _cached(
            self._forward_kernels,
            (n, dtype.name),
            lambda: Kernel(
                self.sizes, self._hidden, self._output, self._transposed_blocks(dtype), n, dtype
            ),
        )

    def _gradient_kernel(self, n: int) -> GradientKernel:
        return _cached(self._gradient_kernels, n, lambda: self._build_gradient_kernel(n))

    def _build_gradient_kernel(self, n: int) -> GradientKernel:
        return GradientKernel(self.sizes, self._hidden, self._output, self._parameters, n)

    def forward(self, X: np.ndarray, dtype: type = np.float64) -> Trace:
        """Every layer's z and a for X (n, d), in float64 or float32.

        The returned arrays are read-only views of buffers that the next forward() with the same
        n and dtype overwrites; copy them to keep them.
        """
        X = self._checked_inputs(X)
        dtype = np.dtype(dtype)
        if dtype not in (np.float64, np.float32):
            raise ValueError(f"dtype must be float64 or float32, got {dtype}")
        kernel = self._forward_kernel(X.shape[0], dtype)
        if dtype == np.float32:
            self._transposed_blocks(dtype)  # refreshes the float32 copies the kernel reads
        # Feature-major inputs: a transposed view as the first operand makes OpenBLAS split a
        # (8 x 10,000) product over threads, which on a loaded machine costs more than the math.
        np.copyto(kernel.inputs_t[:-1], X.T, casting="same_kind")
        kernel.forward_feature_major(kernel.inputs_t)
        return Trace(inputs=X, z=kernel.z_rows, a=kernel.a_rows)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Outputs (n, sizes[-1]): probabilities for sigmoid/softmax, values for linear."""
        return self.forward(X).a[-1].copy()

    def backprop(
        self,
        X: np.ndarray,
        y: np.ndarray,
        loss: str | None = None,
        regularization: str | None = None,
        rate: float = 0.0,
    ) -> Backprop:
        """Forward and backward pass on (X, y); everything returned is a fresh copy."""
        X = self._checked_inputs(X)
        targets = encode_targets(y, self.output, self.sizes[-1])  # (n, k)
        if targets.shape[0] != X.shape[0]:
            raise ValueError(f"X has {X.shape[0]} rows but y has {targets.shape[0]}")
        kernel = self._gradient_kernel(X.shape[0])
        np.copyto(kernel.inputs[:, :-1], X)
        data_loss, penalty = kernel.loss_and_gradients(
            kernel.inputs.T,  # (d + 1, n)
            np.ascontiguousarray(targets.T),  # (k, n)
            resolve_loss(loss, self.output),
            get_regularizer(regularization),
            float(rate),
        )
        grad = kernel.grad
        return Backprop(
            loss=data_loss + penalty,
            data_loss=data_loss,
            penalty=penalty,
            trace=Trace(
                inputs=X,
                z=tuple(z.copy() for z in kernel.z_rows),
                a=tuple(a.copy() for a in kernel.a_rows),
            ),
            delta=tuple(d.copy() for d in kernel.delta_rows),
            grads=Gradients(
                weights=tuple(w.copy() for w in grad.weights),
                biases=tuple(b.copy() for b in grad.biases),
            ),
        )

    def loss_and_gradients(
        self,
        X: np.ndarray,
        y: np.ndarray,
        loss: str | None = None,
        regularization: str | None = None,
        rate: float = 0.0,
    ) -> tuple[float, Gradients]:
        """Mean loss (with penalty) and its gradients with respect to every weight and bias."""
        result = self.backprop(X, y, loss=loss, regularization=regularization, rate=rate)
        return result.loss, result.grads

    def fit(
        self,
        X: np.ndarray,
        y: np.ndarray,
        optimizer: str = "adam",
        learning_rate: float = 0.01,
        batch_size: int = 10,
        epochs: int = 100,
        seed: int = 0,
        loss: str | None = None,
        regularization: str | None = None,
        rate: float = 0.0,
        X_test: np.ndarray | None = None,
        y_test: np.ndarray | None = None,
    ) -> History:
        """Train in place for whole epochs; return the History (one row per epoch)."""
        from .training import Trainer

        if np.shape(X)[0] == 0:
            raise ValueError("the training set is empty: nothing to fit")
        trainer = Trainer(
            self,
            X,
            y,
            X_test=X_test,
            y_test=y_test,
            optimizer=optimizer,
            learning_rate=learning_rate,
            batch_size=batch_size,
            regularization=regularization,
            rate=rate,
            seed=seed,
            loss=loss,
        )
        trainer.run_epochs(epochs)
        trainer._release()  # the next fit on this network reuses its kernels and buffers
        return trainer.history

    def get_state(self) -> dict[str, Any]:
        """Architecture and parameters as plain lists (JSON-able)."""
        return {
            "sizes": list(self.sizes),
            "activations": list(self.activations),
            "output": self.output,
            "weights": [w.tolist() for w in self.weights],
            "biases": [b.tolist() for b in self.biases],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Network:
        """Rebuild a network saved by get_state()."""
        net = cls(state["sizes"], list(state["activations"]), state["output"], init="zeros")
        if len(state["weights"]) != net.n_layers or len(state["biases"]) != net.n_layers:
            raise ValueError(f"state must hold {net.n_layers} weight and bias arrays")
        for layer in range(net.n_layers):
            net.weights[layer] = state["weights"][layer]
            net.biases[layer] = state["biases"][layer]
        return net

    def copy(self) -> Network:
        """An independent network with the same architecture and parameters."""
        twin = Network(self.sizes, list(self.activations), self.output, init="zeros")
        twin.init, twin.seed = self.init, self.seed
        np.copyto(twin._parameters.flat, self._parameters.flat)
        return twin
