"""Network diagram: edges, nodes, biases and neuron maps from a small known network."""

import numpy as np
import plotly.io as pio
import pytest
from png_reader import decode_data_uri

from playground.figures import palette
from playground.figures.network_diagram import network_figure
from playground.figures.network_edges import NODE, column_centres

SIZES = [2, 3, 1]
W1 = np.array([[0.5, -2.0, 0.1], [1.0, -0.2, 0.0]])  # (2, 3)
W2 = np.array([[-0.3], [1.5], [0.05]])  # (3, 1)
B1 = np.array([0.2, -0.4, 0.0])
B2 = np.array([0.7])
GW1 = np.array([[-1e-3, 2e-2, 5e-4], [3e-3, -1e-4, 0.0]])  # signs differ from W1 on purpose
GW2 = np.array([[4e-2], [-1e-3], [2e-4]])
GB1 = np.array([1e-3, -2e-3, 3e-3])
GB2 = np.array([-5e-3])
G = 6


def neuron_maps() -> list[np.ndarray]:
    """Input maps are x1 and x2 themselves; the other units hold simple known planes."""
    axis = np.linspace(-6, 6, G)
    x1, x2 = np.meshgrid(axis, axis)  # row i is x2 = axis[i]
    return [
        np.stack([x1, x2]),
        np.stack([np.tanh(x1), np.tanh(x2), np.zeros_like(x1)]),
        (1 / (1 + np.exp(-x1)))[None],
    ]


def build(**options):
    arguments = dict(
        layer_sizes=SIZES,
        input_labels=["x₁", "x₂"],
        neuron_maps=neuron_maps(),
        weights=[W1, W2],
        biases=[B1, B2],
        grad_weights=[GW1, GW2],
        grad_biases=[GB1, GB2],
        activations=["tanh", "sigmoid"],
    )
    arguments.update(options)
    return network_figure(**arguments)


def drawn_edges(fig) -> dict[tuple[int, int, int], tuple[str, float, float]]:
    """Map (layer, i, j) -> (colour, width, opacity) by matching curve ends to node centres."""
    centres = [column_centres(c, n) for c, n in enumerate(SIZES)]
    edges = {}
    for trace in (t for t in fig.data if t.meta == "edges"):
        x, y = np.asarray(trace.x, dtype=float), np.asarray(trace.y, dtype=float)
        breaks = np.flatnonzero(np.isnan(x))
        for start, stop in zip(np.r_[0, breaks[:-1] + 1], breaks, strict=True):
            x0, y0, y1 = x[start], y[start], y[stop - 1]
            layer = int(np.argmin([abs(c[0, 0] + NODE / 2 - x0) for c in centres[:-1]]))
            i = int(np.argmin(np.abs(centres[layer][:, 1] - y0)))
            j = int(np.argmin(np.abs(centres[layer + 1][:, 1] - y1)))
            edges[(layer, i, j)] = (trace.line.color, trace.line.width, trace.opacity)
    return edges


def all_edges(weights):
    return {
        (layer, i, j): w[i, j] for layer, w in enumerate(weights) for i, j in np.ndindex(w.shape)
    }


def assert_style_follows(edges, values):
    """Colour follows the sign; width never decreases as |value| grows; the largest is widest."""
    assert set(edges) == set(values)
    for key, value in values.items():
        expected = palette.POSITIVE_COLOR if value >= 0 else palette.NEGATIVE_COLOR
        assert edges[key][0] == expected, key
    ordered = sorted(values, key=lambda key: abs(values[key]))
    widths = [edges[key][1] for key in ordered]
    assert widths == sorted(widths)
    assert widths[-1] > widths[0]


def test_every_edge_is_drawn_once_coloured_by_weight_sign_and_sized_by_magnitude():
    fig = build()
    assert_style_follows(drawn_edges(fig), all_edges([W1, W2]))
    assert len([t for t in fig.data if t.meta == "edges"]) <= 14  # batched, not one per edge


def test_gradient_mode_styles_edges_by_the_gradient_not_the_weight():
    fig = build(edge_mode="gradient")
    assert_style_follows(drawn_edges(fig), all_edges([GW1, GW2]))
    bias_colours = next(t for t in fig.data if t.meta == "biases").marker.color
    np.testing.assert_allclose(bias_colours, np.r_[GB1, GB2])


def test_gradient_mode_needs_gradients_and_modes_are_checked():
    with pytest.raises(ValueError):
        build(edge_mode="gradient", grad_weights=None)
    with pytest.raises(ValueError):
        build(edge_mode="weights")


def test_edge_hover_names_the_edge_and_shows_w_and_its_gradient():
    hovers = [t for t in build().data if t.meta == "edge-hover"]
    assert len(hovers) == 2  # one per weight layer
    first = hovers[0]
    assert "W¹[%{customdata[0]},%{customdata[1]}]" in first.hovertemplate
    assert "w = %{customdata[2]" in first.hovertemplate
    assert "∂L/∂w = %{customdata[3]" in first.hovertemplate
    rows = np.asarray(first.customdata)
    for (i, j, w, g), text in zip(rows, first.text, strict=True):
        i, j = int(i) - 1, int(j) - 1
        assert w == pytest.approx(W1[i, j], abs=1e-7) and g == pytest.approx(GW1[i, j], rel=1e-6)
        assert text == f"x{'₁₂'[i]} → a¹{'₁₂₃'[j]}"
    assert "ŷ" in hovers[1].text[0]


