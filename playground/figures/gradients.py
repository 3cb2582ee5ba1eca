"""Gradient figures: one layer's W next to dL/dW, and per-layer gradient norms over time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.colors

from playground.figures import palette
from playground.figures.notation import bias_symbol, weight_symbol
from playground.figures.spec import FigureSpec, figure_builder

ANNOTATE_MAX = 8  # matrices up to 8 x 8 print their values in the cells
_PANEL_GAP = 0.1


def layer_gradient_spec(
    W: np.ndarray, dW: np.ndarray, db: np.ndarray, layer_index: int
) -> FigureSpec:
    """Show W and dL/dW side by side (dL/db beneath) on one symmetric colour scale.

    layer_index counts like net.weights (0 is W¹). Each title states its own max |value| because a
    gradient is often orders of magnitude smaller than the weights and then looks white.
    """
    W = np.atleast_2d(np.asarray(W, dtype=float))  # (fan_in, fan_out)
    dW = np.atleast_2d(np.asarray(dW, dtype=float))  # (fan_in, fan_out)
    db = np.asarray(db, dtype=float).reshape(1, -1)  # (1, fan_out)
    if W.shape != dW.shape or db.shape[1] != W.shape[1]:
        raise ValueError(f"shapes disagree: W {W.shape}, dW {dW.shape}, db {db.shape}")
    symbol = weight_symbol(layer_index)
    bias = bias_symbol(layer_index)
    limit = max(palette.max_abs(W), palette.max_abs(dW), palette.max_abs(db)) or 1.0
    fan_in, fan_out = W.shape
    annotate = fan_in <= ANNOTATE_MAX and fan_out <= ANNOTATE_MAX
    rows = np.arange(1, fan_in + 1)
    columns = np.arange(1, fan_out + 1)

    def panel(z: np.ndarray, axes: str, hover: str, y: np.ndarray, colorbar: bool) -> dict:
        """One heatmap on the shared scale; only the first one draws the colorbar."""
        trace = dict(
            type="heatmap",
            z=z,
            x=columns,
            y=y,
            xaxis="x" + axes[0],
            yaxis="y" + axes[1],
            zmin=-limit,
            zmax=limit,
            colorscale=palette.DIVERGING_SCALE,
            showscale=colorbar,
            colorbar={
                "thickness": 12,
                "len": 0.6,
                "y": 0.62,
                "title": {"text": "±" + f"{limit:.2g}"},
            },
            textfont={"size": 10},
            hovertemplate=hover + "<extra></extra>",
            xgap=1,
            ygap=1,
        )
        if annotate:
            trace["texttemplate"] = "%{z:.2~g}"
        return trace

    cell = "i = %{y} → j = %{x}<br>"
    traces = [
        panel(W, ("", ""), cell + symbol + " = %{z:.4g}", rows, True),
        panel(dW, ("2", "2"), cell + f"∂L/∂{symbol} = " + "%{z:.3e}", rows, False),
        panel(db, ("2", "3"), f"j = %{{x}}<br>∂L/∂{bias} = " + "%{z:.3e}", [""], False),
    ]
    left = [0.0, 0.5 - _PANEL_GAP / 2]
    right = [0.5 + _PANEL_GAP / 2, 1.0]
    matrix_axis = {"autorange": "reversed", "dtick": 1, "domain": [0.3, 1.0]}
    source_title = "from input i" if layer_index == 0 else f"from neuron i of layer {layer_index}"
    column_axis = {"dtick": 1, "side": "top", "ticks": ""}
    titles = [
        (f"{symbol}   (max |w| = {palette.max_abs(W):.3g})", 0.25),
        (f"∂L/∂{symbol}   (max |g| = {palette.max_abs(dW):.3g})", 0.75),
    ]
    annotations = [
        {
            "text": text,
            "x": x,
            "y": 1.0,
            "xref": "paper",
            "yref": "paper",
            "yanchor": "bottom",
            "yshift": 22,
            "showarrow": False,
            "font": {"size": 13},
        }
        for text, x in titles
    ]
    annotations.append(
        {
            "text": f"∂L/∂{bias}   (max |g| = {palette.max_abs(db):.3g})",
            "x": 0.75,
            "y": 0.2,
            "xref": "paper",
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
        }
    )
    annotations.append(
        {
            "text": f"columns j: neurons of layer {layer_index + 1}<br>one colour scale for all"
            f" panels:<br>white = 0, full colour = ±{limit:.3g}",
            "x": 0.0,
            "y": 0.08,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "left",
            "showarrow": False,
            "font": {"color": palette.GREY, "size": 11},
            "align": "left",
        }
    )
    layout = {
        "template": palette.PLAIN_TEMPLATE,
        "font": palette.FONT,
        "height": 420,
        "margin": {"l": 56, "r": 16, "t": 90, "b": 20},
        "plot_bgcolor": palette.WHITE,
        "xaxis": {**column_axis, "domain": left, "anchor": "y"},
        "yaxis": {**matrix_axis, "title": {"text": source_title}, "anchor": "x"},
        "xaxis2": {**column_axis, "domain": right, "anchor": "y2"},
        "yaxis2": {**matrix_axis, "anchor": "x2"},  # the right panel repeats no title
        "yaxis3": {"domain": [0.0, 0.18], "anchor": "x2", "showticklabels": False, "ticks": ""},
        "annotations": annotations,
    }
    return {"data": traces, "layout": layout}


layer_gradient_figure = figure_builder(layer_gradient_spec)


def grad_norm_spec(
    steps: Sequence[float] | np.ndarray, grad_norms: np.ndarray, log_scale: bool = True
) -> FigureSpec:
    """One line per layer of ||dL/dW^l|| over training steps, log y by default.

    On a log axis a vanishing gradient (deep sigmoid network) shows as lines decades apart.
    """
    steps = np.asarray(steps, dtype=float)
    layout = {
        "template": palette.PLAIN_TEMPLATE,
        "font": palette.FONT,
        "height": 280,
        "margin": {"l": 64, "r": 16, "t": 36, "b": 40},
        "plot_bgcolor": palette.WHITE,
        "hovermode": "x unified",
        "uirevision": "grad-norms",
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        "xaxis": {"title": {"text": "step"}, "showline": True, "linecolor": palette.GREY},
        "yaxis": {
            "title": {"text": "‖∂L/∂Wˡ‖"},
            "type": "log" if log_scale else "linear",
            "showline": True,
            "linecolor": palette.GREY,
            "gridcolor": "#EEEEEE",
            "exponentformat": "power",
        },
    }
    if steps.size == 0:
        layout["annotations"] = [
            {
                "text": "No gradients yet: train a step to see them.",
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "font": {"color": palette.GREY, "size": 13},
            }
        ]
        return {"data": [], "layout": layout}
    norms = np.asarray(grad_norms, dtype=float)  # (T, L)
    if norms.ndim != 2 or norms.shape[0] != steps.size:
        raise ValueError(f"grad_norms must be ({steps.size}, L), got {norms.shape}")
    n_layers = norms.shape[1]
    # A sequential, colour-vision-safe ramp: the order of the colours is the order of the layers.
    colors = plotly.colors.sample_colorscale("Cividis", np.linspace(0.0, 0.85, n_layers).tolist())
    if log_scale:
        norms = np.where(norms > 0, norms, np.nan)  # log axes cannot show 0
    with np.errstate(over="ignore"):  # an exploding gradient beyond float32 is drawn as inf
        float32_norms = norms.astype(np.float32)  # (T, L)
    traces = [
        dict(
            type="scatter",
            x=steps.astype(np.float32),  # float32 halves the JSON of long histories
            y=float32_norms[:, layer],
            mode="lines" if steps.size > 1 else "markers",
            name=weight_symbol(layer),
            line={"color": colors[layer], "width": 2},
            hovertemplate=weight_symbol(layer) + " %{y:.3e}<extra></extra>",
        )
        for layer in range(n_layers)
    ]
    return {"data": traces, "layout": layout}


grad_norm_figure = figure_builder(grad_norm_spec)
