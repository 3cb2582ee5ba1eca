"""Node traces of the network diagram: output-map images, outlines, bias squares, node hover."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from playground.figures import palette
from playground.figures.network_edges import NODE, polylines
from playground.figures.notation import node_name
from playground.figures.png import png_data_uri


def map_colors(unit_maps: np.ndarray, activation: str) -> np.ndarray:
    """Colour one column's maps (n, g, g) as uint8 (n, g, g, 3), as the decision boundary does.

    softmax units fade from white to their class colour; sigmoid units are diverging around 0.5;
    other units are diverging around 0, scaled by max(1, max finite |value|) so values within
    [-1, 1] keep their true strength and wider ranges (inputs, relu) are squeezed in.
    """
    with np.errstate(over="ignore"):  # a diverged network's values beyond float32 become inf
        unit_maps = np.asarray(unit_maps, dtype=np.float32)  # (n, g, g)
    if activation == "softmax":
        classes = np.broadcast_to(np.arange(len(unit_maps))[:, None, None], unit_maps.shape)
        return palette.blend_classes(unit_maps, classes, len(unit_maps))
    if activation == "sigmoid":
        return palette.diverging_rgb((unit_maps - 0.5) * 2)
    finite = np.where(np.isfinite(unit_maps), unit_maps, 0)  # (n, g, g)
    scale = np.maximum(1.0, np.abs(finite).max(axis=(1, 2), initial=0.0))  # (n,)
    return palette.diverging_rgb(unit_maps / scale[:, None, None])  # ±inf: full colour


def node_images(
    centres: list[np.ndarray], neuron_maps: Sequence[np.ndarray], labels: list[str]
) -> list[dict]:
    """One PNG (data URI) per node, placed over the node's square in axis units."""
    images = []
    for column, unit_maps in enumerate(neuron_maps):
        rgb = map_colors(unit_maps, labels[column])  # (n, g, g, 3)
        for unit, (cx, cy) in enumerate(centres[column]):
            # Map row 0 is the bottom of the plane but a PNG's row 0 is its top.
            images.append(
                {
                    "source": png_data_uri(rgb[unit, ::-1]),
                    "xref": "x",
                    "yref": "y",
                    "x": cx - NODE / 2,
                    "y": cy + NODE / 2,
                    "sizex": NODE,
                    "sizey": NODE,
                    "sizing": "stretch",
                    "layer": "below",
                }
            )
    return images


def squares(centres: np.ndarray, half: float) -> tuple[np.ndarray, np.ndarray]:
    """Closed square outlines around the given centres, as NaN-separated polylines."""
    corners_x = np.array([-1, 1, 1, -1, -1]) * half
    corners_y = np.array([-1, -1, 1, 1, -1]) * half
    return polylines(centres[:, 0:1] + corners_x, centres[:, 1:2] + corners_y)


def outline_trace(centres: np.ndarray, half: float, meta: str, color: str, width: float) -> dict:
    """One line trace drawing a square of half-side `half` around each centre."""
    x, y = squares(centres, half)
    line = {"color": color, "width": width}
    return dict(
        type="scatter",
        x=x,
        y=y,
        mode="lines",
        hoverinfo="skip",
        showlegend=False,
        meta=meta,
        line=line,
    )


def bias_trace(neuron_centres: np.ndarray, values: np.ndarray) -> dict:
    """Small squares at each neuron's lower-left corner, coloured by bias (or its gradient).

    A diverged network's NaN is drawn white and ±inf in the full colour of its sign.
    """
    limit = palette.max_abs(values) or 1.0
    marker = {
        "symbol": "square",
        "size": 9,
        "color": np.nan_to_num(values, nan=0.0, posinf=limit, neginf=-limit),
        "cmin": -limit,
        "cmax": limit,
        "colorscale": palette.DIVERGING_SCALE,
        "line": {"color": palette.INK, "width": 0.8},
    }
    corner = neuron_centres - NODE / 2  # (N, 2)
    return dict(
        type="scatter",
        x=corner[:, 0],
        y=corner[:, 1],
        mode="markers",
        marker=marker,
        hoverinfo="skip",
        showlegend=False,
        meta="biases",
    )


def node_hover_traces(
    centres: list[np.ndarray],
    sizes: list[int],
    input_labels: Sequence[str],
    neuron_maps: Sequence[np.ndarray],
    bias_values: np.ndarray,
    bias_grads: np.ndarray | None,
    labels: list[str],
) -> list[dict]:
    """Invisible node-sized markers: inputs (name, range) and neurons (plus b and dL/db)."""
    texts, rows = [], []
    grads = np.full(len(bias_values), np.nan) if bias_grads is None else bias_grads
    for column, unit_maps in enumerate(neuron_maps):
        for unit in range(sizes[column]):
            name = node_name(column, unit, sizes, input_labels)
            if column == 0:
                role, values = "input feature", "values"
            else:
                role, values = f"layer {column}, neuron {unit + 1}", "output"
            activation = f" · {labels[column]}" if labels[column] else ""
            texts.append(
                f"<b>{name}</b>: {role}{activation}<br>{values} {_value_range(unit_maps[unit])}"
            )
            offset = sum(sizes[1:column]) + unit  # position among all biases
            bias = (np.nan, np.nan) if column == 0 else (bias_values[offset], grads[offset])
            rows.append([column, unit, *bias])
    gradient = "%{customdata[3]:.3e}" if bias_grads is not None else "none yet"
    neuron_template = f"%{{text}}<br>b = %{{customdata[2]:.4f}}<br>∂L/∂b = {gradient}"
    every_centre = np.concatenate(centres)  # (N, 2)
    with np.errstate(over="ignore"):  # a diverged network's biases beyond float32 show as inf
        customdata = np.array(rows, dtype=np.float32)  # (N, 4)
    n_inputs = sizes[0]
    traces = []
    for part, template in (
        (slice(0, n_inputs), "%{text}"),
        (slice(n_inputs, None), neuron_template),
    ):
        traces.append(
            dict(
                type="scatter",
                x=every_centre[part, 0],
                y=every_centre[part, 1],
                mode="markers",
                text=texts[part],
                customdata=customdata[part],
                meta="nodes",
                showlegend=False,
                hovertemplate=template + "<extra></extra>",
                marker={"symbol": "square", "size": 28, "color": "rgba(0,0,0,0)"},
            )
        )
    return traces


def _value_range(unit_map: np.ndarray) -> str:
    """'low … high' of a map, NaN left out; 'not a number' when nothing else is left."""
    values = unit_map[~np.isnan(unit_map)]
    return f"{values.min():.3g} … {values.max():.3g}" if values.size else "not a number"


def input_label_trace(input_centres: np.ndarray, names: list[str]) -> dict:
    """Feature names written to the left of the input column."""
    return dict(
        type="scatter",
        x=input_centres[:, 0] - NODE / 2 - 0.12,
        y=input_centres[:, 1],
        mode="text",
        text=names,
        textposition="middle left",
        hoverinfo="skip",
        showlegend=False,
        meta="input-labels",
    )
