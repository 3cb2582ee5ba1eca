"""Mini-batch gradients as means of per-point gradients, and one hand-applied gradient step."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground import state
from playground.backprop import core as backprop
from playground.backprop import matrices as tex
from playground.config import Config
from playground.experiment import Experiment
from playground.figures.notation import subscript, superscript
from playground.text import number
from playground.widgets import choice

SCOPE_KEY, STEP_KEY, LAST_STEP_KEY = "bp_scope", "bp_apply", "bp_last_step"
SCOPES = {"point": "This point", "batch": "This mini-batch"}
SUM_TERMS_WRITTEN = 6  # a longer sum is written v1 + v2 + ... + vB


def render_batch(
    cfg: Config, experiment: Experiment, layer: int, i: int, j: int, reg: str | None
) -> np.ndarray:
    """Per-point gradients of the selected weight over the next mini-batch; returns its indices."""
    net, trainer = experiment.net, experiment.trainer
    indices = trainer.upcoming_batch()
    X, y = experiment.X_train[indices], experiment.train.y[indices]
    walk = backprop.walkthrough(net, X, y, reg, cfg.rate)
    per_point = backprop.per_point_weight_gradients(walk, layer, i, j)  # (B,)
    batch_size = len(indices)
    st.markdown("#### 4 · A mini-batch")
    exact = (
        "with SGD, **Step** moves each weight by exactly −η times the batch gradient below"
        if trainer.optimizer == "sgd"
        else f"the {trainer.optimizer} optimizer then turns the batch gradient into its update"
    )
    st.markdown(
        f"Training never uses one point alone: each step averages the gradient over a mini-batch "
        f"of {batch_size} points (batch size {trainer.batch_size}). These are the points the "
        f"trainer will use at its **next** step (it reshuffles the training set every epoch); "
        f"{exact}. Each point's gradient of ${tex.weight(layer, i, j)}$ is "
        f"${tex.sym('a', layer - 1, str(i + 1))} \\cdot \\partial \\ell / "
        f"\\partial {tex.sym('z', layer, str(j + 1))}$ for that point:"
    )
    table = {
        "point": indices,
        "x₁": experiment.train.X[indices, 0],
        "x₂": experiment.train.X[indices, 1],
        "y": y,
        f"a{superscript(layer - 1)}{subscript(i + 1)}": walk.a[layer - 1][:, i],
        # each point's own error: the walkthrough's dL/dz is of the mean, so undo its 1/B
        f"∂ℓ/∂z{superscript(layer)}{subscript(j + 1)}": walk.delta[layer - 1][:, j] * batch_size,
        "∂ℓ/∂w (this point)": per_point,
    }
    st.dataframe(
        table,
        column_config={
            name: st.column_config.NumberColumn(format="%.4g") for name in list(table)[1:]
        },
        hide_index=True,
        height=min(36 + 35 * batch_size, 300),
    )
    with np.errstate(all="ignore"):  # a diverged network shows NaN instead of warning
        engine = net.backprop(X, y, regularization=reg, rate=cfg.rate).grads
    engine_value = engine.weights[layer - 1][i, j]
    mine = walk.grad_weights[layer - 1][i, j]
    penalty = walk.penalty_grad_weights[layer - 1][i, j]
    w = tex.weight(layer, i, j)
    terms = [tex.scalar(v) for v in per_point]
    if batch_size > SUM_TERMS_WRITTEN:
        terms = [*terms[:3], r"\cdots", terms[-1]]
    reg_term = {
        None: "",
        "l2": rf" + \lambda {w}",
        "l1": rf" + \lambda \operatorname{{sign}}({w})",
    }[reg]
    reg_value = f" + {tex.scalar(penalty)}" if reg else ""
    d_batch, d_point = tex.partial(r"L_{\text{batch}}", w), tex.partial(r"\ell_b", w)
    mean_line = rf"{tex.number(per_point.mean())}{reg_value} = " if reg else ""
    st.latex(
        tex.aligned(
            rf"{d_batch} &= \frac{{1}}{{B}} \sum_{{b=1}}^{{B}} {d_point}{reg_term}"
            rf" = \frac{{1}}{{{batch_size}}} \left( {' + '.join(terms)} \right){reg_value}",
            rf"&= {mean_line}{tex.number(mine)}",
        )
    )
    gap = abs(engine_value - mine)
    agreement = "exactly the same" if gap == 0 else f"the same up to {number(gap)}"
    st.caption(
        f"Backprop on all {batch_size} points at once (what training does) gives "
        f"{number(engine_value, 8)}: {agreement}."
        + (" The penalty's derivative is added once, not per point." if reg else "")
    )
    return indices


def render_step(
    cfg: Config,
    experiment: Experiment,
    point: int,
    batch: np.ndarray,
    layer: int,
    reg: str | None,
) -> None:
    """The 'Apply one step' radio and button, and the before/after of the last step applied."""
    st.markdown("#### 5 · Apply one gradient step")
    st.markdown(
        r"One plain gradient-descent step $\theta \leftarrow \theta - \eta\, \partial L /"
        rf" \partial \theta$ with the learning rate $\eta = {cfg.lr:g}$ "
        "from the controls, on every weight and bias. It changes the **live network** — yours, "
        "the one the playground above trains — so the boundary and the diagram move; the loss "
        "history is not changed, and optimizer state (momentum, Adam) is neither used nor updated."
    )
    cols = st.columns([2, 1], vertical_alignment="bottom")
    scope = choice(
        cols[0],
        "Step on",
        list(SCOPES),
        key=SCOPE_KEY,
        format_func=lambda s: SCOPES[s] + (f" ({len(batch)} points)" if s == "batch" else ""),
        kind="radio",
        horizontal=True,
    )
    rows = np.array([point]) if scope == "point" else batch
    cols[1].button(
        "Apply one step",
        key=STEP_KEY,
        type="primary",
        on_click=apply_step,
        args=(experiment, rows, scope, reg, cfg.rate, cfg.lr),
    )
    _show_last_step(experiment, layer)


def apply_step(
    experiment: Experiment,
    rows: np.ndarray,
    scope: str,
    reg: str | None,
    rate: float,
    learning_rate: float,
) -> None:
    """Update the live network by one SGD step on the given training rows; keep before/after."""
    net = experiment.net
    X, y = experiment.X_train[rows], experiment.train.y[rows]
    weights_before = [w.copy() for w in net.weights]
    biases_before = [b.copy() for b in net.biases]
    # Huge weights overflow here: the result is checked below, not warned about on the console.
    with np.errstate(all="ignore"):
        walk = backprop.walkthrough(net, X, y, reg, rate)
        backprop.sgd_step(net, walk, learning_rate)
    if not all(np.isfinite(p).all() for p in (*net.weights, *net.biases)):
        # The trainer keeps "the last finite weights" only for its own steps: undo this one.
        for layer, (w, b) in enumerate(zip(weights_before, biases_before, strict=True)):
            net.weights[layer], net.biases[layer] = w, b
        state.add_notices(["That step made a weight infinite or NaN, so it was undone."])
        return
    state.set_control(
        LAST_STEP_KEY,
        {
            "scope": scope,
            "count": len(rows),
            "learning_rate": learning_rate,
            "loss_before": walk.loss,
            "loss_after": backprop.loss_value(net, X, y, reg, rate),
            "weights_before": weights_before,
            "biases_before": biases_before,
            "grad_weights": walk.grad_weights,
            "grad_biases": walk.grad_biases,
            "weights_after": [w.copy() for w in net.weights],
            "biases_after": [b.copy() for b in net.biases],
        },
    )


def _still_current(experiment: Experiment, step: dict) -> bool:
    net = experiment.net
    if [w.shape for w in net.weights] != [w.shape for w in step["weights_after"]]:
        return False
    pairs = zip(
        [*net.weights, *net.biases], [*step["weights_after"], *step["biases_after"]], strict=True
    )
    return all(np.array_equal(now, then) for now, then in pairs)


def _show_last_step(experiment: Experiment, layer: int) -> None:
    step = state.control(LAST_STEP_KEY)
    if not step:
        return
    if not _still_current(experiment, step):
        st.caption(
            "The network has changed since your last step (training, Reset or a new setting), "
            "so that step's before/after is no longer shown."
        )
        return
    what = "this point" if step["scope"] == "point" else f"this mini-batch ({step['count']} points)"
    before, after = step["loss_before"], step["loss_after"]
    change = after - before
    st.metric(
        f"Loss on {what}, after the step",
        number(after),
        delta=f"{'+' if change >= 0 else ''}{number(change)} (before: {number(before)})",
        delta_color="inverse",
    )
    eta = tex.number(step["learning_rate"])
    for name, before_key, grad_key, after_key in (
        ("W", "weights_before", "grad_weights", "weights_after"),
        ("b", "biases_before", "grad_biases", "biases_after"),
    ):
        symbol = tex.sym(name, layer)
        columns = np.atleast_2d(step[before_key][layer - 1]).shape[1]
        st.latex(
            tex.aligned(
                rf"{symbol}_{{\text{{after}}}} &= {symbol} - \eta\, {tex.partial('L', symbol)}",
                *tex.wrapped(
                    (tex.matrix(step[before_key][layer - 1]), columns),
                    (rf" - {eta}\, " + tex.matrix(step[grad_key][layer - 1]), columns),
                ),
                rf"&= {tex.matrix(step[after_key][layer - 1])}",
            )
        )
