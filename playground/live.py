"""The live area: network diagram, boundary, read-outs and curves, advanced while playing."""

from __future__ import annotations

import time

import numpy as np
import streamlit as st

from engine import Gradients, features
from playground import layout, state
from playground.backprop import view as backprop_view
from playground.config import Config
from playground.experiment import GRID_AXIS, Experiment, Frame
from playground.figures import (
    FigureSpec,
    boundary_spec,
    grad_norm_spec,
    layer_gradient_spec,
    loss_spec,
    network_spec,
    neuron_map_spec,
    set_height,
)
from playground.live_chart import ChartClick, live_chart

# Each fragment run sends FRAMES_PER_RUN boundary frames that the browser plays FRAME_MS apart:
# Streamlit's own cost and the fixed part of a run (read-outs, diagram, loss chart) are paid once
# for several frames, and a run stays far shorter than the browser's timer interval.
# Figures travel as plain spec dicts: plotly's go.Figure validation would cost more than the rest.
FRAMES_PER_RUN = 10
FRAME_MS = 100
# A run that took over half the interval, or never finished (the next tick cut it off), makes
# the next run light: fewer frames and last run's curves and diagram. Without this, a server
# near its limit falls into runs that never finish and every session freezes (benchmarks/load.py).
BUSY_FRAMES = 5
MAX_CURVE_POINTS = 500


def live_area(cfg: Config) -> None:
    """Draw the live area; while playing it reruns on a timer and trains between frames."""
    run_every = FRAMES_PER_RUN * FRAME_MS / 1000 if state.is_playing() else None

    @st.fragment(run_every=run_every)
    def _live() -> None:
        load = state.control("_live_load") or {"finished": True, "slow": False}
        busy = state.is_playing() and (load["slow"] or not load["finished"])
        state.set_control("_live_load", {"finished": False, "slow": load["slow"]})
        started = time.perf_counter()
        experiment = state.current_experiment()
        frames, frame = _advance(experiment, cfg, BUSY_FRAMES if busy else FRAMES_PER_RUN)
        _draw(experiment, cfg, frames, frame, busy)
        slow = run_every is not None and time.perf_counter() - started > 0.5 * run_every
        state.set_control("_live_load", {"finished": True, "slow": slow})
        if state.is_playing() and experiment.trainer.status != "ok":
            state.set_playing(False)
            st.rerun()  # the whole page: the Play button and the divergence notice change

    _live()


def _advance(
    experiment: Experiment, cfg: Config, count: int = FRAMES_PER_RUN
) -> tuple[list[FigureSpec], Frame]:
    """Train between frames while playing; one frame of the current state otherwise."""
    selected = backprop_view.selected_point(len(experiment.train.X))
    return advance(experiment, cfg, state.is_playing(), selected, count)


def advance(
    experiment: Experiment,
    cfg: Config,
    playing: bool,
    selected_point: int | None = None,
    count: int = FRAMES_PER_RUN,
) -> tuple[list[FigureSpec], Frame]:
    """Boundary frames of one fragment run and the last Frame; while playing, train before each.

    Paused, or diverged at the first step, it is one frame of the current weights.
    """
    specs: list[FigureSpec] = []
    frame: Frame | None = None
    if playing:
        for _ in range(count):
            if experiment.trainer.step(cfg.speed) != "ok":
                break
            frame = experiment.frame()
            specs.append(boundary(experiment, cfg, frame, selected_point))
    if frame is None:
        frame = experiment.frame()
        specs.append(boundary(experiment, cfg, frame, selected_point))
    return specs, frame


def boundary(
    experiment: Experiment, cfg: Config, frame: Frame, selected_point: int | None = None
) -> FigureSpec:
    """The decision-boundary spec of one frame, at the mode's height."""
    figure = boundary_spec(
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
        selected_point=selected_point,
    )
    return set_height(figure, layout.heights(cfg)["boundary"])


def loss_curves(experiment: Experiment, log_scale: bool, height: int) -> FigureSpec:
    """The loss (and accuracy) curves spec of the training history so far."""
    history = experiment.trainer.history
    # A long run records thousands of rows; the chart is resent every run, so it shows at most
    # MAX_CURVE_POINTS of them, evenly spaced, always including the latest.
    keep = np.unique(np.linspace(0, len(history) - 1, MAX_CURVE_POINTS).round().astype(int))
    keep = keep if len(history) else keep[:0]

    def thinned(values: list | None) -> list | None:
        return None if values is None else [values[i] for i in keep]

    classifies = experiment.task != "regression"
    curves = loss_spec(
        thinned(history.epoch),
        thinned(history.train_loss),
        thinned(history.test_loss),
        thinned(history.train_accuracy) if classifies else None,
        thinned(history.test_accuracy) if classifies else None,
        log_scale=log_scale,
    )
    return set_height(curves, height)


def diagram(
    experiment: Experiment,
    cfg: Config,
    frame: Frame,
    grads: Gradients,
    edge_mode: str = "weight",
    selected: tuple[int, int] | None = None,
    scale: float = 1.0,
) -> FigureSpec:
    """The network diagram spec: neuron maps of this frame, edges by weight or gradient."""
    net = experiment.net
    figure = network_spec(
        list(net.sizes),
        input_labels(cfg),
        frame.layer_maps,
        [np.asarray(w) for w in net.weights],
        [np.asarray(b) for b in net.biases],
        grad_weights=list(grads.weights),
        grad_biases=list(grads.biases),
        edge_mode=edge_mode,
        selected=selected,
        activations=["", *net.activations, net.output],
    )
    return set_height(figure, figure["layout"]["height"] * scale)


