"""The live area: network diagram, boundary, read-outs and curves, advanced while playing."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from engine import Gradients, features
from playground import layout, state
from playground.config import Config
from playground.experiment import GRID_AXIS, Experiment, Frame
from playground.figures import (
    boundary_figure,
    grad_norm_figure,
    layer_gradient_figure,
    loss_figure,
    network_figure,
    neuron_map_figure,
)
from playground.live_chart import ChartClick, live_chart

# Each fragment run sends FRAMES_PER_RUN boundary frames that the browser plays FRAME_MS apart:
# Streamlit's own cost per rerun (~40 ms of server CPU) is paid once for several frames.
FRAMES_PER_RUN = 5
FRAME_MS = 100


def live_area(cfg: Config) -> None:
    """Draw the live area; while playing it reruns on a timer and trains between frames."""
    run_every = FRAMES_PER_RUN * FRAME_MS / 1000 if state.is_playing() else None

    @st.fragment(run_every=run_every)
    def _live() -> None:
        experiment = state.current_experiment()
        frames, frame = _advance(experiment, cfg)
        _draw(experiment, cfg, frames, frame)
        if state.is_playing() and experiment.trainer.status != "ok":
            state.set_playing(False)
            st.rerun()  # the whole page: the Play button and the divergence notice change

    _live()


def _advance(experiment: Experiment, cfg: Config) -> tuple[list[go.Figure], Frame]:
    """Train between frames while playing; one frame of the current state otherwise."""
    count = FRAMES_PER_RUN if state.is_playing() else 1
    figures: list[go.Figure] = []
    frame = experiment.frame()
    for _ in range(count):
        if state.is_playing():
            if experiment.trainer.step(cfg.speed) != "ok":
                break
            frame = experiment.frame()
        figures.append(_boundary(experiment, cfg, frame))
    return figures or [_boundary(experiment, cfg, frame)], frame


def _boundary(experiment: Experiment, cfg: Config, frame: Frame) -> go.Figure:
    figure = boundary_figure(
        GRID_AXIS,
        frame.output,
        experiment.task,
        experiment.train.X,
        experiment.train.y,
        experiment.test.X,
        experiment.test.y,
        show_test=cfg.test,
        discrete=cfg.discrete,
        class_names=experiment.dataset.class_names,
        selected_point=state.control("bp_point"),
    )
    figure.update_layout(height=layout.heights(cfg)["boundary"])
    return figure


def _draw(experiment: Experiment, cfg: Config, figures: list[go.Figure], frame: Frame) -> None:
    from playground.views import metrics

    heights = layout.heights(cfg)
    diagram_col, output_col = st.columns([11, 9], gap="small")
    with output_col:
        st.markdown("**Output**")
        metrics(experiment, frame)
        click = live_chart(figures, key="boundary", interval_ms=FRAME_MS)
        _select_point(click, figures[-1])
        history = experiment.trainer.history
        st.markdown("**Loss**")
        log_scale = bool(state.control("log_loss"))
        curves = loss_figure(
            history.epoch,
            history.train_loss,
            history.test_loss,
            history.train_accuracy if experiment.task != "regression" else None,
            history.test_accuracy if experiment.task != "regression" else None,
            log_scale=log_scale,
        )
        curves.update_layout(height=heights["small"])
        live_chart([curves], key="loss")
    grads = experiment.gradients()
    with diagram_col:
        _diagram(experiment, cfg, frame, grads, heights["network_scale"])
    if state.control("show_gradients"):
        _gradients(experiment, grads, heights["small"])


def _select_point(click: ChartClick | None, figure: go.Figure) -> None:
    """A click on a training point selects it for the backprop explainer."""
    if click is None or click.curve_number is None or click.point_index is None:
        return
    trace = figure.data[click.curve_number]
    if getattr(trace, "meta", None) == "train" and trace.customdata is not None:
        state.set_control("bp_point", int(trace.customdata[click.point_index][0]))
        st.rerun()


def _diagram(
    experiment: Experiment, cfg: Config, frame: Frame, grads: Gradients, scale: float
) -> None:
    net = experiment.net
    edge_mode = "gradient" if state.control("edge_gradients") else "weight"
    labels = [features.FEATURES[name][1] for name in cfg.features]
    selected = state.control("selected_neuron")
    figure = network_figure(
        list(net.sizes),
        labels,
        frame.layer_maps,
        [np.asarray(w) for w in net.weights],
        [np.asarray(b) for b in net.biases],
        grad_weights=list(grads.weights),
        grad_biases=list(grads.biases),
        edge_mode=edge_mode,
        selected=selected,
        activations=["", *net.activations, net.output],
    )
    figure.update_layout(height=int(figure.layout.height * scale))
    st.markdown("**Network** — every neuron drawn with its output over the input space")
    click = live_chart([figure], key="network")
    if click is not None and click.curve_number is not None and click.point_index is not None:
        trace = figure.data[click.curve_number]
        if getattr(trace, "meta", None) == "nodes" and trace.customdata is not None:
            column, unit = (int(v) for v in trace.customdata[click.point_index][:2])
            state.set_control("selected_neuron", (column, unit))
            selected = (column, unit)
    if selected is not None and selected[0] < len(frame.layer_maps):
        column, unit = selected
        maps = frame.layer_maps[column]
        if unit < len(maps):
            title = f"Layer {column}, neuron {unit + 1}" if column else labels[unit]
            big = neuron_map_figure(maps[unit], title)
            big.update_layout(height=260)
            live_chart([big], key="neuron_map")


def _gradients(experiment: Experiment, grads: Gradients, height: int) -> None:
    st.markdown(
        "**Gradients** — each layer's weights W and the gradient ∂L/∂W of the training loss, "
        "on one diverging scale; ∂L/∂b under them."
    )
    net = experiment.net
    cols = st.columns(min(3, net.n_layers))
    for layer in range(net.n_layers):
        figure = layer_gradient_figure(
            np.asarray(net.weights[layer]), grads.weights[layer], grads.biases[layer], layer
        )
        with cols[layer % len(cols)]:
            live_chart([figure], key=f"gradients_{layer}")
    history = experiment.trainer.history
    if history.grad_norms:
        norms = grad_norm_figure(history.step, np.array(history.grad_norms))
        norms.update_layout(height=height)
        live_chart([norms], key="grad_norms")
