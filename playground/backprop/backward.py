"""The explainer's backward pass: the output error, each layer's gradients and their check."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine import Network
from playground.backprop import chain as backprop_chain
from playground.backprop import check as backprop_check
from playground.backprop import matrices as tex
from playground.backprop.core import Walkthrough
from playground.config import Config
from playground.experiment import Experiment
from playground.figures.notation import bias_symbol, weight_symbol
from playground.text import number


def render(
    cfg: Config,
    experiment: Experiment,
    walk: Walkthrough,
    x: np.ndarray,
    y: np.ndarray,
    reg: str | None,
) -> None:
    """Output error, then layer by layer: gradients, their numeric check, the error passed down."""
    net = experiment.net
    L = net.n_layers
    st.markdown("#### 2 · Backward pass")
    st.markdown(
        "Derivatives of the scalar loss are **row vectors**; the chain rule multiplies them by "
        "Jacobians from the output back to the input, "
        r"$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial z}"
        r"\frac{\partial z}{\partial x}$. "
        r"The row $\partial L / \partial z^l$ is layer $l$'s *error* (often written $\delta^l$); "
        "everything else follows from it."
    )
    error = walk.output_error[0]
    st.latex(
        tex.aligned(
            rf"{tex.partial('L', tex.sym('z', L))} &= \hat{{y}} - y"
            rf" = {tex.matrix(walk.a[-1][0])} - {tex.matrix(walk.targets[0])}",
            rf"&= {tex.matrix(error)}",
        )
    )
    with st.expander("Why is the output error simply ŷ − y?"):
        backprop_chain.explain_output_error(net.output, walk)
    checks = backprop_check.gradient_check(
        net,
        x,
        y,
        [r for layer in range(1, L + 1) for r in backprop_check.layer_refs(net, layer)],
        reg,
        cfg.rate,
    )
    if reg is not None:
        st.caption(
            f"With {reg.upper()} regularization (λ = {cfg.rate:g}) each "
            r"$\partial L/\partial W$ also gets the penalty's derivative; biases are not penalised."
        )
    for layer in range(L, 0, -1):
        down = f", then the error passed down to layer {layer - 1}" if layer > 1 else ""
        st.markdown(
            f"**Layer {layer}**: gradients of {weight_symbol(layer - 1)} and "
            f"{bias_symbol(layer - 1)}{down}"
        )
        _parameter_gradients(net, walk, layer, reg)
        _gradient_check_table(layer, [c for c in checks if c.ref.layer == layer])
        if layer > 1:
            _pass_down(net, walk, layer)


def _parameter_gradients(net: Network, walk: Walkthrough, layer: int, reg: str | None) -> None:
    dz = tex.partial("L", tex.sym("z", layer))
    fan_out = net.sizes[layer]
    pieces = [
        (tex.column(walk.a[layer - 1][0]), 1),
        (tex.matrix(walk.delta[layer - 1][0]), fan_out),
    ]
    penalty = ""
    if reg is not None:
        W = tex.sym("W", layer)
        penalty = rf" + \lambda {W}" if reg == "l2" else rf" + \lambda \operatorname{{sign}}({W})"
        pieces.append((" + " + tex.matrix(walk.penalty_grad_weights[layer - 1]), fan_out))
    st.latex(
        tex.aligned(
            rf"{tex.partial('L', tex.sym('W', layer))} &= "
            rf"\left({tex.sym('a', layer - 1)}\right)^{{\!\top}} {dz}{penalty}",
            *tex.wrapped(*pieces),
            rf"&= {tex.matrix(walk.grad_weights[layer - 1])}",
        )
    )
    st.latex(
        rf"{tex.partial('L', tex.sym('b', layer))} = {dz}"
        rf" = {tex.matrix(walk.grad_biases[layer - 1])}"
    )


def _pass_down(net: Network, walk: Walkthrough, layer: int) -> None:
    below = layer - 1
    name = net.activations[below - 1]
    a_below, z_below = tex.sym("a", below), tex.sym("z", below)
    dz = tex.partial("L", tex.sym("z", layer))
    da = tex.partial("L", a_below)
    jacobian = tex.partial(a_below, z_below)
    st.latex(
        tex.aligned(
            rf"{da} &= {dz} \left({tex.sym('W', layer)}\right)^{{\!\top}}",
            *tex.wrapped(
                (tex.matrix(walk.delta[layer - 1][0]), net.sizes[layer]),
                (tex.matrix(net.weights[layer - 1].T), net.sizes[below]),
            ),
            rf"&= {tex.matrix(walk.upstream[below - 1][0])}",
        )
    )
    st.latex(
        tex.aligned(
            rf"{jacobian} &= \operatorname{{diag}}\left(f'({z_below})\right)"
            rf" = {tex.diagonal(walk.slopes[below - 1][0])},"
            rf" \quad f'(z) = {tex.DERIVATIVE_TEX[name]}",
            rf"{tex.partial('L', z_below)} &= {da} \, {jacobian}"
            rf" = {tex.matrix(walk.delta[below - 1][0])}",
        )
    )


def _gradient_check_table(layer: int, checks: list[backprop_check.CheckedEntry]) -> None:
    errors = np.array([c.relative_error for c in checks])
    disagree = sum(not c.agrees for c in checks)
    verdict = "all agree" if not disagree else f"{disagree} disagree"
    summary = (
        f"{verdict}, largest relative error {number(errors.max(), 2)}"
        if np.isfinite(errors).all()
        else "some values are not finite: the network has diverged"
    )
    title = (
        f"Gradient check of {weight_symbol(layer - 1)} and {bias_symbol(layer - 1)}: "
        f"{len(checks)} entries, {summary}"
    )
    with st.expander(title):
        check = backprop_check
        st.caption(
            f"Each entry nudged by ±h (h = {check.GRADIENT_CHECK_STEP:g}) on a float64 copy of "
            "the weights: (L(w + h) − L(w − h)) / 2h. Relative error = |backprop − estimate| / "
            f"max(|backprop|, |estimate|, {check.RELATIVE_ERROR_FLOOR:g}). An entry agrees when "
            f"|backprop − estimate| ≤ {check.AGREEMENT_RTOL:g}·max(|backprop|, |estimate|) + "
            f"{check.AGREEMENT_ATOL:g}·max(1, L): a difference of two float64 losses cannot "
            "resolve the tiny gradients of saturated units any better. Right at a kink (ReLU at "
            "z = 0, L1 at w = 0) a disagreement is expected."
        )
        st.dataframe(
            {
                "entry": [_entry_name(c.ref) for c in checks],
                "backprop": [c.backprop for c in checks],
                "central difference": [c.numeric for c in checks],
                "relative error": [c.relative_error for c in checks],
                "agrees": ["✓" if c.agrees else "✗" for c in checks],
            },
            column_config={
                name: st.column_config.NumberColumn(format="%.6e")
                for name in ("backprop", "central difference")
            }
            | {"relative error": st.column_config.NumberColumn(format="%.1e")},
            hide_index=True,
            height=min(36 + 35 * len(checks), 330),
        )


def _entry_name(ref: backprop_check.ParameterRef) -> str:
    if ref.kind == "W":
        return f"{weight_symbol(ref.layer - 1)}[{ref.i + 1},{ref.j + 1}]"
    return f"{bias_symbol(ref.layer - 1)}[{ref.j + 1}]"
