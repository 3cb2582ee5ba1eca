"""Backpropagation written out layer by layer, in the course's notation, with plain numpy.

Layers are counted as in the course: weight layer l = 1..L maps a^(l-1) to z^l = a^(l-1) W^l + b^l,
a^l = f(z^l), and a^0 = x. Python sequences here are indexed l - 1 (z[0] is z^1, weights[0] is W^1),
except `a`, which starts with a^0 = x. The loss is always the output's paired loss (the app trains
with it), so dL/dz^L = yhat - y for every output. Everything runs in float64 and never touches the
engine's kernels: the numbers shown to students are computed independently of the trainer's.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from engine import Network
from engine.activations import ACTIVATIONS, OUTPUTS
from engine.losses import encode_targets, resolve_loss


@dataclass(frozen=True)
class Walkthrough:
    """A forward and backward pass on (X, y) with every intermediate value, for the mean loss."""

    targets: np.ndarray  # (n, k) encoded y
    z: tuple[np.ndarray, ...]  # z[l-1] = z^l, (n, sizes[l])
    a: tuple[np.ndarray, ...]  # a[l] = a^l, a[0] = x, a[L] = yhat
    point_losses: np.ndarray  # (n,) data loss of each point
    penalty: float
    delta: tuple[np.ndarray, ...]  # delta[l-1] = dL/dz^l of the mean loss, (n, sizes[l])
    upstream: tuple[np.ndarray, ...]  # upstream[l-1] = dL/da^l for hidden l = 1..L-1
    slopes: tuple[np.ndarray, ...]  # slopes[l-1] = f'(z^l) for hidden l = 1..L-1
    data_grad_weights: tuple[np.ndarray, ...]  # (a^(l-1))^T dL/dz^l, (sizes[l-1], sizes[l])
    penalty_grad_weights: tuple[np.ndarray, ...]  # d(penalty)/dW^l, zeros without regularization
    grad_biases: tuple[np.ndarray, ...]  # column sums of dL/dz^l, (sizes[l],)

    @property
    def data_loss(self) -> float:
        """Mean data loss over the points."""
        return float(np.mean(self.point_losses))

    @property
    def loss(self) -> float:
        """Mean data loss plus the weight penalty: what training minimises."""
        return self.data_loss + self.penalty

    @property
    def grad_weights(self) -> tuple[np.ndarray, ...]:
        """dL/dW^l including the penalty's part."""
        return tuple(
            d + p for d, p in zip(self.data_grad_weights, self.penalty_grad_weights, strict=True)
        )

    @property
    def output_error(self) -> np.ndarray:
        """yhat - y per point, (n, k): dL/dz^L of each point's own loss."""
        return self.a[-1] - self.targets


@dataclass(frozen=True)
class ChainPath:
    """One path from z^l_j to the output: units k_l..k_L, the f'(z) and w factors on the way."""

    units: tuple[int, ...]  # (j, k_(l+1), ..., k_L)
    slopes: tuple[float, ...]  # f'(z^m_(k_m)) for m = l..L-1
    weights: tuple[float, ...]  # w^(m+1)_(k_m k_(m+1)) for m = l..L-1
    output_error: float  # yhat_(k_L) - y_(k_L)
    product: float


