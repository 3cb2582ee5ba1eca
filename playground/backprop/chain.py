"""One weight's chain rule: its path in the network diagram and dL/dw as products of factors."""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine import Network, features
from playground.backprop import core as backprop
from playground.backprop import matrices as tex
from playground.backprop.core import ChainPath, Walkthrough
from playground.config import Config
from playground.experiment import Experiment
from playground.figures.network_diagram import network_figure
from playground.figures.notation import node_name, superscript
from playground.text import number
from playground.widgets import choice

LAYER_KEY, FROM_KEY, TO_KEY = "bp_layer", "bp_from", "bp_to"
PATHS_LISTED = 16  # up to this many paths are written out one by one
PATHS_ENUMERATED = 1024  # up to this many are enumerated to show the largest few
LARGEST_PATHS = 5


def _choose_weight(net: Network, input_labels: list[str]) -> tuple[int, int, int]:
    sizes = net.sizes
    cols = st.columns(3)
    layer = choice(
        cols[0],
        "Weight layer l",
        range(1, net.n_layers + 1),
        key=LAYER_KEY,
        format_func=lambda number: _layer_name(number, sizes),
    )
    # The unit pickers are keyed by their layer: their options (and labels) differ per layer, so
    # a choice made for another layer is never shown under this one's label.
    i = choice(
        cols[1],
        "from unit i",
        range(sizes[layer - 1]),
        key=f"{FROM_KEY}_{layer}",
        format_func=lambda u: f"{u + 1}: {node_name(layer - 1, u, sizes, input_labels)}",
    )
    j = choice(
        cols[2],
        "to unit j",
        range(sizes[layer]),
        key=f"{TO_KEY}_{layer}",
        format_func=lambda u: f"{u + 1}: {node_name(layer, u, sizes, input_labels)}",
    )
    return layer, i, j


def _layer_name(layer: int, sizes: tuple[int, ...]) -> str:
    return f"W{superscript(layer)}: {_column_name(layer - 1, sizes)} → {_column_name(layer, sizes)}"


def _column_name(column: int, sizes: tuple[int, ...]) -> str:
    if column == 0:
        return "input"
    return "output" if column == len(sizes) - 1 else f"layer {column}"


def render(
    cfg: Config, experiment: Experiment, walk: Walkthrough, reg: str | None
) -> tuple[int, int, int]:
    """Weight pickers, the highlighted diagram and the path expansion; returns (l, i, j)."""
    net = experiment.net
    input_labels = [features.FEATURES[name].label for name in cfg.features]
    st.markdown("#### 3 · One weight's chain rule")
    st.markdown(
        "Pick a weight $w^l_{ij}$ (from unit i of layer l−1 to unit j of layer l). Its gradient is "
        "the input it multiplies times the error of the neuron it feeds; that error collects "
        "every path from the neuron to the output (highlighted)."
    )
    layer, i, j = _choose_weight(net, input_labels)
    figure = network_figure(
        net.sizes,
        input_labels,
        experiment.neuron_maps(),
        list(net.weights),
        list(net.biases),
        grad_weights=list(walk.grad_weights),
        grad_biases=list(walk.grad_biases),
        selected=(layer, j),
        highlight_edges=backprop.path_edges(net.sizes, layer, i, j),
        activations=[*net.activations, net.output],
    )
    st.plotly_chart(figure, config={"displayModeBar": False}, key="bp_network")
    _weight_equation(net, walk, reg, layer, i, j)
    _paths(net, walk, layer, j)
    return layer, i, j


def _dz(layer: int, unit: str) -> str:
    return rf"\partial L / \partial z^{{{layer}}}_{{{unit}}}"


