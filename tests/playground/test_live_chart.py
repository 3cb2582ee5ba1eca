"""playground.live_chart without a browser: typed arrays, frame building, plotly.js serving."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from playground import live_chart as lc

# Every dtype name plotly.js decodes (src/lib/array.js typedArrays).
PLOTLY_JS_DTYPES = {"i1", "u1", "u1c", "i2", "u2", "i4", "u4", "f4", "f8"}
NUMPY_OF_PLOTLY = {
    "i1": np.int8,
    "u1": np.uint8,
    "i2": np.int16,
    "u2": np.uint16,
    "i4": np.int32,
    "u4": np.uint32,
    "f4": np.float32,
    "f8": np.float64,
}


def decode(spec: dict[str, str]) -> np.ndarray:
    """What plotly.js does with a typed-array spec, in numpy."""
    flat = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=NUMPY_OF_PLOTLY[spec["dtype"]])
    if "shape" not in spec:
        return flat
    return flat.reshape([int(size) for size in spec["shape"].split(",")])


@pytest.mark.parametrize(
    "dtype", [np.uint8, np.int8, np.int16, np.uint16, np.int32, np.uint32, np.float32, np.float64]
)
def test_typed_array_round_trips_every_plotly_dtype(dtype: type) -> None:
    array = (np.arange(24).reshape(4, 6) % 7).astype(dtype)

    spec = lc.to_typed_array(array)

    assert spec["dtype"] in PLOTLY_JS_DTYPES
    assert spec["shape"] == "4,6"
    np.testing.assert_array_equal(decode(spec), array)
    assert decode(spec).dtype == array.dtype


def test_uint8_heatmap_is_one_byte_per_cell() -> None:
    z = np.random.default_rng(0).integers(0, 256, size=(100, 100), dtype=np.uint8)

    spec = lc.to_typed_array(z)

    assert spec["dtype"] == "u1"
    assert len(base64.b64decode(spec["bdata"])) == 100 * 100
    np.testing.assert_array_equal(decode(spec), z)


def test_one_dimensional_arrays_have_no_shape() -> None:
    spec = lc.to_typed_array(np.array([0.5, -1.25, 3.0]))

    assert "shape" not in spec
    np.testing.assert_array_equal(decode(spec), [0.5, -1.25, 3.0])


def test_strided_and_big_endian_arrays_are_sent_as_seen() -> None:
    base = np.arange(30, dtype=">f8").reshape(5, 6)  # big-endian
    view = base[::2, ::-1].T  # (6, 3), neither C-contiguous nor little-endian

    spec = lc.to_typed_array(view)

    assert spec["shape"] == "6,3"
    np.testing.assert_array_equal(decode(spec), view)


@pytest.mark.parametrize(
    ("values", "expected_dtype"),
    [
        ([0, 1, 1, 0], "i1"),
        ([-40_000, 40_000], "i4"),
        ([0, 300], "i2"),
        ([2**40, -1], "f8"),
    ],
)
def test_int64_is_narrowed_to_a_type_plotly_js_has(values: list[int], expected_dtype: str) -> None:
    spec = lc.to_typed_array(np.array(values, dtype=np.int64))

    assert spec["dtype"] == expected_dtype
    np.testing.assert_array_equal(decode(spec), values)


def test_uint64_and_bool_become_unsigned_bytes() -> None:
    assert lc.to_typed_array(np.array([0, 255], dtype=np.uint64))["dtype"] == "u1"
    spec = lc.to_typed_array(np.array([True, False, True]))
    assert spec["dtype"] == "u1"
    np.testing.assert_array_equal(decode(spec), [1, 0, 1])


def test_non_numeric_arrays_stay_plain_lists() -> None:
    assert lc.to_typed_array(np.array(["a", "b"])) == ["a", "b"]
    assert lc.to_typed_array(np.array(["2024-01-02"], dtype="datetime64[D]")) == ["2024-01-02"]


def test_figure_json_has_no_numpy_and_no_nan() -> None:
    figure = {
        "data": [
            {
                "type": "scatter",
                "x": np.array([1.0, np.nan], dtype=np.float32),
                "marker": {"size": np.int64(7), "opacity": np.float32(0.5)},
                "text": ["a", float("nan")],
            }
        ],
        "layout": {"xaxis": {"range": np.array([-6.0, 6.0])}, "height": np.int64(300)},
    }

    converted = lc.to_plotly_json(figure["data"])
    layout = lc.to_plotly_json(figure["layout"], typed=False)
    text = json.dumps({"data": converted, "layout": layout}, allow_nan=False)

    trace = json.loads(text)["data"][0]
    assert trace["marker"] == {"size": 7, "opacity": 0.5}
    assert trace["text"] == ["a", None]
    assert math.isnan(decode(trace["x"])[1])  # NaN inside binary data is fine for plotly.js
    assert json.loads(text)["layout"] == {"xaxis": {"range": [-6.0, 6.0]}, "height": 300}


def test_range_keys_stay_plain_lists_inside_traces() -> None:
    trace = {"type": "heatmap", "colorbar": {"range": np.array([0, 1])}, "z": np.eye(2)}

    converted = lc.to_plotly_json(trace)

    assert converted["colorbar"]["range"] == [0, 1]
    assert converted["z"]["dtype"] == "f8"


def test_existing_typed_array_specs_pass_through() -> None:
    spec = {"dtype": "u1", "bdata": "AAE=", "shape": "1, 2"}

    assert lc.to_plotly_json({"z": spec}) == {"z": spec}


def heatmap_figure(shift: int, title: str = "t") -> go.Figure:
    z = (np.arange(100, dtype=np.uint8).reshape(10, 10) + shift).astype(np.uint8)
    figure = go.Figure(go.Heatmap(z=z, zmin=0, zmax=255))
    figure.update_layout(title=title, uirevision="keep", height=320)
    return figure


def test_build_frames_accepts_figures_and_dicts() -> None:
    as_dict = {"data": [{"type": "scatter", "y": np.array([1, 2], dtype=np.int64)}]}

    frames = lc.build_frames([heatmap_figure(0), as_dict])

    np.testing.assert_array_equal(decode(frames[0]["data"][0]["z"]), heatmap_figure(0).data[0].z)
    assert frames[0]["layout"]["height"] == 320
    assert frames[1]["data"][0]["y"]["dtype"] == "i1"
    assert frames[1]["layout"] == {}  # differs from the first frame's layout, so it is sent
    json.dumps(frames, allow_nan=False)


def test_build_frames_sends_a_repeated_layout_once() -> None:
    titles = ["a", "a", "b", "b", "a"]

    frames = lc.build_frames([heatmap_figure(t, title) for t, title in enumerate(titles)])

    assert ["layout" in frame for frame in frames] == [True, False, True, False, True]
    assert frames[2]["layout"]["title"]["text"] == "b"
    assert [decode(frame["data"][0]["z"])[0, 0] for frame in frames] == [0, 1, 2, 3, 4]


def test_chart_click_from_event() -> None:
    event = {"x": 1.5, "y": -2, "curve_number": 1, "point_index": 7}

    assert lc.ChartClick.from_event(event) == lc.ChartClick(1.5, -2.0, 1, 7)
    assert lc.ChartClick.from_event({"x": 0, "y": 0, "curve_number": None}) == lc.ChartClick(
        0.0, 0.0
    )
    assert lc.ChartClick.from_event(None) is None
    assert lc.ChartClick.from_event({"x": None, "y": 1}) is None


def test_ensure_plotly_js_copies_once(tmp_path: Path) -> None:
    static = tmp_path / "static"

    copied = lc.ensure_plotly_js(static)
    first_mtime = copied.stat().st_mtime_ns
    again = lc.ensure_plotly_js(static)

    assert copied == static / "plotly.min.js"
    assert copied.read_bytes() == lc.PLOTLY_JS_SOURCE.read_bytes()
    assert again.stat().st_mtime_ns == first_mtime
    assert list(static.iterdir()) == [copied]  # no partial file left behind


def test_ensure_plotly_js_replaces_a_truncated_copy(tmp_path: Path) -> None:
    (tmp_path / "plotly.min.js").write_text("/* half a file */")

    copied = lc.ensure_plotly_js(tmp_path)

    assert copied.stat().st_size == lc.PLOTLY_JS_SOURCE.stat().st_size


@pytest.mark.parametrize(("base", "prefix"), [("", ""), ("/course/", "/course")])
def test_plotly_js_url_follows_base_url_path(base: str, prefix: str) -> None:
    previous = st_config.get_option("server.baseUrlPath")
    st_config.set_option("server.baseUrlPath", base)
    try:
        url = lc.plotly_js_url()
    finally:
        st_config.set_option("server.baseUrlPath", previous)

    assert url.startswith(f"{prefix}/app/static/plotly.min.js?v=")


def chart_app() -> None:
    """App for AppTest: two frames through live_chart."""
    import numpy as np
    import streamlit as st

    from playground.live_chart import live_chart

    frames = [
        {"data": [{"type": "heatmap", "z": np.full((3, 3), shift, dtype=np.uint8)}]}
        for shift in (1, 2)
    ]
    st.session_state.click = live_chart(frames, key="chart", interval_ms=80, height=300)


def test_live_chart_sends_frames_to_the_component() -> None:
    previous = st_config.get_option("server.enableStaticServing")
    st_config.set_option("server.enableStaticServing", True)
    try:
        app = AppTest.from_function(chart_app, default_timeout=30).run()
    finally:
        st_config.set_option("server.enableStaticServing", previous)

    assert not app.exception
    assert app.session_state.click is None
    [element] = [node for node in app.main if node.type == "bidi_component"]
    payload = json.loads(element.proto.json)
    assert payload["interval_ms"] == 80
    assert payload["flush"] is False
    assert payload["height"] == 300
    assert [decode(frame["data"][0]["z"])[0, 0] for frame in payload["frames"]] == [1, 2]
    assert payload["plotly_url"].endswith(f"plotly.min.js?v={lc.plotly.__version__}")


def live_boundary_app() -> None:
    """App for AppTest: one playing fragment run's boundary frames, as the live area sends them."""
    import streamlit as st

    from playground import live
    from playground.config import Config
    from playground.experiment import Experiment
    from playground.figures import palette
    from playground.live_chart import live_chart

    experiment = Experiment(Config(points=100))
    specs, frame = live.advance(experiment, Config(points=100), playing=True)
    st.session_state.last_percent = palette.to_uint8(frame.output, 0.0, 1.0, top=100)
    live_chart(specs, key="boundary", interval_ms=live.FRAME_MS)


