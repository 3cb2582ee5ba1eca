"""Activation functions, each stored next to its derivative, plus the three output layers.

Every function is called as f(z, out) or f'(z, a, out) and writes into ``out`` (allocated when
omitted) so the training loop reuses buffers; tanh and sine are numpy's ufuncs themselves, which
saves a Python call per layer. Derivatives run only in float64 (training); functions also run in
float32 for the prediction grid.
Hidden activations are elementwise and do not care about array layout. Output activations receive
the kernel's feature-major arrays ``(k, n)``: one column per example, so softmax normalises columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

ArrayFunction = Callable[..., np.ndarray]

LEAKY_SLOPE = 0.01


def _constants(value: float) -> dict[np.dtype, np.ndarray]:
    # 0-d arrays of the operand's dtype: a Python float costs a conversion on every ufunc call and
    # a float64 constant would silently promote the float32 grid pass.
    return {np.dtype(t): np.array(value, dtype=t) for t in (np.float64, np.float32)}


_ZERO, _HALF = _constants(0.0), _constants(0.5)
# Module names for the ufuncs of the per-step functions: an attribute lookup is a tenth of a call.
_add, _multiply, _subtract, _tanh = np.add, np.multiply, np.subtract, np.tanh
_LEAKY = _constants(LEAKY_SLOPE)
# Derivatives only run in float64 training, so their constants need no dtype lookup.
_ZERO64, _ONE64 = np.array(0.0), np.array(1.0)
_LEAKY_MEAN = np.array((1.0 + LEAKY_SLOPE) / 2)
_LEAKY_HALF_GAP = np.array((1.0 - LEAKY_SLOPE) / 2)


def _buffer(z: np.ndarray, out: np.ndarray | None) -> np.ndarray:
    return np.empty_like(z) if out is None else out


def relu(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """max(z, 0)."""
    return np.maximum(z, _ZERO[z.dtype], out=out)


def relu_derivative(z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1 where z > 0, else 0 (sign of a = relu(z) >= 0)."""
    return np.sign(a, out)


