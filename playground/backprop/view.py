"""The "Backprop step by step" tab: one training point through the live network and back."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine import features
from playground import state
from playground.backprop import backward as backprop_backward
from playground.backprop import batch as backprop_batch
from playground.backprop import chain as backprop_chain
from playground.backprop import core as backprop
from playground.backprop import matrices as tex
from playground.backprop.core import Walkthrough
from playground.config import Config
from playground.experiment import Experiment
from playground.widgets import choice

POINT_KEY = "bp_point"
# A click in the live fragment cannot set the selectbox of the full page directly: the next full
# run would restore the browser's widget value. It leaves the point here for that run instead.
PENDING_POINT_KEY = "_bp_pending_point"


TAB_KEY, TAB_LABEL = "lower_tab", "Backprop step by step"


def is_open() -> bool:
    """Whether the explainer's tab is the open one (only the open tab is drawn)."""
    return state.control(TAB_KEY) == TAB_LABEL


def select_point(index: int) -> None:
    """Make training point `index` the one the tab explains (a click on the plot), and open it."""
    state.set_control(PENDING_POINT_KEY, int(index))
    state.set_control(TAB_KEY, TAB_LABEL)


def selected_point(n_points: int) -> int | None:
    """The training point the tab explains (a pending click included); None when not valid."""
    points = range(n_points)
    pending = state.valid_choice(PENDING_POINT_KEY, points)
    return pending if pending is not None else state.valid_choice(POINT_KEY, points)


def regularization(cfg: Config) -> str | None:
    """The penalty training adds, or None when there is none (also when its rate is 0)."""
    return None if cfg.rate == 0 else cfg.regularization


def point_label(experiment: Experiment, index: int) -> str:
    """How a training point is listed: its position, coordinates and label or target."""
    x1, x2 = experiment.train.X[index]
    target = experiment.train.y[index]
    label = f"y = {target:.3g}" if experiment.task == "regression" else f"class {int(target)}"
    return f"#{index}: x₁ = {x1:.2f}, x₂ = {x2:.2f}, {label}"


def render(cfg: Config, experiment: Experiment) -> None:
    """Forward pass, backward pass, gradient check, one weight's chain rule, batch and one step."""
    # After a blow-up the explainer works on huge weights: inf and NaN are what it shows, and a
    # diverged run is an expected event, not a warning on the server's console.
    with np.errstate(all="ignore"):
        _render(cfg, experiment)


def _render(cfg: Config, experiment: Experiment) -> None:
    net = experiment.net
    st.markdown(
        "Follow **one training point** through the network as it is right now, then back again. "
        "Every number below is computed from the current weights; train a little and come back to "
        "see them change. Blue cells are positive, orange negative, deeper colour = larger size."
    )
    if not len(experiment.train.y):
        st.info("There is no training point to follow yet: draw some on the output view.")
        return
    index = _pick_point(experiment)
    reg = regularization(cfg)
    x = experiment.X_train[index : index + 1]  # (1, d)
    y = experiment.train.y[index : index + 1]
    walk = backprop.walkthrough(net, x, y, reg, cfg.rate)
    _forward_section(cfg, experiment, walk, reg)
    backprop_backward.render(cfg, experiment, walk, x, y, reg)
    layer, i, j = backprop_chain.render(cfg, experiment, walk, reg)
    batch = backprop_batch.render_batch(cfg, experiment, layer, i, j, reg)
    backprop_batch.render_step(cfg, experiment, index, batch, layer, reg)


def _pick_point(experiment: Experiment) -> int:
    points = range(experiment.X_train.shape[0])
    pending = state.valid_choice(PENDING_POINT_KEY, points)
    if pending is not None:  # a click on the plot chose this point
        state.set_control(POINT_KEY, pending)
    state.set_control(PENDING_POINT_KEY, None)
    return choice(
        st,
        "Training point",
        points,
        key=POINT_KEY,
        format_func=lambda i: point_label(experiment, i),
        help="Any point of the training set; the forward and backward pass below use it.",
    )


def _activation_tex(name: str, layer: int) -> str:
    return rf"{tex.FUNCTION_TEX[name]}\left({tex.sym('z', layer)}\right)"


def _forward_section(
    cfg: Config, experiment: Experiment, walk: Walkthrough, reg: str | None
) -> None:
    net = experiment.net
    L = net.n_layers
    st.markdown("#### 1 · Forward pass")
    names = ", ".join(features.FEATURES[name].label for name in cfg.features)
    st.markdown(
        f"The input row $a^0 = x$ holds the point's features ({names}). Each layer computes "
        "$z^l = a^{l-1} W^l + b^l$, a row vector times a matrix, and then $a^l = f(z^l)$."
    )
    for layer in range(1, L + 1):
        name = (*net.activations, net.output)[layer - 1]
        a_name = r"\hat{y}" if layer == L else tex.sym("a", layer)
        st.markdown(f"**Layer {layer}**" + (" (output)" if layer == L else "") + f" · {name}")
        st.latex(
            tex.aligned(
                rf"{tex.sym('z', layer)} &= {tex.sym('a', layer - 1)} {tex.sym('W', layer)}"
                rf" + {tex.sym('b', layer)}",
                *tex.wrapped(
                    (tex.matrix(walk.a[layer - 1][0]), net.sizes[layer - 1]),
                    (tex.matrix(net.weights[layer - 1]), net.sizes[layer]),
                    (" + " + tex.matrix(net.biases[layer - 1]), net.sizes[layer]),
                ),
                rf"&= {tex.matrix(walk.z[layer - 1][0])}",
            )
        )
        st.latex(rf"{a_name} = {_activation_tex(name, layer)} = {tex.matrix(walk.a[layer][0])}")
    _loss_equation(experiment, walk, reg, cfg.rate)


def _loss_equation(experiment: Experiment, walk: Walkthrough, reg: str | None, rate: float) -> None:
    output = experiment.net.output
    yhat, target = walk.a[-1][0], walk.targets[0]
    data_loss = tex.number(walk.data_loss)
    if output == "sigmoid":
        p, label = yhat[0], int(target[0])
        chosen = rf"-\log {tex.number(p)}" if label == 1 else rf"-\log(1 - {tex.number(p)})"
        lines = [
            r"\ell &= -y \log \hat{y} - (1 - y) \log(1 - \hat{y})",
            rf"&= {chosen} = {data_loss} \quad (y = {label})",
        ]
    elif output == "softmax":
        label = int(np.argmax(target))
        lines = [
            r"\ell &= -\sum_k y_k \log \hat{y}_k = -\log \hat{y}_{" + str(label + 1) + "}",
            rf"&= -\log {tex.number(yhat[label])} = {data_loss} \quad (\text{{class}}\ {label})",
        ]
    else:
        lines = [
            r"\ell &= \tfrac12 \lVert \hat{y} - y \rVert^2",
            rf"&= \tfrac12 \lVert {tex.matrix(yhat)} - {tex.matrix(target)} \rVert^2"
            rf" = {data_loss}",
        ]
    st.markdown("**Prediction and loss**")
    st.latex(tex.aligned(*lines))
    if reg is not None:
        term = r"\tfrac{\lambda}{2} \sum w^2" if reg == "l2" else r"\lambda \sum |w|"
        st.latex(
            rf"L = \ell + {term} = {data_loss} + {tex.number(walk.penalty)}"
            rf" = {tex.number(walk.loss)} \qquad (\lambda = {tex.number(rate)})"
        )
        st.caption("Regularization is on: the loss L adds a penalty on all weights (not biases).")
