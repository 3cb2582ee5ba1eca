"""Network diagram in the style of TensorFlow Playground: each neuron drawn as its output map."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from playground.figures import network_edges as edges
from playground.figures import network_nodes as nodes
from playground.figures import palette
from playground.figures.network_edges import COLUMN_GAP, NODE, PITCH
from playground.figures.notation import node_name
from playground.figures.spec import FigureSpec, figure_builder

LABEL_ROOM = 1.4  # room left of the input column for the feature labels
HEADER_ROOM = 1.5  # room above the tallest column for the layer titles
PIXELS_PER_UNIT = 42
EDGE_MODES = ("weight", "gradient")


def network_spec(
    layer_sizes: Sequence[int],
    input_labels: Sequence[str],
    neuron_maps: Sequence[np.ndarray],
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    grad_weights: Sequence[np.ndarray] | None = None,
    grad_biases: Sequence[np.ndarray] | None = None,
    edge_mode: str = "weight",
    selected: tuple[int, int] | None = None,
    highlight_edges: set[tuple[int, int, int]] | None = None,
    activations: Sequence[str] | None = None,
) -> FigureSpec:
    """Draw columns of neuron maps joined by edges coloured by sign and sized by |w| (or |dL/dw|).

    Column 0 is the input layer. neuron_maps[c] is (layer_sizes[c], g, g): each unit's output over
    the input plane, rows from x2 = -6 upwards. selected is (column, unit); highlight_edges holds
    (weight layer, i, j) with weight layer indexed like `weights`. activations has one label per
    column, or one per weight layer. Node markers carry customdata [column, unit, b, dL/db].
    Non-finite weights (a diverged network) are drawn as thin grey edges.
    """
    sizes = [int(n) for n in layer_sizes]
    _check_shapes(sizes, neuron_maps, weights, biases)
    if edge_mode not in EDGE_MODES:
        raise ValueError(f"edge_mode must be one of {EDGE_MODES}, got {edge_mode!r}")
    if edge_mode == "gradient" and grad_weights is None:
        raise ValueError("edge_mode='gradient' needs grad_weights")
    labels = _column_labels(activations, len(sizes))
    centres = [edges.column_centres(c, n) for c, n in enumerate(sizes)]  # each (n, 2)

    ids, xs, ys = edges.edge_curves(centres)  # (E, 3), (E, P), (E, P)
    weight_values = np.concatenate([np.ravel(w) for w in weights])  # (E,) in row-major order
    grad_values = (
        None if grad_weights is None else np.concatenate([np.ravel(g) for g in grad_weights])
    )
    shown = weight_values if edge_mode == "weight" else grad_values
    limit = palette.max_abs(shown)
    highlighted = edges.highlight_mask(ids, highlight_edges)
    dim = 0.25 if highlighted.any() else 0.9
    traces = edges.edge_traces(
        xs[~highlighted], ys[~highlighted], shown[~highlighted], limit, dim, 0.0
    )
    traces += edges.edge_traces(
        xs[highlighted], ys[highlighted], shown[highlighted], limit, 1.0, 2.0
    )
    traces += edges.edge_hover(ids, xs, ys, weight_values, grad_values, sizes, input_labels)
    bias_values = np.concatenate([np.ravel(b) for b in biases])  # (neurons,)
    bias_grads = None if grad_biases is None else np.concatenate([np.ravel(g) for g in grad_biases])
    every_centre = np.concatenate(centres)  # (N, 2)
    traces.append(nodes.outline_trace(every_centre, NODE / 2, "node-borders", palette.GREY, 1.0))
    coloured_biases = bias_values if edge_mode == "weight" or bias_grads is None else bias_grads
    traces.append(nodes.bias_trace(every_centre[sizes[0] :], coloured_biases))
    if (
        selected is not None
        and 0 <= selected[0] < len(sizes)
        and 0 <= selected[1] < sizes[selected[0]]
    ):
        ring = centres[selected[0]][selected[1]][None, :]  # (1, 2)
        traces.append(nodes.outline_trace(ring, NODE / 2 + 0.08, "selected", palette.INK, 3.0))
    traces += nodes.node_hover_traces(
        centres, sizes, input_labels, neuron_maps, bias_values, bias_grads, labels
    )
    names = [node_name(0, unit, sizes, input_labels) for unit in range(sizes[0])]
    traces.append(nodes.input_label_trace(centres[0], names))
    images = nodes.node_images(centres, neuron_maps, labels)
    return {"data": traces, "layout": _layout(sizes, labels, images)}


network_figure = figure_builder(network_spec)


def _check_shapes(sizes: list[int], maps: Sequence, weights: Sequence, biases: Sequence) -> None:
    """Raise ValueError with the first shape that disagrees with layer_sizes."""
    if len(maps) != len(sizes) or len(weights) != len(sizes) - 1 or len(biases) != len(weights):
        raise ValueError(
            f"{len(sizes)} columns need {len(sizes)} neuron maps and {len(sizes) - 1} weight and"
            f" bias arrays, got {len(maps)}, {len(weights)}, {len(biases)}"
        )
    for layer, (w, b) in enumerate(zip(weights, biases, strict=True)):
        if np.shape(w) != (sizes[layer], sizes[layer + 1]) or np.shape(b) != (sizes[layer + 1],):
            raise ValueError(f"layer {layer}: W {np.shape(w)} / b {np.shape(b)} do not fit {sizes}")
    for column, unit_maps in enumerate(maps):
        if np.ndim(unit_maps) != 3 or np.shape(unit_maps)[0] != sizes[column]:
            raise ValueError(f"neuron_maps[{column}] must be ({sizes[column]}, g, g)")


def _column_labels(activations: Sequence[str] | None, n_columns: int) -> list[str]:
    """One activation label per column; the input column's label is empty."""
    labels = list(activations or [])
    if len(labels) == n_columns - 1:
        labels = ["", *labels]
    return (labels + [""] * n_columns)[:n_columns]