def leaky_relu(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """max(z, 0.01 z)."""
    out = np.multiply(z, _LEAKY[z.dtype], _buffer(z, out))
    return np.maximum(z, out, out=out)


def leaky_relu_derivative(
    z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """1 where z > 0, else 0.01: (1 + s)/2 + (1 - s)/2 * sign(z) for slope s, without a mask."""
    out = np.sign(z, _buffer(z, out))
    np.multiply(out, _LEAKY_HALF_GAP, out)
    return np.add(out, _LEAKY_MEAN, out)


def elu(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """z for z > 0, else exp(z) - 1."""
    out = np.minimum(z, _ZERO[z.dtype], out=_buffer(z, out))
    np.expm1(out, out)  # expm1 keeps precision near 0 where exp(z) - 1 would cancel
    return np.maximum(out, z, out=out)  # expm1(min(z, 0)) >= z when z <= 0 and is 0 when z > 0


def elu_derivative(z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1 for z > 0, else exp(z)."""
    out = np.minimum(z, _ZERO64, out=_buffer(z, out))
    return np.exp(out, out)


def tanh_derivative(z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1 - tanh(z)^2, reusing a = tanh(z)."""
    out = _multiply(a, a, out)  # a ufunc allocates when out is None
    return _subtract(_ONE64, out, out)


def sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1 / (1 + exp(-z)), computed as (1 + tanh(z/2)) / 2, which cannot overflow."""
    half = _HALF[z.dtype]
    out = _multiply(z, half, out)  # a ufunc allocates when out is None
    _tanh(out, out)
    _multiply(out, half, out)
    return _add(out, half, out)


def sigmoid_derivative(z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """sigmoid(z) (1 - sigmoid(z)), reusing a = sigmoid(z)."""
    out = _subtract(_ONE64, a, out)  # a ufunc allocates when out is None
    return _multiply(out, a, out)


def softplus(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """log(1 + exp(z)) via logaddexp, finite for every finite z."""
    return np.logaddexp(_ZERO[z.dtype], z, out)


def softplus_derivative(z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """sigmoid(z), written as 1 - exp(-softplus(z)) = -expm1(-a) to stay accurate for any z."""
    out = np.negative(a, _buffer(z, out))
    np.expm1(out, out)
    return np.negative(out, out)


def sine_derivative(z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """cos(z)."""
    return np.cos(z, out)


def linear(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Identity."""
    if out is None:
        return z.copy()
    np.copyto(out, z)
    return out


def linear_derivative(z: np.ndarray, a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1 everywhere."""
    out = _buffer(z, out)
    out.fill(1.0)
    return out


@dataclass(frozen=True)
class Activation:
    """A hidden-layer nonlinearity: f(z, out) and f'(z) computed from (z, a = f(z), out)."""

    name: str
    label: str
    function: ArrayFunction
    derivative: ArrayFunction
    relu_like: bool  # picks He initialisation by default


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("relu", "ReLU", relu, relu_derivative, relu_like=True),
        Activation("leaky_relu", "Leaky ReLU", leaky_relu, leaky_relu_derivative, relu_like=True),
        Activation("elu", "ELU", elu, elu_derivative, relu_like=True),
        Activation("tanh", "Tanh", np.tanh, tanh_derivative, relu_like=False),
        Activation("sigmoid", "Sigmoid", sigmoid, sigmoid_derivative, relu_like=False),
        Activation("softplus", "Softplus", softplus, softplus_derivative, relu_like=False),
        Activation("sine", "Sine", np.sin, sine_derivative, relu_like=False),
        Activation("linear", "Linear", linear, linear_derivative, relu_like=False),
    )
}


def softmax(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Column-wise softmax of feature-major logits (k, n), shifted by the column max so exp <= 1."""
    out = np.subtract(z, z.max(axis=0), _buffer(z, out))  # (k, n)
    np.exp(out, out)
    return np.divide(out, out.sum(axis=0), out)


def sigmoid_vjp(outputs: np.ndarray, upstream: np.ndarray, out: np.ndarray) -> np.ndarray:
    """dL/dz from dL/dyhat for elementwise sigmoid: g * yhat * (1 - yhat)."""
    slope = sigmoid_derivative(outputs, outputs)
    return np.multiply(upstream, slope, out)


def softmax_vjp(outputs: np.ndarray, upstream: np.ndarray, out: np.ndarray) -> np.ndarray:
    """dL/dz from dL/dyhat through softmax: yhat * (g - sum_k g_k yhat_k), per column."""
    weighted_mean = np.einsum("kn,kn->n", upstream, outputs)  # (n,)
    np.subtract(upstream, weighted_mean, out)
    return np.multiply(out, outputs, out)


def linear_vjp(outputs: np.ndarray, upstream: np.ndarray, out: np.ndarray) -> np.ndarray:
    """dL/dz equals dL/dyhat for the identity."""
    np.copyto(out, upstream)
    return out


@dataclass(frozen=True)
class OutputActivation:
    """The last layer's function and its vector-Jacobian product (for losses not paired with it)."""

    name: str
    label: str
    function: ArrayFunction
    vjp: ArrayFunction


OUTPUTS: dict[str, OutputActivation] = {
    o.name: o
    for o in (
        OutputActivation("sigmoid", "Sigmoid", sigmoid, sigmoid_vjp),
        OutputActivation("softmax", "Softmax", softmax, softmax_vjp),
        OutputActivation("linear", "Linear", linear, linear_vjp),
    )
}


def get_activation(name: str) -> Activation:
    """Look up a hidden activation by name, with the valid names in the error."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose from {sorted(ACTIVATIONS)}"
        ) from None


def get_output(name: str) -> OutputActivation:
    """Look up an output activation by name, with the valid names in the error."""
    try:
        return OUTPUTS[name]
    except KeyError:
        raise ValueError(f"unknown output {name!r}; choose from {sorted(OUTPUTS)}") from None