def input_labels(cfg: Config) -> list[str]:
    """Display names of the input features, as the diagram labels them."""
    return [features.FEATURES[name][1] for name in cfg.features]


def clicked_trace(figure: FigureSpec, click: ChartClick | None, meta: str) -> dict | None:
    """The trace tagged `meta` whose point was clicked, or None."""
    if click is None or click.curve_number is None or click.point_index is None:
        return None
    traces = figure["data"]
    if not 0 <= click.curve_number < len(traces):
        return None
    trace = traces[click.curve_number]
    customdata = trace.get("customdata")
    if trace.get("meta") != meta or customdata is None or click.point_index >= len(customdata):
        return None
    return trace


def _draw(
    experiment: Experiment, cfg: Config, figures: list[FigureSpec], frame: Frame, busy: bool = False
) -> None:
    heights = layout.heights(cfg)
    diagram_col, output_col = st.columns([11, 9], gap="small")
    with output_col:
        st.markdown("**Output**")
        metrics(experiment, frame)
        # Frames of a network that was just rebuilt must not wait behind the old one's.
        fresh = state.control("_live_generation") != experiment.generation
        state.set_control("_live_generation", experiment.generation)
        click = live_chart(figures, key="boundary", interval_ms=FRAME_MS, flush=fresh)
        _select_point(click, figures[-1])
        st.markdown("**Loss**")
        # Busy: the curves and the diagram of the last run are sent again, unchanged (cheap).
        cached = state.control("_live_cached_loss") if busy else None
        log_scale = bool(state.control("log_loss"))
        curves = cached or loss_curves(experiment, log_scale, heights["small"])
        state.set_control("_live_cached_loss", curves)
        live_chart([curves], key="loss")
    cached_diagram = state.control("_live_cached_diagram") if busy else None
    grads = None if cached_diagram is not None else experiment.gradients()
    with diagram_col:
        _diagram(experiment, cfg, frame, grads, heights["network_scale"], cached_diagram)
    if state.control("show_gradients"):
        _gradients(experiment, grads or experiment.gradients(), heights["small"])


def metrics(experiment: Experiment, frame: Frame) -> None:
    """Epoch counter and the loss and accuracy read-outs."""
    cols = st.columns(4)
    trainer = experiment.trainer
    cols[0].metric(
        "Epoch", f"{trainer.epoch_fraction:.2f}", help=f"{trainer.steps} mini-batch steps"
    )
    cols[1].metric("Train loss", _fmt(frame.train_loss))
    cols[2].metric("Test loss", _fmt(frame.test_loss))
    if experiment.task != "regression":
        cols[3].metric("Accuracy", _fmt_pct(frame.test_accuracy), help="On the test data")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _fmt_pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _select_point(click: ChartClick | None, figure: FigureSpec) -> None:
    """A click on a training point selects it for the backprop explainer."""
    trace = clicked_trace(figure, click, "train")
    if trace is not None:
        backprop_view.select_point(int(trace["customdata"][click.point_index][0]))
        st.rerun()  # the whole page: the explainer below the live area shows the new point


def _diagram(
    experiment: Experiment,
    cfg: Config,
    frame: Frame,
    grads: Gradients | None,
    scale: float,
    cached: FigureSpec | None = None,
) -> None:
    edge_mode = "gradient" if state.control("edge_gradients") else "weight"
    selected = state.control("selected_neuron")
    figure = cached or diagram(experiment, cfg, frame, grads, edge_mode, selected, scale)
    state.set_control("_live_cached_diagram", figure)
    st.markdown("**Network** — every neuron drawn with its output over the input space")
    click = live_chart([figure], key="network")
    trace = clicked_trace(figure, click, "nodes")
    if trace is not None:
        column, unit = (int(v) for v in trace["customdata"][click.point_index][:2])
        state.set_control("selected_neuron", (column, unit))
        selected = (column, unit)
    if selected is not None and selected[0] < len(frame.layer_maps):
        column, unit = selected
        maps = frame.layer_maps[column]
        if unit < len(maps):
            title = f"Layer {column}, neuron {unit + 1}" if column else input_labels(cfg)[unit]
            big = set_height(neuron_map_spec(maps[unit], title), 260)
            live_chart([big], key="neuron_map")


def _gradients(experiment: Experiment, grads: Gradients, height: int) -> None:
    st.markdown(
        "**Gradients** — each layer's weights W and the gradient ∂L/∂W of the training loss, "
        "on one diverging scale; ∂L/∂b under them."
    )
    net = experiment.net
    # A W / dL/dW pair with values printed in its cells needs about half the page width.
    cols = st.columns(2 if max(net.sizes) <= 4 else 1)
    for layer in range(net.n_layers):
        figure = layer_gradient_spec(
            np.asarray(net.weights[layer]), grads.weights[layer], grads.biases[layer], layer
        )
        with cols[layer % len(cols)]:
            live_chart([figure], key=f"gradients_{layer}")
    history = experiment.trainer.history
    if history.grad_norms:
        norms = grad_norm_spec(history.step, np.array(history.grad_norms))
        live_chart([set_height(norms, height)], key="grad_norms")