def _header(column: int, n_units: int, n_columns: int, activation: str) -> str:
    """Column title: 'input', 'layer 2<br>4 · tanh' or 'output<br>sigmoid' (fits narrow gaps)."""
    if column == 0:
        return "<b>input</b>"
    if column == n_columns - 1:
        return f"<b>output</b><br>{activation}"
    return f"<b>layer {column}</b><br>{n_units}" + (f" · {activation}" if activation else "")


def _layout(sizes, labels, images) -> dict:
    """Hidden square axes sized to the tallest column, with the column titles on top."""
    top = (max(sizes) - 1) / 2 * PITCH + NODE / 2
    x_range = [-NODE / 2 - LABEL_ROOM, (len(sizes) - 1) * COLUMN_GAP + NODE / 2 + 0.3]
    y_range = [-top - 0.3, top + HEADER_ROOM]
    headers = [
        {
            "text": _header(c, n, len(sizes), labels[c]),
            "x": c * COLUMN_GAP,
            "y": top + 0.15,
            "xref": "x",
            "yref": "y",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 11},
        }
        for c, n in enumerate(sizes)
    ]
    hidden = {"visible": False, "fixedrange": True}
    return {
        "template": palette.PLAIN_TEMPLATE,
        "font": palette.FONT,
        "height": int((y_range[1] - y_range[0]) * PIXELS_PER_UNIT) + 20,
        "margin": {"l": 8, "r": 8, "t": 10, "b": 10},
        "plot_bgcolor": palette.WHITE,
        "paper_bgcolor": palette.WHITE,
        "hovermode": "closest",
        "uirevision": "network",
        "xaxis": {**hidden, "range": x_range},
        "yaxis": {**hidden, "range": y_range, "scaleanchor": "x", "scaleratio": 1},
        "images": images,
        "annotations": headers,
    }
