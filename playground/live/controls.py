"""The live area's own controls: transport, training settings and display options.

They sit in the live fragment, so a click reruns only that fragment: the transport acts on the
experiment in its callback and the next frame shows the result. The training settings and the
speed are fragments of their own inside it: nothing but the controls and the link shows them, so
a change reruns only them and applies them to the runs (the next step trains with them).
"""

from __future__ import annotations

import streamlit as st

from playground import layout, state
from playground.config import Config
from playground.widgets import select, shown, slider, snap

REGULARIZER_LABELS = {"none": "None", "l1": "L1", "l2": "L2"}
SETTINGS = ("lr", "optimizer", "reg", "rate", "batch")
TRANSPORT_WIDTHS = [1.25, 0.85, 0.95, 0.95]
SETTING_WIDTHS = [1.45, 1.25, 1.4, 1.3, 1.2]
SHOWN_PLAYING_KEY = "_shown_playing"  # whether the transport last drew Pause (training) or Play


def shows_playing() -> bool | None:
    """Whether the transport on the page reads Pause; None before it was drawn."""
    return state.control(SHOWN_PLAYING_KEY)


def toolbar(cfg: Config, stopped: bool, empty: bool = False) -> None:
    """One row as in TensorFlow Playground: the transport buttons, then the training settings.

    Embedded in another page, only the transport: the settings stay as the link set them.
    """
    if cfg.mode == "embed":
        _transport(cfg, st.columns([1.3, 1, 1, 1, 3]), stopped, empty)
        return
    cols = st.columns([*TRANSPORT_WIDTHS, sum(SETTING_WIDTHS)])
    _transport(cfg, cols[:4], stopped, empty)
    if not any(shown(cfg, name) for name in SETTINGS):
        return
    with cols[4]:
        if state.picture_shown():
            _settings()
        else:  # the picture first: the settings follow it, into the same blocks (a fragment
            # draws into a container of its own), so their row never collapses meanwhile
            st.container().columns(SETTING_WIDTHS)[0].space(layout.pending_row(cfg, "toolbar"))


@st.fragment
def _settings() -> None:
    """The training settings. A change reruns only this fragment: nothing on the page shows them
    but the controls themselves and the link, and the next step trains with them."""
    cfg = state.apply_controls()
    cols = st.columns(SETTING_WIDTHS)
    with cols[0]:
        snap(cfg, "lr")
    with cols[1]:
        select(cfg, "optimizer")
    with cols[2]:
        select(cfg, "reg", format_func=REGULARIZER_LABELS.get)
    with cols[3]:
        snap(cfg, "rate")
    with cols[4]:
        slider(cfg, "batch")


@st.fragment
def _speed() -> None:
    """Steps per frame: like the training settings, a change reruns only this fragment."""
    snap(state.apply_controls(), "speed")


def _transport(cfg: Config, cols: list, stopped: bool, empty: bool) -> None:
    """Play/Pause, Step, Epoch, Reset: the buttons that drive training (not without data)."""
    playing = state.is_playing() and not stopped
    state.set_control(SHOWN_PLAYING_KEY, playing)
    stopped = stopped or empty
    if shown(cfg, "play"):
        cols[0].button(
            "Pause" if playing else "Play",
            icon=":material/pause:" if playing else ":material/play_arrow:",
            key="play",
            on_click=state.toggle_playing,
            type="primary",
            disabled=stopped,
            help="Draw some training points first" if empty else "Train continuously",
            width="stretch",
        )
    if shown(cfg, "step"):
        cols[1].button(
            "Step",
            key="step",
            on_click=_step,
            help="Train on one mini-batch",
            disabled=stopped or playing,
            width="stretch",
        )
        cols[2].button(
            "Epoch",
            key="step_epoch",
            on_click=_epoch,
            help="Train to the end of the current pass over the training data",
            disabled=stopped or playing,
            width="stretch",
        )
    if shown(cfg, "reset"):
        cols[3].button(
            "Reset",
            key="reset",
            on_click=_reset,
            help="Back to the initial weights of this seed",
            width="stretch",
        )


def _step() -> None:
    for run in state.runs():  # a comparison's two runs move in lockstep
        run.trainer.step(1)
    state.request_flush()


def _epoch() -> None:
    first, *others = state.runs()
    steps = first.trainer.steps_to_epoch_end  # a comparison's second run takes as many steps
    first.trainer.run_epochs(1)
    for run in others:
        run.trainer.step(steps)
    state.request_flush()


def _reset() -> None:
    state.set_playing(False)
    for run in state.runs():
        run.reset()
    state.request_flush()


def view_options(cfg: Config) -> None:
    """How fast training animates, and how the output and the network are drawn (not embedded)."""
    if cfg.mode == "embed" or not state.picture_shown():
        return
    toggles, speed = st.columns([6, 1.3], vertical_alignment="center")
    with speed:
        _speed()
    # Each toggle as wide as its label, wrapping to a second row rather than cutting a label off.
    with toggles, st.container(horizontal=True, gap="small", key="view_toggles"):
        if shown(cfg, "test"):
            st.toggle("Test data", key="test", help="Show the test points too, drawn hollow")
        if shown(cfg, "discrete"):
            st.toggle("Discretize", key="discrete", help="Hard classes instead of shades")
        st.toggle("Log loss", key="log_loss", help="The loss chart on a log scale")
        st.toggle(
            "Edges: ∂L/∂w", key="edge_gradients", help="Colour and size the edges by the gradient"
        )
        st.toggle("Gradients", key="show_gradients", help="W and ∂L/∂W of every layer, live")
        st.toggle(
            "Layer space",
            key="layer_space",
            help="The training points where a hidden layer puts them, and the warped input grid",
        )