def test_edge_hover_without_gradients_says_so():
    fig = build(grad_weights=None, grad_biases=None)
    hover = next(t for t in fig.data if t.meta == "edge-hover")
    assert "∂L/∂w: none yet" in hover.hovertemplate


def test_every_neuron_including_the_output_shows_its_bias_and_gradient():
    fig = build()
    biases = next(t for t in fig.data if t.meta == "biases")
    np.testing.assert_allclose(biases.marker.color, np.r_[B1, B2])
    inputs, neurons = [t for t in fig.data if t.meta == "nodes"]
    assert len(inputs.x) == 2 and np.isnan(np.asarray(inputs.customdata)[:, 2]).all()
    rows = np.asarray(neurons.customdata)  # [column, unit, b, dL/db]
    np.testing.assert_array_equal(rows[:, :2], [[1, 0], [1, 1], [1, 2], [2, 0]])
    np.testing.assert_allclose(rows[:, 2], np.r_[B1, B2], rtol=1e-6)
    np.testing.assert_allclose(rows[:, 3], np.r_[GB1, GB2], rtol=1e-6)
    assert "b = %{customdata[2]" in neurons.hovertemplate
    assert "∂L/∂b = %{customdata[3]" in neurons.hovertemplate
    assert "sigmoid" in neurons.text[-1] and "tanh" in neurons.text[0]


def test_each_node_is_drawn_as_its_own_map_with_x2_pointing_up():
    fig = build()
    images = fig.layout.images
    assert len(images) == sum(SIZES)
    x1_map = decode_data_uri(images[0].source)
    x2_map = decode_data_uri(images[1].source)
    orange = np.rint(palette.region_rgb(palette.ORANGE))
    blue = np.rint(palette.region_rgb(palette.BLUE))
    np.testing.assert_array_equal(x1_map[:, 0], np.broadcast_to(orange, (G, 3)))  # x1 = -6
    np.testing.assert_array_equal(x1_map[:, -1], np.broadcast_to(blue, (G, 3)))  # x1 = +6
    np.testing.assert_array_equal(x2_map[0], np.broadcast_to(blue, (G, 3)))  # PNG top: x2 = +6
    first = column_centres(0, 2)[0]
    assert (images[0].x, images[0].y) == pytest.approx((first[0] - NODE / 2, first[1] + NODE / 2))
    assert images[0].sizex == images[0].sizey == NODE


def test_sigmoid_maps_are_white_at_one_half():
    maps = neuron_maps()
    maps[2] = np.full((1, G, G), 0.5)
    output = decode_data_uri(build(neuron_maps=maps).layout.images[-1].source)
    assert (output == 255).all()


def test_selected_node_gets_a_border_and_highlighted_edges_stand_out():
    fig = build(selected=(1, 1), highlight_edges={(0, 0, 1)})
    (border,) = [t for t in fig.data if t.meta == "selected"]
    centre = column_centres(1, 3)[1]
    x, y = np.asarray(border.x, dtype=float), np.asarray(border.y, dtype=float)
    assert (np.nanmin(x) + np.nanmax(x)) / 2 == pytest.approx(centre[0], abs=1e-6)
    assert (np.nanmin(y) + np.nanmax(y)) / 2 == pytest.approx(centre[1], abs=1e-6)
    assert np.nanmax(y) - np.nanmin(y) > NODE  # drawn just outside the node's own outline
    edges = drawn_edges(fig)
    others = [style for key, style in edges.items() if key != (0, 0, 1)]
    assert edges[(0, 0, 1)][2] == 1.0 and all(style[2] < 1.0 for style in others)
    assert edges[(0, 0, 1)][1] > max(style[1] for style in others)


def test_activation_labels_per_weight_layer_appear_in_column_headers():
    headers = [annotation.text for annotation in build().layout.annotations]
    assert len(headers) == 3
    assert "tanh" in headers[1] and "sigmoid" in headers[2]


@pytest.mark.parametrize(
    "options",
    [{"weights": [W1.T, W2]}, {"biases": [B1, np.zeros(2)]}, {"neuron_maps": neuron_maps()[:2]}],
)
def test_shapes_that_do_not_fit_layer_sizes_are_rejected(options):
    with pytest.raises(ValueError):
        build(**options)


def test_largest_supported_network_stays_batched_and_light():
    sizes = [7, 8, 8, 8, 8, 8, 8, 5]
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    fig = network_figure(
        sizes,
        [f"f{k}" for k in range(7)],
        [rng.uniform(-1, 1, size=(n, 20, 20)) for n in sizes],
        weights,
        [np.zeros(n) for n in sizes[1:]],
        activations=["tanh"] * 6 + ["softmax"],
    )
    assert len(fig.data) <= 30  # edges batched by colour and width, not one trace per edge
    images = fig.layout.images
    assert len(images) == sum(sizes)
    pictures = [decode_data_uri(image.source) for image in images]
    assert all(picture.shape == (20, 20, 3) for picture in pictures)  # each map at its own size
    # Compressed PNG bytes differ between zlib builds, and fig.to_json() differs with the JSON
    # engine plotly finds (orjson, when installed, writes float32 values shorter). So the budget
    # counts every map as its raw pixels and writes the rest with plotly's own json engine:
    # 126 KB + 72 KB, the same on every platform, a fifth below the budget.
    spec = fig.to_dict()
    for image in spec["layout"]["images"]:
        image["source"] = ""
    rest = pio.to_json(spec, engine="json")
    assert len(rest) + sum(picture.nbytes for picture in pictures) < 250_000