def _weight_equation(
    net: Network, walk: Walkthrough, reg: str | None, layer: int, i: int, j: int
) -> None:
    a_i = walk.a[layer - 1][0, i]
    delta_j = walk.delta[layer - 1][0, j]
    dz = tex.partial("L", tex.sym("z", layer, str(j + 1)))
    penalty = walk.penalty_grad_weights[layer - 1][i, j]
    reg_symbol = {
        "l2": rf" + \lambda {tex.weight(layer, i, j)}",
        "l1": rf" + \lambda \operatorname{{sign}}({tex.weight(layer, i, j)})",
    }
    extra, extra_value = (reg_symbol[reg], f" + {tex.scalar(penalty)}") if reg else ("", "")
    lines = [
        rf"{tex.partial('L', tex.weight(layer, i, j))} &= {tex.sym('a', layer - 1, str(i + 1))}"
        rf" \cdot {dz}{extra}",
        rf"&= {tex.scalar(a_i)} \cdot {tex.scalar(delta_j)}{extra_value}"
        rf" = {tex.number(walk.grad_weights[layer - 1][i, j])}",
    ]
    if layer < net.n_layers:
        row = net.weights[layer][j]  # (sizes[l+1],) w^(l+1)_jk
        below = walk.delta[layer][0]  # dL/dz^(l+1)
        terms = [rf"{tex.scalar(w)} \cdot {tex.scalar(d)}" for w, d in zip(row, below, strict=True)]
        # Four products a line keep the widest layer (8 terms) on screen.
        chunks = [" + ".join(terms[k : k + 4]) for k in range(0, len(terms), 4)]
        lines += [
            rf"{dz} &= f'\!\left({tex.sym('z', layer, str(j + 1))}\right) \sum_k "
            rf"w^{{{layer + 1}}}_{{{j + 1}k}}\, {tex.partial('L', tex.sym('z', layer + 1, 'k'))}",
            rf"&= {tex.scalar(walk.slopes[layer - 1][0, j])} \Big( " + chunks[0],
            *[r"&\qquad + " + chunk for chunk in chunks[1:]],
        ]
        lines[-1] += rf" \Big) = {tex.number(delta_j)}"
    else:
        lines.append(rf"{dz} &= \hat{{y}}_{{{j + 1}}} - y_{{{j + 1}}} = {tex.number(delta_j)}")
    st.latex(tex.aligned(*lines))
    if layer < net.n_layers:
        st.caption(
            f"Recursive form: each ${_dz(layer + 1, 'k')}$ is the error of layer {layer + 1} from "
            "the backward pass above, which came the same way from the layer after it."
        )
        if walk.slopes[layer - 1][0, j] == 0:
            name = net.activations[layer - 1]
            z = float(walk.z[layer - 1][0, j])
            st.info(
                f"f′(z) = 0 here: {_why_no_slope(name, z)}, so no gradient reaches the weights "
                "into this neuron, whatever happens after it.",
                icon="💤",
            )


def _why_no_slope(activation: str, z: float) -> str:
    """Why this activation's slope is exactly 0 at z, in the words of that activation."""
    if activation == "relu":
        return f"this ReLU is switched off for this point (z = {number(z)} ≤ 0)"
    if activation == "sine":
        return f"cos z is 0 at z = {number(z)}"
    return f"this {activation} neuron is saturated (z = {number(z)}): its slope rounds to 0"


def _path_product_tex(layer: int, n_layers: int, j: int) -> str:
    """One path's product in symbols, the later units left as k_m: f'(z^l_j) w^(l+1)_(j k) ..."""
    units = [str(j + 1)] + [f"k_{{{m}}}" for m in range(layer + 1, n_layers + 1)]
    factors = [
        rf"f'(z^{{{m}}}_{{{units[m - layer]}}})\, w^{{{m + 1}}}_{{{units[m - layer]}"
        rf"{units[m - layer + 1]}}}"
        for m in range(layer, n_layers)
    ]
    return r"\,".join(factors) + rf"\,(\hat{{y}}_{{{units[-1]}}} - y_{{{units[-1]}}})"


def _path_tex(path: ChainPath) -> str:
    route = r" \to ".join(str(unit + 1) for unit in path.units)
    values = [v for pair in zip(path.slopes, path.weights, strict=True) for v in pair]
    factors = r" \cdot ".join(tex.scalar(v) for v in (*values, path.output_error))
    return rf"({route})\colon\quad {factors} = {tex.number(path.product)}"


def _paths_named(count: int) -> str:
    return "the 1 path" if count == 1 else f"all {count} paths"


