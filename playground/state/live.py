"""What the live view's component has been sent and has sent back, and which kind of run this is."""

from __future__ import annotations

import secrets

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_LIVE = "_live_session"
_LIVE_FLUSH = "_live_flush"


def live_session() -> dict[str, object]:
    """What this session's live view has been sent: code version, scene id, last action answered."""
    session = st.session_state.get(_LIVE)
    if session is None:
        # "page" names the session to the browser, which says "shown" once to each one.
        page = secrets.token_hex(4)
        session = {"code": None, "scene": None, "ack": 0, "run": 0, "page": page}
        st.session_state[_LIVE] = session
    return session


def picture_shown() -> bool:
    """Whether this session's live view has drawn its first picture (the page's controls wait)."""
    return bool(live_session().get("shown"))


def mark_page_drawn() -> None:
    """A whole-page run reached its end: after the first picture, everything it waited for is up."""
    if picture_shown():
        live_session()["page_drawn"] = True


def page_pending() -> bool:
    """The first picture is up, but no whole-page run has drawn the controls since (one that
    started was cut short by the next request): the next run of the live view asks again."""
    return picture_shown() and not live_session().get("page_drawn")


def component_event(key: str, event: str) -> dict[str, object] | None:
    """The value a component's event just sent (read in its callback), or None."""
    value = st.session_state.get(key)
    sent = value.get(event) if isinstance(value, dict) else None
    return sent if isinstance(sent, dict) else None


def request_flush() -> None:
    """The browser drops the frames it has queued (a Step, a Reset: the picture jumps)."""
    st.session_state[_LIVE_FLUSH] = True


def take_flush() -> bool:
    """Whether a flush was requested since the last frame was sent, cleared."""
    return bool(st.session_state.pop(_LIVE_FLUSH, False))


def in_fragment_run() -> bool:
    """Whether this script run reruns fragments only (not the whole page)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)
