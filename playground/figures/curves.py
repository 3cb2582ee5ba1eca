"""Training curves: loss (and accuracy) against epochs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from playground.figures import palette
from playground.figures.spec import FigureSpec, figure_builder

TRAIN_COLOR = palette.INK
TEST_COLOR = palette.VERMILLION
EMPTY_HINT = "No training history yet: start training to see the loss curves."


def as_series(values: Sequence[float | None] | np.ndarray | None) -> np.ndarray | None:
    """Return values as a float array with None turned into NaN (None stays None)."""
    if values is None:
        return None
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        return values.astype(float)
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def has_values(series: np.ndarray | None) -> bool:
    """Tell whether a series exists and holds at least one finite value."""
    return series is not None and bool(np.isfinite(series).any())


def loss_spec(
    epochs: Sequence[float] | np.ndarray,
    train_loss: Sequence[float | None] | np.ndarray,
    test_loss: Sequence[float | None] | np.ndarray | None = None,
    train_accuracy: Sequence[float | None] | np.ndarray | None = None,
    test_accuracy: Sequence[float | None] | np.ndarray | None = None,
    log_scale: bool = False,
) -> FigureSpec:
    """Plot train/test loss over epochs, with accuracy (0-1) on a right-hand axis when given."""
    epochs_array = as_series(epochs)
    series = {
        "train loss": as_series(train_loss),
        "test loss": as_series(test_loss),
        "train accuracy": as_series(train_accuracy),
        "test accuracy": as_series(test_accuracy),
    }
    shown = {name: values for name, values in series.items() if has_values(values)}
    with_accuracy = any(name.endswith("accuracy") for name in shown)
    layout = _layout(log_scale, with_accuracy)
    if epochs_array.size == 0 or not shown:
        layout["annotations"] = [
            {
                "text": EMPTY_HINT,
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "font": {"color": palette.GREY, "size": 13},
            }
        ]
        layout["xaxis"]["range"] = [0, 1]
        layout["yaxis"]["range"] = [0, 1]
        return {"data": [], "layout": layout}

    mode = "lines" if epochs_array.size > 1 else "markers"
    traces = []
    for name, values in shown.items():
        is_accuracy = name.endswith("accuracy")
        traces.append(
            dict(
                type="scatter",
                # float32 halves the JSON and is exact enough for a curve and its hover.
                x=epochs_array.astype(np.float32),
                y=_float32(values),
                mode=mode,
                # The legend shows the latest value, as TensorFlow Playground does.
                name=_latest_label(name, values),
                yaxis="y2" if is_accuracy else "y",
                line={
                    "color": TRAIN_COLOR if name.startswith("train") else TEST_COLOR,
                    "width": 1.5 if is_accuracy else 2,
                    "dash": "dot" if is_accuracy else "solid",
                },
                hovertemplate=f"{name} %{{y:{'.1%' if is_accuracy else '.4f'}}}<extra></extra>",
            )
        )
    return {"data": traces, "layout": layout}


loss_figure = figure_builder(loss_spec)


def _float32(values: np.ndarray) -> np.ndarray:
    """Return values as float32; a diverging loss beyond float32's range becomes inf, silently."""
    with np.errstate(over="ignore"):
        return values.astype(np.float32)


def _latest_label(name: str, values: np.ndarray) -> str:
    """Return the series name with its last finite value, e.g. 'test accuracy 94 %'."""
    last = float(values[np.isfinite(values)][-1])
    return f"{name} {last:.0%}" if name.endswith("accuracy") else f"{name} {last:.3f}"


def _layout(log_scale: bool, with_accuracy: bool) -> dict:
    """Layout with unified hover; the accuracy axis exists only when accuracy is plotted."""
    axis = {"showline": True, "linecolor": palette.GREY, "ticks": "outside", "zeroline": False}
    layout = {
        "template": palette.PLAIN_TEMPLATE,
        "font": palette.FONT,
        "height": 260,
        "margin": {"l": 56, "r": 56 if with_accuracy else 16, "t": 36, "b": 40},
        "plot_bgcolor": palette.WHITE,
        "paper_bgcolor": palette.WHITE,
        "hovermode": "x unified",
        "uirevision": "loss",
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": {"size": 11}},
        "xaxis": {**axis, "title": {"text": "epoch"}},
        "yaxis": {
            **axis,
            "title": {"text": "loss"},
            "type": "log" if log_scale else "linear",
            "showgrid": True,
            "gridcolor": "#EEEEEE",
        },
    }
    if with_accuracy:
        layout["yaxis2"] = {
            **axis,
            "title": {"text": "accuracy"},
            "overlaying": "y",
            "side": "right",
            "range": [0, 1],
            # Explicit ticks: overlaying axes otherwise sync to the loss ticks (odd percentages).
            "tickmode": "linear",
            "tick0": 0,
            "dtick": 0.25,
            "tickformat": ".0%",
            "showgrid": False,
        }
    return layout