def test_live_boundary_payload_carries_the_heatmap_as_uint8_typed_arrays() -> None:
    from playground.experiment import GRID_SIZE
    from playground.live import FRAMES_PER_RUN

    previous = st_config.get_option("server.enableStaticServing")
    st_config.set_option("server.enableStaticServing", True)
    try:
        app = AppTest.from_function(live_boundary_app, default_timeout=30).run()
    finally:
        st_config.set_option("server.enableStaticServing", previous)

    assert not app.exception
    [element] = [node for node in app.main if node.type == "bidi_component"]
    frames = json.loads(element.proto.json)["frames"]
    assert len(frames) == FRAMES_PER_RUN
    heatmaps = [frame["data"][0]["z"] for frame in frames]
    assert all(z["dtype"] == "u1" and z["shape"] == f"{GRID_SIZE},{GRID_SIZE}" for z in heatmaps)
    np.testing.assert_array_equal(decode(heatmaps[-1]), app.session_state.last_percent)
    assert len({z["bdata"] for z in heatmaps}) == FRAMES_PER_RUN  # training moved every frame
    # One layout for the whole run: the later frames leave it out.
    assert ["layout" in frame for frame in frames] == [True] + [False] * (FRAMES_PER_RUN - 1)
    assert frames[0]["layout"]["height"] == 400


