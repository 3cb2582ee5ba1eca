"""Spec dicts and their go.Figure twins send the browser the same JSON; diverged values draw."""

import base64
import json
import warnings

import numpy as np
import plotly.graph_objects as go
import pytest

from playground import figures
from playground.figures import palette
from playground.figures.network_edges import EDGE_WIDTHS
from playground.live_chart import build_frames

GRID = np.linspace(-6.0, 6.0, 12)
RNG = np.random.default_rng(7)
X_TRAIN = RNG.uniform(-6, 6, size=(30, 2))
X_TEST = RNG.uniform(-6, 6, size=(20, 2))


def browser_json(figure) -> dict:
    """The frame live_chart sends, with typed-array shapes written one way.

    go.Figure encodes its numpy arrays itself as "rows, cols"; the spec path writes "rows,cols".
    """

    def normalise(value):
        if isinstance(value, dict):
            if "bdata" in value and "shape" in value:
                return {**value, "shape": value["shape"].replace(" ", "")}
            return {key: normalise(item) for key, item in value.items()}
        if isinstance(value, list):
            return [normalise(item) for item in value]
        return value

    [frame] = build_frames([figure])
    return normalise(json.loads(json.dumps(frame, allow_nan=False)))


def assert_same_json(name: str, *args, **kwargs) -> dict:
    """Build `name`_spec and `name`_figure from the same inputs; their JSON must be equal."""
    spec = getattr(figures, f"{name}_spec")(*args, **kwargs)
    figure = getattr(figures, f"{name}_figure")(*args, **kwargs)
    assert isinstance(spec, dict) and isinstance(figure, go.Figure)
    sent = browser_json(spec)
    assert sent == browser_json(figure)
    assert len(sent["data"]) == len(figure.data)
    return sent


def binary_output() -> np.ndarray:
    x1, x2 = np.meshgrid(GRID, GRID)
    return 1 / (1 + np.exp(-(x1 - 0.5 * x2)))  # (G, G)


def multiclass_output(k: int) -> np.ndarray:
    logits = RNG.normal(size=(GRID.size, GRID.size, k))
    return np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)  # (G, G, k)


@pytest.mark.parametrize(
    "options", [{}, {"discrete": True, "show_test": True, "selected_point": 4}]
)
def test_binary_boundary_spec_matches_figure(options):
    y_train, y_test = (X_TRAIN[:, 0] > 0) * 1.0, (X_TEST[:, 0] > 0) * 1.0
    sent = assert_same_json(
        "boundary", GRID, binary_output(), "binary", X_TRAIN, y_train, X_TEST, y_test, **options
    )
    assert sent["data"][0]["z"]["dtype"] == "u1"  # whole percents, one byte a cell
    assert sent["layout"]["template"] == palette.PLAIN_TEMPLATE


@pytest.mark.parametrize("options", [{}, {"discrete": True, "show_test": True}])
def test_multiclass_boundary_spec_matches_figure(options):
    y_train, y_test = RNG.integers(0, 4, size=30), RNG.integers(0, 4, size=20)
    sent = assert_same_json(
        "boundary",
        GRID,
        multiclass_output(4),
        "multiclass",
        X_TRAIN,
        y_train,
        X_TEST,
        y_test,
        class_names=("a", "b", "c", "d"),
        **options,
    )
    assert sent["data"][0]["type"] == "image"


@pytest.mark.parametrize("discrete", [False, True])
def test_regression_boundary_spec_matches_figure(discrete):
    values = np.sin(GRID)[None, :] * np.cos(GRID)[:, None] * 3  # (G, G)
    sent = assert_same_json(
        "boundary", GRID, values, "regression", X_TRAIN, X_TRAIN[:, 0], discrete=discrete
    )
    assert sent["data"][0]["z"]["dtype"] == "f4"


