"""The browser's requests to the live view, applied before the live fragment runs.

Streamlit calls the component's callback before any script code, when widgets may still be
changed (a drawing that begins switches the dataset control, a clicked point opens the
explainer's tab); the fragment then only has to draw what the request left behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground import state
from playground.backprop import view as backprop_view
from playground.experiment import Experiment
from playground.live import drawing

MAX_FRAMES = 40  # frames one request may ask for
REQUEST_KEY = "_live_request"
SPACE_KEY = "_layer_space"  # the hidden layer and two units the layer-space view shows


@dataclass(frozen=True)
class Request:
    """What the fragment does for one browser action: frames to send, a flush, a page rerun."""

    kind: str | None = None
    seq: int | None = None
    want: int = 0  # frames asked for ("more")
    marker: str = ""  # a weight set by hand
    flush: bool = False  # the browser drops frames it has queued
    rerun_page: bool = False  # the rest of the page shows something new


def receive(key: str) -> None:
    """Component callback: apply the action the browser just sent and keep the request."""
    action = state.component_event(key, "action")
    if action is not None:
        state.set_control(REQUEST_KEY, apply(state.current_experiment(), action))


def take() -> Request:
    """The request the fragment answers now (an empty one for a plain rerun)."""
    request = state.control(REQUEST_KEY)
    state.set_control(REQUEST_KEY, None)
    return request if isinstance(request, Request) else Request()


def apply(experiment: Experiment, action: dict[str, Any]) -> Request:
    """Do what an action asks (outside drawing frames) and say what the fragment still owes."""
    kind = action.get("type")
    seq = action.get("seq") if isinstance(action.get("seq"), int) else None
    session = state.live_session()
    if kind == "code":
        session["code"] = None
    elif kind == "scene":
        session["scene"] = None
    elif kind == "shown":  # a page's first picture is up: the page follows (live/area.py)
        session["shown"] = True
        if state.page_pending():
            state.keep_notices()  # the page is drawn again, maybe in this very run: they stay
    elif kind == "more":
        want = action.get("want")
        return Request(kind, seq, max(1, min(MAX_FRAMES, want)) if isinstance(want, int) else 1)
    elif kind == "select_point":
        index = action.get("index")
        valid = isinstance(index, int) and not isinstance(index, bool)
        if valid and 0 <= index < len(experiment.train.y):
            backprop_view.select_point(index)
            return Request(kind, seq, rerun_page=True)  # the explainer shows the point
    elif isinstance(kind, str) and kind.startswith("draw_"):
        return _draw(experiment, action, kind, seq)
    elif kind == "space":
        state.set_control(SPACE_KEY, _space_choice(experiment, action))
        return Request(kind, seq)
    elif kind == "set_parameter":
        marker = _set_parameter(experiment, action)
        # The explainer, when open, shows the network as it is now; a refused value's notice
        # sits at the top of the page: both need the page redrawn.
        rerun = not marker or backprop_view.is_open()
        return Request(kind, seq, marker=marker, flush=True, rerun_page=rerun)
    return Request(kind, seq)


def _draw(experiment: Experiment, action: dict[str, Any], kind: str, seq: int | None) -> Request:
    changed, notices = drawing.apply(experiment, action)
    state.add_notices(notices)
    rerun = bool(notices)  # the notice box sits at the top of the page
    if changed is not None:
        rerun |= changed.dataset != experiment.cfg.dataset  # the Data panel names the dataset
        had_data = experiment.trainer.has_data
        state.set_drawing(changed)
        # Play waits for a first training point, and stops waiting once there is one.
        rerun |= state.experiment(changed).trainer.has_data != had_data
    return Request(kind, seq, rerun_page=rerun)


def _set_parameter(experiment: Experiment, action: dict[str, Any]) -> str:
    try:
        return experiment.set_parameter(
            str(action.get("kind")),
            action.get("layer"),
            action.get("i"),
            action.get("j"),
            action.get("value"),
        )
    except ValueError as error:
        state.add_notices([f"The value was not set: {error}."])
        return ""


def _space_choice(experiment: Experiment, action: dict[str, Any]) -> tuple[int, int, int]:
    """A valid (layer, i, j) from the browser's choice; the last hidden layer's first two by
    default. The same unit twice is allowed (a layer of one neuron)."""
    hidden = experiment.net.sizes[1:-1]
    values = [action.get(key) for key in ("layer", "i", "j")]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return space_default(experiment)
    layer, i, j = values
    if not 1 <= layer <= len(hidden) or not (
        0 <= i < hidden[layer - 1] and 0 <= j < hidden[layer - 1]
    ):
        return space_default(experiment)
    return layer, i, j


def space_default(experiment: Experiment) -> tuple[int, int, int]:
    """The last hidden layer's first two units (its one unit twice); (0, 0, 0) with none."""
    hidden = experiment.net.sizes[1:-1]
    if not hidden:
        return 0, 0, 0
    return len(hidden), 0, min(1, hidden[-1] - 1)


def space_choice(experiment: Experiment) -> tuple[int, int, int]:
    """The layer-space view's current choice, still valid for this network."""
    chosen = state.control(SPACE_KEY)
    if isinstance(chosen, tuple):
        layer, i, j = chosen
        return _space_choice(experiment, {"layer": layer, "i": i, "j": j})
    return space_default(experiment)
