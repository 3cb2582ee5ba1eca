"""Open the real app under AppTest, optionally from a link, as a student's browser would."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
LIVE_VIEW = "live_view"


def open_app(query: Mapping[str, str] | None = None, shown: bool = True) -> AppTest:
    """A fresh session on the app, its URL holding `query`, after its first run and (`shown`)
    the live view's word that its first picture is up."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    return first_picture(at) if shown else at


def first_picture(at: AppTest) -> AppTest:
    """Tell the app what the browser's live view tells it once its first picture is up (the
    page then draws the lower tabs)."""
    return send_action(at, {"type": "shown"})


def _live_view(at: AppTest) -> Any:
    """The live view's component element of the last run."""
    found = []

    def walk(node: Any) -> None:
        children = getattr(node, "children", None)
        for child in (children or {}).values() if isinstance(children, dict) else ():
            proto = getattr(child, "proto", None)
            is_component = getattr(child, "type", None) == "bidi_component" and proto is not None
            if is_component and proto.id.endswith(f"-{LIVE_VIEW}"):
                found.append(proto)
            walk(child)

    walk(at._tree)
    assert found, "the live view was not drawn"
    return found[-1]


def live_payload(at: AppTest) -> dict[str, Any]:
    """What the last run sent the browser's live view (scene, frames, view options)."""
    return json.loads(_live_view(at).json)


def send_action(at: AppTest, action: dict[str, Any]) -> AppTest:
    """Send the live view an action as its JavaScript does: a component event (one rerun)."""
    states = at._tree.get_widget_states()
    event = {"event": "action", "value": {"seq": 10**12, **action}}
    trigger_id = f"$$STREAMLIT_INTERNAL_KEY_{_live_view(at).id}__events"
    states.widgets.append(WidgetState(id=trigger_id, json_trigger_value=json.dumps([event])))
    return at._run(states)


def live_scene(at: AppTest) -> dict[str, Any]:
    """The scene the live view draws (asked for again, as the browser does when it lacks it)."""
    return live_payload(send_action(at, {"type": "scene"}))["scene"]


def last_frame(at: AppTest) -> dict[str, Any]:
    """The newest frame the live view received."""
    return live_payload(at)["frames"][-1]


def ask_for_frames(at: AppTest, want: int) -> AppTest:
    """Do what the browser does while playing: ask the live view for `want` more frames."""
    return send_action(at, {"type": "more", "want": want})


def open_tab(at: AppTest, label: str) -> AppTest:
    """Open one of the lower tabs (only the open tab is drawn)."""
    at.session_state["lower_tab"] = label
    return at.run()
