"""The live area: transport and training settings, the live view and its display options.

Two nested fragments. A transport button or a display option reruns the outer one (the page
stays as it is; a training setting reruns only its own, see live/controls.py); the browser's
requests for more frames rerun only the inner one, which sends nothing but the live view. While
playing, the browser asks for the next batch of frames when its queue runs low, one request at a
time: a busy server slows every student down a little instead of cutting runs short.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from playground import layout, state, views
from playground.backprop import view as backprop_view
from playground.config import Config
from playground.experiment import Experiment
from playground.live import actions, component, controls, frames, play

VIEW_KEY = "live_view"
FIRST_BATCH = 6  # frames sent with a Play press (no request needed for the first ones)


def live_area() -> None:
    """Draw the live area (a fragment: its controls never rerun the whole page)."""

    @st.fragment
    def _area() -> None:
        cfg = state.apply_controls()
        stopped = any(run.trainer.status != "ok" for run in state.runs())
        empty = not state.current_experiment().trainer.has_data  # a drawing with no points yet
        if stopped or empty:
            state.set_playing(False)
        if stopped:
            views.diverged_notice()
        # Keyed containers: a phone's stylesheet reorders them (playground/styles/common.css).
        with st.container(key="live_parts"):
            controls.toolbar(cfg, stopped, empty)
            _view()
            controls.view_options(cfg)

    with st.container(key="live_area"):
        _area()


@st.fragment
def _view() -> None:
    # The controls as they are now, applied to the runs and the link (a drawing changes the config
    # too). A setting changed while playing travels with the view's next request for frames, and
    # that run can be the only one to see it: the settings' own rerun is sometimes not run.
    state.apply_controls()
    runs = state.runs()
    cfg = runs[0].cfg
    session = state.live_session()
    request = actions.take()
    going = all(run.trainer.status == "ok" for run in runs)
    playing = state.is_playing() and going
    flush = state.take_flush() or request.flush
    shown = state.control("layer_space") and len(runs) == 1
    space = actions.space_choice(runs[0]) if shown else None
    if request.kind == "more" and playing:
        batch = play.advance(runs, cfg.speed, request.want, _needs_gradients(), space)
    elif request.kind is None and playing:  # Play pressed, or an option changed while playing
        batch = play.advance(runs, cfg.speed, FIRST_BATCH, _needs_gradients(), space)
    else:
        batch = [play.current(runs, request.marker, space)]
    payload = _payload(runs, session, batch, flush, playing)
    if request.seq is not None:
        session["ack"] = max(int(session["ack"]), request.seq)
    payload["ack"] = session["ack"]
    component.render(payload, VIEW_KEY, on_action=lambda: actions.receive(VIEW_KEY))
    rerun_page = request.rerun_page
    if state.is_playing() and not all(run.trainer.status == "ok" for run in runs):
        state.set_playing(False)
        rerun_page = True  # the Play button and the divergence notice change
    # A Play or Pause press that reaches the server together with the view's request for frames
    # reruns only this fragment: the transport, drawn outside it, would keep the old label.
    shown_playing = controls.shows_playing()
    rerun_page |= shown_playing is not None and shown_playing != state.is_playing()
    if cfg.mode != "embed" and state.page_pending() and state.in_fragment_run():
        # The first picture is up and no page run has drawn the controls since: the one it asks
        # for now, or again if the last was cut short by the next request (playground/layout.py).
        state.keep_notices()
        rerun_page = True
    # Only a fragment's own run leaves the rest of the page behind; a whole-page run already
    # drew it from the same state (and rerunning would drop its notices).
    if rerun_page and state.in_fragment_run():
        st.rerun()


def _needs_gradients() -> bool:
    """Gradients in every frame only when a view shows them live."""
    return bool(state.control("edge_gradients") or state.control("show_gradients"))


def _view_options(experiment: Experiment, cfg: Config) -> dict[str, Any]:
    return {
        "show_test": cfg.test,
        "discrete": cfg.discrete,
        "edge_mode": "gradient" if state.control("edge_gradients") else "weight",
        "log_loss": bool(state.control("log_loss")),
        "show_gradients": bool(state.control("show_gradients")),
        "layer_space": bool(state.control("layer_space")),
        "selected_point": backprop_view.selected_point(len(experiment.train.y)),
        "mode": cfg.mode,
        "heights": layout.live_sizes(cfg),
    }


def _payload(
    runs: list[Experiment],
    session: dict[str, Any],
    batch: list[dict[str, Any]],
    flush: bool,
    playing: bool,
) -> dict[str, Any]:
    code, version = component.bundle()
    experiment, second = runs[0], (runs[1] if len(runs) > 1 else None)
    session["run"] = int(session["run"]) + 1
    diverged = any(run.trainer.status != "ok" for run in runs)
    payload: dict[str, Any] = {
        "v": version,
        "run": session["run"],
        "scene_id": frames.scene_id(experiment, second),
        "view": _view_options(experiment, experiment.cfg),
        "frames": batch,
        "flush": flush,
        "playing": playing,
        "status": "diverged" if diverged else "ok",
    }
    if not state.picture_shown():  # the controls wait for the browser's word (layout.py)
        payload["ask_shown"] = session["page"]
    if session["code"] != version:
        payload["code"] = code
        session["code"] = version
    if session["scene"] != payload["scene_id"]:
        payload["scene"] = frames.scene(experiment, second)
        payload["history"] = frames.history(experiment, second)
        payload["flush"] = True
        session["scene"] = payload["scene_id"]
    return payload
