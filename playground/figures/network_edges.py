"""Geometry and edge traces of the network diagram: node positions, curved edges, edge hover."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from playground.figures import palette
from playground.figures.notation import node_name, weight_symbol

NODE = 1.0  # side of a node's square, in axis units
PITCH = 1.35  # vertical distance between node centres
COLUMN_GAP = 2.7  # horizontal distance between layer columns
# Few points per edge: the line is drawn as a spline through them, which keeps the JSON small.
CURVE_POINTS = 5
EDGE_WIDTHS = np.linspace(0.6, 6.0, 7)  # one trace per (sign, width level): at most 14 traces
HOVER_AT = (0.3, 0.7)  # curve parameters of each edge's two invisible hover markers


def column_centres(column: int, n_units: int) -> np.ndarray:
    """Centres (n, 2) of one column's nodes, top to bottom, vertically centred on 0."""
    y = ((n_units - 1) / 2 - np.arange(n_units)) * PITCH
    return np.column_stack([np.full(n_units, column * COLUMN_GAP), y])


def bezier(
    x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray, t: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    """Points of a cubic curve leaving and entering horizontally, like TensorFlow Playground's."""
    middle = (x0 + x1) / 2
    x = (1 - t) ** 3 * x0 + 3 * (1 - t) * t * middle + t**3 * x1
    y = y0 + (y1 - y0) * (3 * t**2 - 2 * t**3)
    return x, y


def edge_curves(centres: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return edge ids (E, 3) of (layer, i, j) in W's row-major order and curve points (E, P)."""
    t = np.linspace(0.0, 1.0, CURVE_POINTS)  # (P,)
    ids, xs, ys = [], [], []
    for layer in range(len(centres) - 1):
        source, target = centres[layer], centres[layer + 1]
        i, j = (index.ravel() for index in np.indices((len(source), len(target))))  # (E_l,)
        x, y = bezier(
            source[i, 0:1] + NODE / 2, source[i, 1:2], target[j, 0:1] - NODE / 2, target[j, 1:2], t
        )
        ids.append(np.column_stack([np.full(i.size, layer), i, j]))
        xs.append(x)
        ys.append(y)
    return np.concatenate(ids), np.concatenate(xs), np.concatenate(ys)


def highlight_mask(ids: np.ndarray, highlight: set[tuple[int, int, int]] | None) -> np.ndarray:
    """Return a boolean (E,) mask of the highlighted edges."""
    if not highlight:
        return np.zeros(len(ids), dtype=bool)
    return np.array([tuple(row) in highlight for row in ids.tolist()], dtype=bool)


def polylines(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Join curves into one float32 line per trace, separated by NaN gaps."""
    gap = np.full((len(xs), 1), np.nan)
    return (
        np.hstack([xs, gap]).ravel().astype(np.float32),
        np.hstack([ys, gap]).ravel().astype(np.float32),
    )


def edge_traces(
    xs: np.ndarray,
    ys: np.ndarray,
    values: np.ndarray,
    limit: float,
    opacity: float,
    extra_width: float,
) -> list[dict]:
    """Bucket edges by sign and |value| level into a few line traces, thin ones first.

    Non-finite values (a diverged network) have no size or sign: one thin grey trace, drawn last.
    """
    finite = np.isfinite(values)
    ratio = np.zeros(len(values))
    if limit > 0:  # limit is the largest finite |value|, so finite ratios lie in [0, 1]
        ratio[finite] = np.abs(values[finite]) / limit
    levels = np.rint(ratio * (len(EDGE_WIDTHS) - 1)).astype(int)
    positive = values >= 0
    signs = ((False, palette.NEGATIVE_COLOR), (True, palette.POSITIVE_COLOR))
    groups = [
        ((levels == level) & (positive == sign_positive) & finite, color, EDGE_WIDTHS[level])
        for level in np.unique(levels[finite])
        for sign_positive, color in signs
    ]
    groups.append((~finite, palette.GREY, EDGE_WIDTHS[0]))
    traces = []
    for mask, color, width in groups:
        if not mask.any():
            continue
        x, y = polylines(xs[mask], ys[mask])
        traces.append(
            dict(
                type="scatter",
                x=x,
                y=y,
                mode="lines",
                opacity=opacity,
                hoverinfo="skip",
                showlegend=False,
                meta="edges",
                line={"color": color, "width": float(width) + extra_width, "shape": "spline"},
            )
        )
    return traces


def edge_hover(
    ids: np.ndarray,
    xs: np.ndarray,
    ys: np.ndarray,
    weight_values: np.ndarray,
    grad_values: np.ndarray | None,
    sizes: list[int],
    input_labels: Sequence[str],
) -> list[dict]:
    """Invisible markers on every edge, one trace per layer; hover names the edge, w and dL/dw."""
    n_points = len(HOVER_AT)
    starts, ends = (xs[:, 0], ys[:, 0]), (xs[:, -1], ys[:, -1])
    points = [bezier(starts[0], starts[1], ends[0], ends[1], t) for t in HOVER_AT]
    x = np.column_stack([p[0] for p in points]).ravel().astype(np.float32)  # (E * n_points,)
    y = np.column_stack([p[1] for p in points]).ravel().astype(np.float32)
    grads = np.full(len(ids), np.nan) if grad_values is None else grad_values
    # Rows [i, j, w, dL/dw] with 1-based i, j as in the course's W[i, j]; a diverged network's
    # values beyond float32 show as inf.
    with np.errstate(over="ignore"):
        rows = np.column_stack([ids[:, 1:] + 1, weight_values, grads]).astype(np.float32)  # (E, 4)
    rows = np.repeat(rows, n_points, axis=0)  # (E * n_points, 4)
    layer_of_point = np.repeat(ids[:, 0], n_points)
    gradient_line = "∂L/∂w: none yet" if grad_values is None else "∂L/∂w = %{customdata[3]:.3e}"
    node_names = [
        [node_name(column, unit, sizes, input_labels) for unit in range(n_units)]
        for column, n_units in enumerate(sizes)
    ]
    traces = []
    for layer in range(len(sizes) - 1):
        mask = layer_of_point == layer
        # The text holds only the node names; the rest of the hover is one template per layer.
        sources, targets = node_names[layer], node_names[layer + 1]
        names = [f"{source} → {target}" for source in sources for target in targets]
        symbol = weight_symbol(layer)
        traces.append(
            dict(
                type="scatter",
                x=x[mask],
                y=y[mask],
                mode="markers",
                text=np.repeat(names, n_points).tolist(),
                customdata=rows[mask],
                meta="edge-hover",
                showlegend=False,
                marker={"size": 8, "color": "rgba(0,0,0,0)"},
                hovertemplate=f"layer {layer + 1} · {symbol}"
                "[%{customdata[0]},%{customdata[1]}]: %{text}<br>w = %{customdata[2]:.4f}<br>"
                + gradient_line
                + "<extra></extra>",
            )
        )
    return traces
