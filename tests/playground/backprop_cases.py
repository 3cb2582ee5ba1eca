"""Networks and data shared by the backprop tests: every output kind and the depth extremes."""

from __future__ import annotations

import numpy as np

from engine import Network

# (sizes, hidden activations, output) covering every output and the depth extremes.
ARCHITECTURES = {
    "binary": ([2, 4, 2, 1], "tanh", "sigmoid"),
    "softmax4": ([3, 5, 4], ["relu"], "softmax"),
    "regression2": ([2, 3, 2], ["elu"], "linear"),
    "no_hidden_sigmoid": ([2, 1], [], "sigmoid"),
    "no_hidden_softmax": ([4, 3], [], "softmax"),
    "six_hidden": ([7, 8, 8, 8, 8, 8, 8, 1], "tanh", "sigmoid"),
    "mixed": ([3, 4, 3, 5, 3], ["sigmoid", "leaky_relu", "softplus"], "softmax"),
    "mixed_regression": ([2, 3, 3, 1], ["sine", "linear"], "linear"),
}
PENALTIES = [(None, 0.0), ("l1", 0.03), ("l2", 0.1)]


def make_case(name: str, n: int, seed: int = 0):
    """A network with non-zero biases and n random points with targets of the right kind."""
    sizes, activation, output = ARCHITECTURES[name]
    net = Network(sizes, activation=activation, output=output, seed=seed)
    rng = np.random.default_rng(seed + 100)
    for layer in range(net.n_layers):
        net.biases[layer] = rng.normal(scale=0.3, size=sizes[layer + 1])
    X = rng.normal(size=(n, sizes[0]))
    if output == "sigmoid":
        y = rng.integers(0, 2, size=n).astype(float)
    elif output == "softmax":
        y = rng.integers(0, sizes[-1], size=n)
    else:
        y = rng.normal(size=(n, sizes[-1])) if sizes[-1] > 1 else rng.normal(size=n)
    return net, X, y