def hidden_derivative(name: str, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """f'(z) of a hidden activation from the engine's registry."""
    return ACTIVATIONS[name].derivative(z, a)


def penalty_value(weights: list[np.ndarray], regularization: str | None, rate: float):
    """rate * sum |w| (l1) or rate * sum w^2 / 2 (l2); one value per copy for stacked weights."""
    if regularization in (None, "none") or rate == 0.0:
        return np.zeros(weights[0].shape[:-2])
    if regularization not in ("l1", "l2"):
        raise ValueError(f"unknown regularization {regularization!r}")
    sizes = [np.abs(w) if regularization == "l1" else 0.5 * w * w for w in weights]
    return rate * sum(size.sum(axis=(-2, -1)) for size in sizes)


def penalty_gradients(
    weights: list[np.ndarray], regularization: str | None, rate: float
) -> tuple[np.ndarray, ...]:
    """d(penalty)/dW^l: rate * sign(W) (l1), rate * W (l2), zeros without regularization."""
    if regularization in (None, "none") or rate == 0.0:
        return tuple(np.zeros_like(w) for w in weights)
    return tuple(rate * (np.sign(w) if regularization == "l1" else w) for w in weights)


def forward(
    net: Network, X: np.ndarray, weights: list[np.ndarray], biases: list[np.ndarray]
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """z^l and a^l for every layer (a starts with a^0 = X) with the given parameters.

    Parameters may carry a leading stack axis, W (c, fan_in, fan_out) and b (c, fan_out): then
    every array gets one: c networks side by side, (c, n, units).
    """
    a = [np.asarray(X, dtype=np.float64)]  # (n, d)
    z: list[np.ndarray] = []
    names = (*net.activations, net.output)
    for layer, name in enumerate(names):
        z.append(a[-1] @ weights[layer] + biases[layer][..., None, :])  # (..., n, sizes[l])
        if layer < len(names) - 1:
            a.append(ACTIVATIONS[name].function(z[-1]))
        else:
            rows = z[-1].reshape(-1, z[-1].shape[-1])  # output functions are feature-major
            a.append(OUTPUTS[name].function(rows.T).T.reshape(z[-1].shape))
    return z, a


def point_losses(output: str, logits: np.ndarray, outputs: np.ndarray, targets: np.ndarray):
    """Each point's data loss (..., n) under the output's paired loss, from the logits if stable."""
    name = resolve_loss(None, output).name
    if name == "bce":  # -y log s - (1 - y) log(1 - s) = log(1 + e^z) - y z
        return (np.logaddexp(0.0, logits) - targets * logits).sum(axis=-1)
    if name == "cross_entropy":  # -sum_k y_k log softmax(z)_k = logsumexp(z) - y . z
        top = logits.max(axis=-1, keepdims=True)  # (..., n, 1) shift keeps exp <= 1
        log_sum_exp = np.log(np.exp(logits - top).sum(axis=-1)) + top[..., 0]
        return log_sum_exp - (targets * logits).sum(axis=-1)
    return 0.5 * ((outputs - targets) ** 2).sum(axis=-1)  # mse: 1/2 ||yhat - y||^2


def walkthrough(
    net: Network, X: np.ndarray, y: np.ndarray, regularization: str | None = None, rate: float = 0.0
) -> Walkthrough:
    """Forward and backward pass of the mean loss on (X, y), keeping every intermediate value."""
    weights = [np.array(w, dtype=np.float64) for w in net.weights]
    biases = [np.array(b, dtype=np.float64) for b in net.biases]
    X = np.atleast_2d(np.asarray(X, dtype=np.float64))  # (n, d)
    targets = encode_targets(np.asarray(y), net.output, net.sizes[-1])  # (n, k)
    n, L = X.shape[0], len(weights)
    with np.errstate(all="ignore"):  # a diverged network shows NaN instead of warning
        z, a = forward(net, X, weights, biases)
        losses = point_losses(net.output, z[-1], a[-1], targets)
        delta: list[np.ndarray] = [np.empty(0)] * L
        upstream: list[np.ndarray] = [np.empty(0)] * (L - 1)
        slopes: list[np.ndarray] = [np.empty(0)] * (L - 1)
        delta[L - 1] = (a[L] - targets) / n  # (n, k) paired loss: dL/dz^L = (yhat - y) / n
        for layer in range(L - 1, 0, -1):  # layer = l - 1 for l = L..2
            upstream[layer - 1] = delta[layer] @ weights[layer].T  # (n, sizes[l-1])
            slopes[layer - 1] = hidden_derivative(
                net.activations[layer - 1], z[layer - 1], a[layer]
            )
            delta[layer - 1] = upstream[layer - 1] * slopes[layer - 1]  # times diag(f'(z))
        data_grads = tuple(a[layer].T @ delta[layer] for layer in range(L))  # (fan_in, fan_out)
    return Walkthrough(
        targets=targets,
        z=tuple(z),
        a=tuple(a),
        point_losses=losses,
        penalty=float(penalty_value(weights, regularization, rate)),
        delta=tuple(delta),
        upstream=tuple(upstream),
        slopes=tuple(slopes),
        data_grad_weights=data_grads,
        penalty_grad_weights=penalty_gradients(weights, regularization, rate),
        grad_biases=tuple(d.sum(axis=0) for d in delta),
    )


def loss_value(
    net: Network, X: np.ndarray, y: np.ndarray, regularization: str | None = None, rate: float = 0.0
) -> float:
    """Mean data loss plus penalty of the network on (X, y)."""
    weights = [np.asarray(w, np.float64) for w in net.weights]
    biases = [np.asarray(b, np.float64) for b in net.biases]
    return float(stacked_losses(net, X, y, weights, biases, regularization, rate))


def stacked_losses(
    net: Network,
    X: np.ndarray,
    y: np.ndarray,
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    regularization: str | None = None,
    rate: float = 0.0,
) -> np.ndarray:
    """Mean data loss plus penalty on (X, y) for parameters with an optional leading stack axis."""
    targets = encode_targets(np.asarray(y), net.output, net.sizes[-1])  # (n, k)
    with np.errstate(all="ignore"):
        z, a = forward(net, np.atleast_2d(X), weights, biases)
        data = point_losses(net.output, z[-1], a[-1], targets).mean(axis=-1)  # (...,)
    return data + penalty_value(weights, regularization, rate)


def path_count(sizes: tuple[int, ...], layer: int) -> int:
    """How many paths lead from one unit of layer `layer` to the output: the widths after it."""
    return int(np.prod(sizes[layer + 1 :], dtype=np.int64))


def chain_paths(net: Network, walk: Walkthrough, layer: int, j: int, point: int = 0):
    """Every path from z^l_j to the output for one point, with its factors and product.

    The sum of the products is that point's dL/dz^l_j (its own loss, not divided by n).
    """
    L = net.n_layers
    slopes = [s[point] for s in walk.slopes]  # slopes[m-1] = f'(z^m), hidden m
    error = walk.output_error[point]  # (k,)
    paths = []
    later_units = [range(size) for size in net.sizes[layer + 1 :]]
    for tail in itertools.product(*later_units):
        units = (j, *tail)
        path_slopes = tuple(float(slopes[m - 1][units[m - layer]]) for m in range(layer, L))
        path_weights = tuple(
            float(net.weights[m][units[m - layer], units[m - layer + 1]]) for m in range(layer, L)
        )
        output_error = float(error[units[-1]])
        with np.errstate(all="ignore"):  # a diverged network's paths are inf or NaN
            product = float(np.prod(path_slopes) * np.prod(path_weights) * output_error)
        paths.append(ChainPath(units, path_slopes, path_weights, output_error, product))
    return paths


def path_edges(sizes: tuple[int, ...], layer: int, i: int, j: int) -> set[tuple[int, int, int]]:
    """Diagram edges (weight index, i, j) on the chain rule of w^l_ij: it, then all from j on."""
    edges = {(layer - 1, i, j)}
    edges |= {(layer, j, k) for k in range(sizes[layer + 1])} if layer < len(sizes) - 1 else set()
    for later in range(layer + 1, len(sizes) - 1):
        edges |= {(later, p, q) for p in range(sizes[later]) for q in range(sizes[later + 1])}
    return edges


def per_point_weight_gradients(walk: Walkthrough, layer: int, i: int, j: int) -> np.ndarray:
    """d(loss of point p)/dw^l_ij for each point (n,), without the penalty: a_i times dL/dz_j."""
    n = walk.targets.shape[0]
    return walk.a[layer - 1][:, i] * walk.delta[layer - 1][:, j] * n  # undo the mean's 1/n


def sgd_step(net: Network, walk: Walkthrough, learning_rate: float) -> None:
    """One plain gradient-descent update of the network in place: theta <- theta - lr * grad."""
    for layer, (grad_w, grad_b) in enumerate(zip(walk.grad_weights, walk.grad_biases, strict=True)):
        net.weights[layer] = net.weights[layer] - learning_rate * grad_w
        net.biases[layer] = net.biases[layer] - learning_rate * grad_b