def _paths(net: Network, walk: Walkthrough, layer: int, j: int) -> None:
    if layer == net.n_layers:
        return  # an output neuron's error is yhat - y itself: a single path of length zero
    count = backprop.path_count(net.sizes, layer)
    dz = tex.partial("L", tex.sym("z", layer, str(j + 1)))
    delta = float(walk.delta[layer - 1][0, j]) + 0.0  # no "-0" for a switched-off unit
    if count > PATHS_ENUMERATED:
        st.markdown(
            f"**{count} paths** lead from ${tex.sym('z', layer, str(j + 1))}$ to the output (the "
            "product of the layer widths after it): too many to list. Backprop never walks them "
            "one by one: the recursion above adds them up layer by layer, reusing the next "
            "layer's errors."
        )
        return
    paths = backprop.chain_paths(net, walk, layer, j)
    if count <= PATHS_LISTED:
        st.markdown(
            f"Unrolled, the recursion is a **sum over {_paths_named(count)}** from "
            f"${tex.sym('z', layer, str(j + 1))}$ "
            "to the output, each a product of activation slopes f′(z) and weights along it:"
        )
        shown = paths
    else:
        st.markdown(
            f"Unrolled, the recursion is a **sum over {count} paths** from "
            f"${tex.sym('z', layer, str(j + 1))}$ to "
            f"the output; the {LARGEST_PATHS} with the largest contributions:"
        )
        shown = sorted(paths, key=lambda p: -abs(p.product))[:LARGEST_PATHS]
    total = sum(p.product for p in paths)
    later = ", ".join(f"k_{{{m}}}" for m in range(layer + 1, net.n_layers + 1))
    st.latex(rf"{dz} = \sum_{{{later}}} {_path_product_tex(layer, net.n_layers, j)}")
    st.caption(
        "Each line below is one path, written as its route of unit numbers from layer "
        f"{layer} to the output, with its factors f′(z), w, f′(z), …, ŷ − y in that order."
    )
    lines = [("&" if n == 0 else "+ &") + _path_tex(p) for n, p in enumerate(shown)]
    if len(shown) < count:
        lines.append(rf"+ &\cdots \quad (\text{{{count - len(shown)} smaller paths}})")
    named = _paths_named(count)
    lines.append(rf"{dz} = &\textstyle\sum_{{\text{{{named}}}}} = {tex.number(total)}")
    st.latex(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")
    st.caption(f"The same value as in the backward pass: ${_dz(layer, str(j + 1))}$ = {delta:.6g}.")


def explain_output_error(output: str, walk: Walkthrough) -> None:
    """Derive dL/dz^L = yhat - y for the network's output and loss, with this point's numbers."""
    yhat, target = walk.a[-1][0], walk.targets[0]
    dz = tex.partial(r"\ell", "z^L")
    dyhat = tex.partial(r"\ell", r"\hat{y}")
    jac = tex.partial(r"\hat{y}", "z^L")
    with np.errstate(all="ignore"):
        if output == "sigmoid":
            st.markdown(
                r"Sigmoid output $\hat y = \sigma(z^L)$ with binary cross-entropy "
                r"$\ell = -y \log \hat y - (1 - y) \log(1 - \hat y)$:"
            )
            p, y = yhat[0], target[0]
            lines = [
                rf"{dyhat} &= -\frac{{y}}{{\hat y}} + \frac{{1-y}}{{1-\hat y}} = "
                rf"{tex.number(-y / p + (1 - y) / (1 - p))}",
                rf"{jac} &= \hat y (1 - \hat y) = {tex.number(p * (1 - p))}",
                rf"{dz} &= {dyhat}\,{jac} = -y(1-\hat y) + (1-y)\hat y = \hat y - y"
                rf" = {tex.number(p - y)}",
            ]
        elif output == "softmax":
            st.markdown(
                r"Softmax output with cross-entropy $\ell = -\sum_k y_k \log \hat y_k$; the "
                r"softmax Jacobian is a full $k \times k$ matrix, "
                r"$\operatorname{diag}(\hat y) - \hat y^\top \hat y$:"
            )
            jacobian = np.diag(yhat) - np.outer(yhat, yhat)  # (k, k)
            upstream = np.where(target > 0, -target / yhat, 0.0)  # (k,)
            lines = [
                rf"{dyhat} &= \left[-\frac{{y_k}}{{\hat y_k}}\right]_k = {tex.matrix(upstream)}",
                rf"{jac} &= \operatorname{{diag}}(\hat y) - \hat y^{{\top}}\hat y"
                rf" = {tex.matrix(jacobian)}",
                rf"{dz} &= {dyhat}\,{jac} = -y + \Big(\sum_k y_k\Big)\hat y = \hat y - y"
                rf" = {tex.matrix(upstream @ jacobian)}",
            ]
        else:
            st.markdown(
                r"Linear output with squared error $\ell = \frac12 \lVert \hat y - y \rVert^2$; "
                r"the output is $z^L$ itself:"
            )
            lines = [
                rf"{dyhat} &= \hat y - y = {tex.matrix(yhat - target)}",
                rf"{jac} &= I, \quad\text{{so}}\quad {dz} = \hat y - y",
            ]
    st.latex(tex.aligned(*lines))
    st.caption(
        "The 1/ŷ of the loss cancels the slope of the output function: the error stays large "
        "when the network is confidently wrong, so learning does not stall."
    )