def network_inputs(sizes: list[int], g: int = 5) -> tuple:
    weights = [RNG.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    biases = [RNG.normal(size=b) for b in sizes[1:]]
    maps = [RNG.uniform(-1, 1, size=(n, g, g)) for n in sizes]
    labels = [f"f{k}" for k in range(sizes[0])]
    return sizes, labels, maps, weights, biases


@pytest.mark.parametrize(
    ("sizes", "options"),
    [
        ([2, 1], {}),
        ([2, 4, 2, 1], {"activations": ["tanh", "tanh", "sigmoid"]}),
        ([2, 8, 8, 8, 8, 1], {"edge_mode": "gradient", "selected": (2, 3)}),
        ([7, 8, 8, 8, 8, 8, 8, 5], {"activations": ["relu"] * 6 + ["softmax"]}),
        ([3, 5, 2], {"highlight_edges": {(0, 1, 2), (1, 4, 0)}, "selected": (0, 1)}),
    ],
)
def test_network_spec_matches_figure(sizes, options):
    sizes, labels, maps, weights, biases = network_inputs(sizes)
    grads = {
        "grad_weights": [w * 1e-3 for w in weights],
        "grad_biases": [b * 1e-3 for b in biases],
    }
    sent = assert_same_json("network", sizes, labels, maps, weights, biases, **grads, **options)
    metas = [trace.get("meta") for trace in sent["data"]]
    assert metas.count("edge-hover") == len(sizes) - 1
    assert len(sent["layout"]["images"]) == sum(sizes)


def test_network_spec_without_gradients_matches_figure():
    assert_same_json("network", *network_inputs([2, 3, 1]))


def test_curve_and_gradient_specs_match_figures():
    epochs = np.linspace(0, 3, 7)
    loss = np.exp(-epochs)
    accuracy = [None, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9]
    assert_same_json("loss", epochs, loss, loss * 1.1, accuracy, accuracy, log_scale=True)
    assert_same_json("loss", [], [])
    assert_same_json("grad_norm", np.arange(5), RNG.uniform(0.1, 1, size=(5, 3)))
    assert_same_json("grad_norm", [], np.zeros((0, 3)))
    W, dW = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
    small = assert_same_json("layer_gradient", W, dW, RNG.normal(size=4), 1)
    assert small["data"][0]["texttemplate"] == "%{z:.2~g}"
    big = assert_same_json(
        "layer_gradient", RNG.normal(size=(9, 9)), RNG.normal(size=(9, 9)), np.zeros(9), 0
    )
    assert "texttemplate" not in big["data"][0]  # too many cells to print their values
    assert "title" not in big["layout"]["yaxis2"]
    assert_same_json("neuron_map", RNG.uniform(size=(6, 6)), "a¹₁", center=0.5)


def test_figure_builders_keep_the_spec_builders_names_and_docs():
    assert figures.network_figure.__name__ == "network_figure"
    assert figures.network_figure.__doc__ == figures.network_spec.__doc__
    assert figures.boundary_figure.__module__ == "playground.figures.boundary"


def test_specs_copy_what_they_show():
    """The live area builds several frames before encoding them: later changes must not leak."""
    output, y_train = binary_output(), (X_TRAIN[:, 0] > 0) * 1.0
    boundary = figures.boundary_spec(GRID, output, "binary", X_TRAIN, y_train)
    sizes, labels, maps, weights, biases = network_inputs([2, 3, 1])
    network = figures.network_spec(sizes, labels, maps, weights, biases)
    before = [browser_json(boundary), browser_json(network)]

    output[:] = 0.0
    for array in (*maps, *weights, *biases):
        array[...] = 7.0

    assert [browser_json(boundary), browser_json(network)] == before


def diverged_inputs(sizes: list[int]) -> tuple:
    """A network after blow-up: NaN, ±inf and values beyond float32 in weights, biases, maps."""
    sizes, labels, maps, weights, biases = network_inputs(sizes)
    weights[0][0, 0], weights[0][1, 0], weights[-1][0, 0] = np.nan, np.inf, 1e300
    weights[1][0, 1] = -np.inf
    biases[0][:2] = [np.nan, -1e300]
    maps[1][0] = np.nan
    maps[1][1, 0, 0], maps[2][0, 1, 1] = np.inf, 1e300
    return sizes, labels, maps, weights, biases


@pytest.mark.parametrize("edge_mode", ["weight", "gradient"])
def test_a_diverged_network_still_draws_without_warnings(edge_mode):
    sizes, labels, maps, weights, biases = diverged_inputs([2, 3, 3, 1])
    grads = [np.where(np.isfinite(w), w, np.nan) for w in weights]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sent = assert_same_json(
            "network",
            sizes,
            labels,
            maps,
            weights,
            biases,
            grad_weights=grads,
            grad_biases=biases,
            edge_mode=edge_mode,
        )
        figures.neuron_map_spec(maps[1][1], "a¹₂")
    edges = [trace for trace in sent["data"] if trace.get("meta") == "edges"]
    (grey,) = [trace for trace in edges if trace["line"]["color"] == palette.GREY]
    assert grey["line"]["width"] == pytest.approx(EDGE_WIDTHS[0])
    assert np.isnan(decode_floats(grey["x"])).sum() == 3  # NaN, inf, -inf: a gap after each
    # 1e300 is finite: it sets the scale and is the one widest edge.
    widths = [trace["line"]["width"] for trace in edges]
    assert max(widths) == pytest.approx(EDGE_WIDTHS[-1])
    biases_trace = next(trace for trace in sent["data"] if trace.get("meta") == "biases")
    assert np.isfinite(decode_floats(biases_trace["marker"]["color"])).all()
    neurons = [trace for trace in sent["data"] if trace.get("meta") == "nodes"][1]
    assert neurons["text"][0].endswith("output not a number")


def decode_floats(spec: dict) -> np.ndarray:
    """A float typed-array spec as numpy."""
    dtype = {"f4": np.float32, "f8": np.float64}[spec["dtype"]]
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=dtype)


@pytest.mark.parametrize("task", ["binary", "multiclass", "regression"])
def test_a_diverged_boundary_and_loss_still_draw_without_warnings(task):
    output = multiclass_output(3) if task == "multiclass" else binary_output() * 1e300
    output[:3] = np.nan
    y = RNG.integers(0, 3 if task == "multiclass" else 2, size=30)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_same_json("boundary", GRID, output, task, X_TRAIN, y, discrete=True)
        assert_same_json("boundary", GRID, output, task, X_TRAIN, y)
        assert_same_json("loss", [0, 1, 2], [0.5, 1e300, np.nan], [0.4, np.inf, None])
        assert_same_json("grad_norm", [0, 1], np.array([[1.0, 1e300], [np.nan, np.inf]]))
