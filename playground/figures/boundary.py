"""Decision-boundary figure: the network's output over the input plane with the data on top."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from playground.figures import palette
from playground.figures.png import png_data_uri
from playground.figures.spec import FigureSpec, figure_builder

AXIS_LIMIT = 6.0
# Constant so that Plotly keeps the user's zoom and pan while the figure is rebuilt every frame.
UIREVISION = "boundary"
POINT_SIZE = 7
TASKS = ("binary", "multiclass", "regression")
_COORDINATES = "x₁ = %{x:.2f}<br>x₂ = %{y:.2f}"


def boundary_spec(
    grid: np.ndarray,
    output: np.ndarray,
    task: str,
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    show_test: bool = False,
    discrete: bool = False,
    class_names: Sequence[str] = ("0", "1"),
    selected_point: int | None = None,
) -> FigureSpec:
    """Draw the predicted classes or values over the grid, with train (and test) points on top.

    output[i, j] is the prediction at x1 = grid[j], x2 = grid[i] (np.meshgrid's default layout):
    (G, G) class-1 probabilities or regression values, or (G, G, k) class probabilities; the grid
    must be evenly spaced. selected_point is a row of X_train. Point traces carry meta "train" or
    "test" and customdata rows [row index in X_train / X_test, target] for click handling.
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    grid = np.asarray(grid, dtype=float)
    output = np.asarray(output)
    if output.ndim == 3 and output.shape[-1] == 1:
        output = output[..., 0]
    if output.shape[:2] != (grid.size, grid.size):
        raise ValueError(
            f"output must start with shape ({grid.size}, {grid.size}), got {output.shape}"
        )
    # Uniform grid: the cell origin and step replace two coordinate arrays in the JSON.
    placement = {"x0": grid[0], "y0": grid[0], "dx": _step(grid), "dy": _step(grid)}

    if task == "regression":
        limit = _regression_limit(output, y_train)
        traces = [_regression_background(output, discrete, limit, placement)]
        traces += _regression_points(X_train, y_train, "train", limit)
        if show_test and X_test is not None and y_test is not None:
            traces += _regression_points(X_test, y_test, "test", limit)
    else:
        names = _class_names(class_names, output.shape[-1] if output.ndim == 3 else 2)
        if task == "multiclass":
            traces = [_multiclass_background(output, discrete, names, placement)]
        else:
            traces = [_binary_background(output, discrete, names, placement)]
        traces += _class_points(X_train, y_train, "train", names)
        if show_test and X_test is not None and y_test is not None:
            traces += _class_points(X_test, y_test, "test", names)

    if selected_point is not None and 0 <= selected_point < len(X_train):
        traces.append(_selection_ring(np.asarray(X_train)[selected_point]))
    return {"data": traces, "layout": _layout(show_legend=task != "regression")}


boundary_figure = figure_builder(boundary_spec)


def _step(grid: np.ndarray) -> float:
    """Return the spacing of a uniform grid (the whole span for a single cell)."""
    return float(grid[1] - grid[0]) if grid.size > 1 else 2 * AXIS_LIMIT


def _class_names(class_names: Sequence[str], n_classes: int) -> list[str]:
    """Return one display name per class, falling back to the class index."""
    return [class_names[c] if c < len(class_names) else str(c) for c in range(n_classes)]


def _binary_background(
    probability: np.ndarray, discrete: bool, names: list[str], placement: dict
) -> dict:
    """Heatmap of P(class 1) in whole percent (uint8): orange at 0, white at 50, blue at 100."""
    percent = palette.to_uint8(probability, 0.0, 1.0, top=100)  # (G, G)
    hover = f"{_COORDINATES}<br>P({names[1]}) = %{{z}} %<extra></extra>"
    extra = {}
    if discrete:
        # The colour shows the thresholded class; the hover still reports the probability.
        extra["customdata"] = percent
        hover = hover.replace("%{z}", "%{customdata}")
        percent = np.where(probability > 0.5, 100, 0).astype(np.uint8)
    return dict(
        type="heatmap",
        z=percent,
        zmin=0,
        zmax=100,
        colorscale=palette.REGION_SCALE,
        showscale=False,
        zsmooth="fast",
        hovertemplate=hover,
        name="prediction",
        **placement,
        **extra,
    )


def _multiclass_background(
    probabilities: np.ndarray, discrete: bool, names: list[str], placement: dict
) -> dict:
    """RGB image: each cell takes its predicted class's colour, faded to white by uncertainty."""
    n_classes = probabilities.shape[-1]
    predicted = np.argmax(probabilities, axis=-1)  # (G, G)
    if discrete:
        confidence = np.ones(predicted.shape, dtype=np.float32)
    else:
        # A uniform guess (1/k) is white; certainty (1) is the full region colour.
        top = probabilities.max(axis=-1)
        confidence = (top - 1.0 / n_classes) * (n_classes / (n_classes - 1.0))
    rgb = palette.blend_classes(confidence, predicted, n_classes)  # (G, G, 3)
    percents = palette.to_uint8(probabilities, 0.0, 1.0, top=100)  # (G, G, k)
    lines = "".join(f"<br>P({name}) = %{{customdata[{c}]}} %" for c, name in enumerate(names))
    # A PNG source is ~6 KB where a z array would be ~40 KB. Plotly puts image row 0 at y0 (the
    # bottom here) for both, so the rows keep the grid's order.
    return dict(
        type="image",
        source=png_data_uri(rgb),
        zsmooth="fast",
        customdata=percents,
        hovertemplate=f"{_COORDINATES}{lines}<extra></extra>",
        name="prediction",
        **placement,
    )


def _regression_limit(values: np.ndarray, targets: np.ndarray) -> float:
    """Return the symmetric colour limit that covers both predictions and targets."""
    return max(palette.max_abs(values), palette.max_abs(targets)) or 1.0


def _regression_background(
    values: np.ndarray, discrete: bool, limit: float, placement: dict
) -> dict:
    """Heatmap of the predicted value, orange below zero and blue above, with a colorbar."""
    hover = f"{_COORDINATES}<br>ŷ = %{{z:.3f}}<extra></extra>"
    extra = {}
    # A diverged network's values (and limit) beyond float32 become ±inf, without warnings.
    with np.errstate(over="ignore"):
        shown = values.astype(np.float32)  # (G, G)
        if discrete:
            extra["customdata"] = shown
            hover = hover.replace("%{z:.3f}", "%{customdata:.3f}")
            shown = (np.sign(shown) * limit).astype(np.float32)
    return dict(
        type="heatmap",
        z=shown,
        zmin=-limit,
        zmax=limit,
        colorscale=palette.REGION_SCALE,
        colorbar={"title": {"text": "ŷ"}, "thickness": 12, "len": 0.8},
        zsmooth="fast",
        hovertemplate=hover,
        name="prediction",
        **placement,
        **extra,
    )


def _point_data(X: np.ndarray, y: np.ndarray, mask: np.ndarray) -> dict:
    """Return float32 coordinates and [row index, target] customdata of the masked points."""
    rows = np.flatnonzero(mask)
    X = np.asarray(X, dtype=np.float32)
    customdata = np.column_stack([rows, np.asarray(y, dtype=np.float64)[rows]]).astype(np.float32)
    return {"x": X[rows, 0], "y": X[rows, 1], "customdata": customdata}


def _marker_line(split: str, on_white: bool = False) -> dict:
    """Return the outline that tells train points (light, thin) from test points (dark, thick).

    on_white: the point's own colour may be near white (regression values near 0), so the train
    outline turns grey to keep it visible.
    """
    if split == "test":
        return {"color": palette.INK, "width": 1.6}
    return {"color": palette.GREY if on_white else palette.WHITE, "width": 1}


def _class_points(X: np.ndarray, y: np.ndarray, split: str, names: list[str]) -> list[dict]:
    """One SVG scatter per class (a static hover template per trace instead of text arrays)."""
    labels = np.rint(np.asarray(y, dtype=float).ravel()).astype(int)
    traces = []
    for c, name in enumerate(names):
        mask = labels == c
        if not mask.any():
            continue
        traces.append(
            dict(
                type="scatter",
                mode="markers",
                name=name if split == "train" else f"{name} (test)",
                legendgroup=name,
                meta=split,
                marker={
                    "size": POINT_SIZE,
                    "color": palette.class_color(c),
                    "line": _marker_line(split),
                },
                hovertemplate=f"{name} · {split} #%{{customdata[0]}}<br>{_COORDINATES}"
                "<extra></extra>",
                **_point_data(X, labels, mask),
            )
        )
    return traces


def _regression_points(X: np.ndarray, y: np.ndarray, split: str, limit: float) -> list[dict]:
    """One scatter coloured by target value on the same diverging scale as the background."""
    y = np.asarray(y, dtype=float).ravel()
    data = _point_data(X, y, np.ones(y.size, dtype=bool))
    marker = {
        "size": POINT_SIZE,
        "color": data["customdata"][:, 1],
        "colorscale": palette.DIVERGING_SCALE,
        "cmin": -limit,
        "cmax": limit,
        "line": _marker_line(split, on_white=True),
    }
    hover = (
        f"{split} #%{{customdata[0]}}: y = %{{customdata[1]:.3f}}<br>{_COORDINATES}<extra></extra>"
    )
    return [
        dict(
            type="scatter",
            mode="markers",
            name=split,
            meta=split,
            marker=marker,
            hovertemplate=hover,
            **data,
        )
    ]


def _selection_ring(point: np.ndarray) -> dict:
    """A dark ring around the selected training point."""
    return dict(
        type="scatter",
        x=[float(point[0])],
        y=[float(point[1])],
        mode="markers",
        name="selected",
        meta="selected",
        showlegend=False,
        hoverinfo="skip",
        marker={"size": 17, "symbol": "circle-open", "color": palette.INK, "line": {"width": 3}},
    )


def _layout(show_legend: bool) -> dict:
    """Square, fixed [-6, 6] axes and a uirevision that survives rebuilds."""
    axis = {
        "range": [-AXIS_LIMIT, AXIS_LIMIT],
        "constrain": "domain",
        "showgrid": False,
        "zeroline": False,
        "showline": True,
        "mirror": True,
        "linecolor": palette.GREY,
        "ticks": "outside",
        "dtick": 2,
    }
    return {
        "template": palette.PLAIN_TEMPLATE,
        "font": palette.FONT,
        "uirevision": UIREVISION,
        "height": 460,
        "margin": {"l": 48, "r": 16, "t": 36, "b": 44},
        "plot_bgcolor": palette.WHITE,
        "paper_bgcolor": palette.WHITE,
        "hovermode": "closest",
        "showlegend": show_legend,
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.01,
            "yanchor": "bottom",
            "font": {"size": 11},
        },
        "xaxis": {**axis, "title": {"text": "x₁"}},
        "yaxis": {**axis, "title": {"text": "x₂"}, "scaleanchor": "x", "scaleratio": 1},
    }
