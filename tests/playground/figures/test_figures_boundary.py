"""Decision-boundary figure built from synthetic grids and points."""

import numpy as np
import plotly.io as pio
import pytest
from png_reader import decode_data_uri

from playground.figures import palette
from playground.figures.boundary import UIREVISION, boundary_figure

G = 10
GRID = np.linspace(-6.0, 6.0, G)
RIGHT = GRID > 0  # columns j with x1 > 0
TOP = GRID > 0  # rows i with x2 > 0


def make_points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Points in [-6, 6]^2 labelled 1 on the right half."""
    X = np.random.default_rng(seed).uniform(-6, 6, size=(n, 2))
    return X, (X[:, 0] > 0).astype(float)


def half_plane_probability() -> np.ndarray:
    """P(class 1) = 0 on the left half (x1 < 0) and 1 on the right half."""
    return np.tile(RIGHT.astype(float), (G, 1))  # (G, G): row i is x2, column j is x1


def traces_with_meta(fig, meta):
    return [trace for trace in fig.data if trace.meta == meta]


def assert_every_pixel(block: np.ndarray, rgb: np.ndarray) -> None:
    """Every pixel of an (..., 3) block equals the rgb triple."""
    np.testing.assert_array_equal(block.reshape(-1, 3), np.broadcast_to(rgb, (block.size // 3, 3)))


def colour_at(colorscale, fraction):
    """Colour of an exact colorscale stop."""
    return dict((stop, color) for stop, color in colorscale)[fraction]


def test_binary_heatmap_maps_left_half_to_orange_end_and_right_half_to_blue_end():
    X, y = make_points(40, 0)
    fig = boundary_figure(GRID, half_plane_probability(), "binary", X, y)
    heatmap = fig.data[0]
    assert heatmap.type == "heatmap"
    z = np.asarray(heatmap.z)
    assert z.dtype == np.uint8 and z.shape == (G, G)
    assert (z[:, ~RIGHT] == heatmap.zmin).all() and heatmap.zmin == 0
    assert (z[:, RIGHT] == heatmap.zmax).all() and heatmap.zmax == 100
    scale = [(stop, color) for stop, color in heatmap.colorscale]
    assert colour_at(scale, 0.0) == palette.region_color(palette.ORANGE)
    assert colour_at(scale, 0.5) == "#FFFFFF"
    assert colour_at(scale, 1.0) == palette.region_color(palette.BLUE)
    assert heatmap.x0 == -6.0 and heatmap.y0 == -6.0
    assert heatmap.dx == pytest.approx(12 / (G - 1))


def test_binary_hover_reads_coordinates_and_probability_of_class_one():
    X, y = make_points(10, 1)
    fig = boundary_figure(GRID, half_plane_probability(), "binary", X, y, class_names=("no", "yes"))
    template = fig.data[0].hovertemplate
    assert "%{x:.2f}" in template and "%{y:.2f}" in template
    assert "P(yes) = %{z} %" in template


def test_binary_percentages_round_intermediate_probabilities():
    X, y = make_points(10, 2)
    output = np.full((G, G), 0.734)
    z = np.asarray(boundary_figure(GRID, output, "binary", X, y).data[0].z)
    assert (z == 73).all()


def test_discrete_binary_thresholds_at_one_half_and_keeps_probability_for_hover():
    X, y = make_points(10, 3)
    output = np.where(RIGHT, 0.7, 0.3)[None, :].repeat(G, axis=0)
    heatmap = boundary_figure(GRID, output, "binary", X, y, discrete=True).data[0]
    z = np.asarray(heatmap.z)
    assert set(np.unique(z[:, RIGHT])) == {100} and set(np.unique(z[:, ~RIGHT])) == {0}
    assert set(np.unique(np.asarray(heatmap.customdata)[:, RIGHT])) == {70}
    assert "%{customdata}" in heatmap.hovertemplate


def test_train_points_carry_class_colour_and_row_indices():
    X, y = make_points(60, 4)
    fig = boundary_figure(GRID, half_plane_probability(), "binary", X, y)
    train = traces_with_meta(fig, "train")
    assert [trace.type for trace in train] == ["scatter", "scatter"]  # SVG, not WebGL
    seen = []
    for trace in train:
        rows = np.asarray(trace.customdata)[:, 0].astype(int)
        np.testing.assert_allclose(np.column_stack([trace.x, trace.y]), X[rows], rtol=1e-6)
        label = int(np.asarray(trace.customdata)[0, 1])
        assert (y[rows] == label).all()
        assert trace.marker.color == palette.class_color(label)
        assert trace.marker.line.color == palette.WHITE
        seen.extend(rows.tolist())
    assert sorted(seen) == list(range(60))


def test_test_points_appear_only_when_shown_and_look_different():
    X, y = make_points(30, 5)
    X_test, y_test = make_points(20, 6)
    hidden = boundary_figure(GRID, half_plane_probability(), "binary", X, y, X_test, y_test)
    assert traces_with_meta(hidden, "test") == []
    shown = boundary_figure(
        GRID, half_plane_probability(), "binary", X, y, X_test, y_test, show_test=True
    )
    test_traces = traces_with_meta(shown, "test")
    assert sum(len(trace.x) for trace in test_traces) == 20
    train_line = traces_with_meta(shown, "train")[0].marker.line
    for trace in test_traces:
        assert trace.marker.line.color == palette.INK != train_line.color
        assert trace.marker.line.width > train_line.width


def test_multiclass_image_shows_class_colour_where_certain_and_white_where_uniform():
    k = 3
    probabilities = np.full((G, G, k), 1.0 / k)
    probabilities[:, RIGHT] = [0.0, 0.0, 1.0]  # certain class 2 on the right half
    probabilities[np.ix_(TOP, ~RIGHT)] = [1.0, 0.0, 0.0]  # certain class 0 top-left
    X = np.array([[-3.0, 3.0], [3.0, 3.0], [-3.0, -3.0]])
    y = np.array([0, 2, 1])
    fig = boundary_figure(GRID, probabilities, "multiclass", X, y, class_names=("a", "b", "c"))
    image = fig.data[0]
    assert image.type == "image"
    rgb = decode_data_uri(image.source)  # row 0 is drawn at y0 = -6, like z
    assert rgb.shape == (G, G, 3)
    assert_every_pixel(rgb[:, RIGHT], np.rint(palette.region_rgb(palette.class_color(2))))
    assert_every_pixel(
        rgb[np.ix_(TOP, ~RIGHT)], np.rint(palette.region_rgb(palette.class_color(0)))
    )
    assert_every_pixel(rgb[np.ix_(~TOP, ~RIGHT)], np.array([255, 255, 255]))  # uniform: white
    percents = np.asarray(image.customdata)
    assert percents.shape == (G, G, k) and (percents[:, RIGHT, 2] == 100).all()
    for index, name in enumerate("abc"):
        assert f"P({name}) = %{{customdata[{index}]}} %" in image.hovertemplate
    colours = {trace.name: trace.marker.color for trace in traces_with_meta(fig, "train")}
    assert colours == {name: palette.class_color(c) for c, name in enumerate("abc")}


def test_discrete_multiclass_paints_full_region_colour_of_argmax():
    probabilities = np.zeros((G, G, 3))
    probabilities[..., 1] = 0.4
    probabilities[..., 0] = 0.35
    probabilities[..., 2] = 0.25
    X, y = np.zeros((1, 2)), np.array([1])
    soft = decode_data_uri(boundary_figure(GRID, probabilities, "multiclass", X, y).data[0].source)
    hard = decode_data_uri(
        boundary_figure(GRID, probabilities, "multiclass", X, y, discrete=True).data[0].source
    )
    assert_every_pixel(hard, np.rint(palette.region_rgb(palette.class_color(1))))
    assert (soft > hard).all(axis=-1).any()  # the soft image is paler (closer to white)


def test_regression_uses_values_with_symmetric_limit_covering_targets():
    values = np.tile(np.linspace(-1.1, 2.0, G), (G, 1))  # no exact zero: sign() is never 0
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    y = np.array([-3.0, 0.5])
    fig = boundary_figure(GRID, values, "regression", X, y)
    heatmap = fig.data[0]
    np.testing.assert_allclose(np.asarray(heatmap.z), values, rtol=1e-6)
    assert heatmap.zmin == -3.0 and heatmap.zmax == 3.0
    assert heatmap.showscale is not False
    points = traces_with_meta(fig, "train")[0]
    np.testing.assert_allclose(points.marker.color, y)
    assert points.marker.cmin == -3.0 and points.marker.cmax == 3.0
    discrete = boundary_figure(GRID, values, "regression", X, y, discrete=True).data[0]
    assert set(np.unique(np.asarray(discrete.z))) == {-3.0, 3.0}
    np.testing.assert_allclose(np.asarray(discrete.customdata), values, rtol=1e-6)


def test_selected_point_gets_a_ring_at_its_position():
    X, y = make_points(12, 7)
    fig = boundary_figure(GRID, half_plane_probability(), "binary", X, y, selected_point=5)
    (ring,) = traces_with_meta(fig, "selected")
    assert (ring.x[0], ring.y[0]) == pytest.approx(tuple(X[5]))
    assert ring.marker.symbol == "circle-open"
    none = boundary_figure(GRID, half_plane_probability(), "binary", X, y, selected_point=None)
    assert traces_with_meta(none, "selected") == []


def test_layout_is_square_fixed_and_keeps_zoom_between_rebuilds():
    X, y = make_points(12, 8)
    first = boundary_figure(GRID, half_plane_probability(), "binary", X, y)
    second = boundary_figure(GRID, 1 - half_plane_probability(), "binary", X, y)
    for fig in (first, second):
        assert fig.layout.uirevision == UIREVISION
        assert tuple(fig.layout.xaxis.range) == (-6, 6) == tuple(fig.layout.yaxis.range)
        assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1


def test_payload_of_a_full_size_binary_figure_stays_small():
    grid = np.linspace(-6, 6, 100)
    X, y = make_points(500, 9)
    output = np.random.default_rng(0).uniform(size=(100, 100))
    # One fixed JSON engine: fig.to_json() takes orjson when installed, whose output differs.
    payload = pio.to_json(boundary_figure(grid, output, "binary", X, y), engine="json")
    assert '"dtype":"u1"' in payload  # the grid travels as a uint8 typed array
    assert len(payload) < 40_000  # 27 KB


@pytest.mark.parametrize(
    ("task", "output"), [("ternary", np.zeros((G, G))), ("binary", np.zeros((G + 1, G)))]
)
def test_bad_task_or_shape_is_rejected(task, output):
    X, y = make_points(5, 10)
    with pytest.raises(ValueError):
        boundary_figure(GRID, output, task, X, y)
