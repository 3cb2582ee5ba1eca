"""The browser draws with its own forward pass: in Chromium it must equal the engine's.

Every activation, every input feature and every output type, on the grid the output view uses;
the weights are the float32 values a frame carries.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import pytest

from engine import Network, features
from engine.activations import ACTIVATIONS
from playground.live.frames import floats
from playground.text import number

pytestmark = pytest.mark.browser

GRID = 100
TOLERANCE = 1e-6
FEATURE_SETS = (
    ("x1", "x2"),
    ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"),
    ("x1sq", "sinx2"),
    ("x1x2", "x2", "sinx1"),
)
CASES = [
    (activation, output, FEATURE_SETS[k % len(FEATURE_SETS)])
    for k, (activation, output) in enumerate(
        (activation, output)
        for activation in sorted(ACTIVATIONS)
        for output in ("sigmoid", "softmax", "linear")
    )
]

FORWARD = """
([spec, params, extent, size]) => {
  const NNP = window.NNPlayground;
  const encode = (array) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  };
  const model = new NNP.Model(spec);
  model.setParams(NNP.floats(params));
  const grid = NNP.grid(extent, size, size);
  const layers = model.forward(grid.x1s, grid.x2s);
  const columns = layers.map((values) => encode(Float64Array.from(values)));
  return { x1: encode(grid.x1s), x2: encode(grid.x2s), layers: columns };
}
"""


def _doubles(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f8")


def _network(activation: str, output: str, names: tuple[str, ...], seed: int) -> Network:
    sizes = [len(names), 5, 3, 4 if output == "softmax" else 1]
    net = Network(sizes, activation=activation, output=output, seed=seed)
    rng = np.random.default_rng(seed)
    for layer in range(net.n_layers):
        # Larger than initial weights so saturating activations are exercised too; rounded to
        # float32, as every frame sends them.
        net.weights[layer] = (rng.normal(0, 1.5, net.weights[layer].shape)).astype(np.float32)
        net.biases[layer] = (rng.normal(0, 1.0, net.biases[layer].shape)).astype(np.float32)
    return net


def _flat(net: Network) -> np.ndarray:
    blocks = [np.vstack([w, b[None]]).ravel() for w, b in zip(net.weights, net.biases, strict=True)]
    return np.concatenate(blocks)


@pytest.mark.parametrize(("activation", "output", "names"), CASES)
def test_browser_forward_pass_equals_the_engine(
    live_code: Any, activation: str, output: str, names: tuple[str, ...]
) -> None:
    net = _network(activation, output, names, seed=len(names) * 31 + len(activation))
    spec = {
        "sizes": list(net.sizes),
        "activations": list(net.activations),
        "output": output,
        "features": list(names),
    }
    extent = [-6.0, 6.0, -6.0, 6.0]
    result = live_code.evaluate(FORWARD, [spec, floats(_flat(net)), extent, GRID])
    points = np.column_stack([_doubles(result["x1"]), _doubles(result["x2"])])  # (G*G, 2)
    assert points.shape == (GRID * GRID, 2)
    inputs = features.transform(points, list(names))  # (G*G, d)
    trace = net.forward(inputs)
    expected = [inputs, *trace.a]  # every diagram column, (G*G, units)
    assert len(result["layers"]) == len(expected)
    for column, (got, want) in enumerate(zip(result["layers"], expected, strict=True)):
        got = _doubles(got).reshape(want.shape[1], -1).T  # unit-major in the browser
        error = np.abs(got - want) / np.maximum(1.0, np.abs(want))
        assert error.max() <= TOLERANCE, (column, float(error.max()))


NUMBERS = [0.6931471805599453, 0.0123456, -0.25, 52.0, 1.2346e17, -4.339e-2, -1.091e-5, 3e-7]
NUMBERS += [0.0, 0.99958, 0.9999996, 1.0, 12345.678, -0.001, 0.00099]


def test_the_browser_writes_numbers_as_the_page_does(live_code: Any) -> None:
    shown = live_code.evaluate("(values) => values.map((v) => window.NNPlayground.fmt(v))", NUMBERS)
    assert shown == [number(value) for value in NUMBERS]