def test_clicked_trace_finds_training_points_and_nodes_in_specs() -> None:
    from playground import live
    from playground.config import Config
    from playground.experiment import Experiment

    cfg = Config(points=100)
    experiment = Experiment(cfg)
    [boundary], frame = live.advance(experiment, cfg, playing=False)
    train_curve = next(i for i, t in enumerate(boundary["data"]) if t.get("meta") == "train")
    trace = live.clicked_trace(boundary, lc.ChartClick(0.0, 0.0, train_curve, 2), "train")
    assert trace is boundary["data"][train_curve]
    row = int(trace["customdata"][2][0])
    np.testing.assert_allclose(experiment.train.X[row], [trace["x"][2], trace["y"][2]], rtol=1e-6)
    misses = [
        lc.ChartClick(0.0, 0.0, 0, 5),  # the heatmap
        lc.ChartClick(0.0, 0.0, train_curve, 10_000),
        lc.ChartClick(0.0, 0.0, 99, 0),
        lc.ChartClick(0.0, 0.0),
        None,
    ]
    assert all(live.clicked_trace(boundary, click, "train") is None for click in misses)

    diagram = live.diagram(experiment, cfg, frame, experiment.gradients())
    nodes = [i for i, t in enumerate(diagram["data"]) if t.get("meta") == "nodes"]
    neuron = live.clicked_trace(diagram, lc.ChartClick(0.0, 0.0, nodes[1], 3), "nodes")
    assert [int(v) for v in neuron["customdata"][3][:2]] == [1, 3]  # layer 1, 4th neuron
