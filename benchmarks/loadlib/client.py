"""One student's tab, spoken in Streamlit's own websocket protocol (no browser).

What the frontend does and this client repeats: open GET /_stcore/stream with the subprotocol
"streamlit", send a BackMsg `rerun_script` (query string, widget states, context), read ForwardMsgs.
A button press is a rerun whose widget states carry the button's id with `trigger_value`; the id
comes from the button element in the first run's deltas. A fragment with `run_every` makes the
server send `auto_rerun` (fragment id, interval); the browser then runs its own `setInterval` that
sends `rerun_script` with that fragment id every interval, whether or not the last run finished,
until a full run's `new_session` or a `stop_auto_rerun` clears it. Hashes of cacheable messages are
sent back as the browser's message cache does, so unchanged large elements come as references.
Unlike the browser, a rerun carries only the pressed button's trigger, not every widget's value:
Streamlit keeps the last value of a widget missing from a rerun, so the app sees the same state.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED_FULL = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FINISHED_FRAGMENT = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
FRAME_MARKER = '{"data": ['  # a frame is {"data": [traces], ...}; a layout template's is {"data": {

CACHE_RUNS = 2  # script runs a cached message hash is remembered for


@dataclass
class SessionLog:
    """Everything one session saw, with times from time.monotonic()."""

    opened_at: float = 0.0
    first_frame_at: float | None = None
    batches: list[tuple[float, int]] = field(default_factory=list)  # (arrival, frames)
    fragment_requests: int = 0
    run_latencies: list[tuple[float, float]] = field(default_factory=list)  # (finished, seconds)
    finished: dict[str, int] = field(default_factory=dict)  # script_finished status -> count
    errors: list[str] = field(default_factory=list)
    diverged: bool = False
    received: list[tuple[float, int]] = field(default_factory=list)  # (arrival, bytes)


def widget_key(element_id: str) -> str:
    """The user key of a widget id "$$ID-<hash>-<key>" (keys may contain '-')."""
    parts = element_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" else ""


def count_frames(payload_json: str) -> int:
    """Frames in a live_chart payload without parsing its (large) JSON."""
    return payload_json.count(FRAME_MARKER)


class StreamlitSession:
    """A websocket session that can open the app, press buttons and keep fragment timers."""

    def __init__(self, base_url: str, query: str = "", chart_key: str = "boundary") -> None:
        http = base_url.rstrip("/")
        self.origin = http
        self.ws_url = "ws" + http[len("http") :] + "/_stcore/stream"
        self.query = query
        self.chart_key = chart_key
        self.log = SessionLog()
        self.widget_ids: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self._ws: websockets.ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._timers: dict[str, tuple[float, asyncio.Task[None]]] = {}
        self._full_run_done = asyncio.Event()
        self._hash_runs: dict[str, int] = {}
        self._runs = 0
        self._closing = False
        self._waiting_since: float | None = None  # oldest fragment request not yet finished

    # -- connection --------------------------------------------------------------------------
    async def open(self, timeout: float) -> None:
        """Connect and run the app once, as a page load does."""
        self.log.opened_at = time.monotonic()
        self._ws = await websockets.connect(
            self.ws_url,
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(self.origin),
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,  # the browser sends no websocket pings either
        )
        self._reader = asyncio.create_task(self._read())
        await self.rerun()
        await self.wait_full_run(timeout)

    async def close(self) -> None:
        """Close the tab: timers stop, the socket closes."""
        self._closing = True
        for _, task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def wait_full_run(self, timeout: float) -> None:
        """Wait until the current whole-script run has finished."""
        await asyncio.wait_for(self._full_run_done.wait(), timeout)

    # -- what the frontend sends ---------------------------------------------------------------
    async def rerun(self, triggers: tuple[str, ...] = (), fragment_id: str = "") -> None:
        """Send rerun_script; triggers are widget keys of buttons pressed."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_script_hash = ""
        state.fragment_id = fragment_id
        state.is_auto_rerun = bool(fragment_id)
        state.cached_message_hashes.extend(self._cached_hashes())
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.origin}/?{self.query}" if self.query else self.origin
        for key in triggers:
            state.widget_states.widgets.append(
                WidgetState(id=self.widget_ids[key], trigger_value=True)
            )
        if not fragment_id:
            self._full_run_done.clear()
        else:
            self.log.fragment_requests += 1
            if self._waiting_since is None:
                self._waiting_since = time.monotonic()
        assert self._ws is not None
        await self._ws.send(message.SerializeToString())

    async def press(self, key: str) -> None:
        """Click a button, as the frontend does: one full rerun carrying its trigger."""
        await self.rerun(triggers=(key,))

    def _cached_hashes(self) -> list[str]:
        return list(self._hash_runs)

    async def _interval(self, fragment_id: str, every: float) -> None:
        """The browser's setInterval for a fragment: fire on schedule, never wait for the server."""
        loop = asyncio.get_running_loop()
        due = loop.time() + every
        try:
            while not self._closing:
                await asyncio.sleep(max(0.0, due - loop.time()))
                due += every
                await self.rerun(fragment_id=fragment_id)
        except websockets.ConnectionClosed:
            return

    def _set_timer(self, fragment_id: str, every: float) -> None:
        current = self._timers.get(fragment_id)
        if current is not None and current[0] == every:
            return  # the frontend keeps a running interval of the same length
        self._stop_timers([fragment_id])
        self._timers[fragment_id] = (every, asyncio.create_task(self._interval(fragment_id, every)))

    def _stop_timers(self, fragment_ids: list[str] | None = None) -> None:
        for fragment_id in list(self._timers) if fragment_ids is None else fragment_ids:
            entry = self._timers.pop(fragment_id, None)
            if entry is not None:
                entry[1].cancel()

    # -- what the server sends ---------------------------------------------------------------
    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for raw in self._ws:
                self.log.received.append((time.monotonic(), len(raw)))
                message = ForwardMsg()
                message.ParseFromString(raw)
                self._handle(message)
        except websockets.ConnectionClosed as closed:
            if not self._closing:
                self.log.errors.append(f"disconnected: {closed}")
        finally:
            if not self._closing:
                if not self.log.errors:
                    self.log.errors.append("disconnected by the server")
                self._stop_timers()

    def _handle(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if message.metadata.cacheable and message.hash:
            self._hash_runs[message.hash] = self._runs
        if kind == "ref_hash":
            self._hash_runs[message.ref_hash] = self._runs
        elif kind == "delta":
            self._delta(message)
        elif kind == "new_session":
            if not message.metadata.run.fragment_ids:
                self._stop_timers()  # a whole-page run clears every fragment timer
        elif kind == "auto_rerun":
            self._set_timer(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            self._stop_timers(list(message.stop_auto_rerun.fragment_ids))
        elif kind == "page_info_changed":
            self.query = message.page_info_changed.query_string
        elif kind == "script_finished":
            self._finished(message.script_finished)
        elif kind == "session_event" and message.session_event.HasField(
            "script_compilation_exception"
        ):
            self.log.errors.append("script compilation error")

    def _finished(self, status: int) -> None:
        name = ForwardMsg.ScriptFinishedStatus.Name(status)
        self.log.finished[name] = self.log.finished.get(name, 0) + 1
        self._runs += 1
        # the browser's cache forgets messages not seen for a few runs; so does this one
        self._hash_runs = {
            digest: run for digest, run in self._hash_runs.items() if run >= self._runs - CACHE_RUNS
        }
        if status == FINISHED_FULL:
            self._full_run_done.set()
        elif status == FINISHED_FRAGMENT and self._waiting_since is not None:
            # Requests that arrive during a run are merged into the next run: one latency.
            now = time.monotonic()
            self.log.run_latencies.append((now, now - self._waiting_since))
            self._waiting_since = None
        elif status == ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR:
            self.log.errors.append("script finished with a compile error")
            self._full_run_done.set()

    def _delta(self, message: ForwardMsg) -> None:
        delta = message.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.log.errors.append(
                f"exception: {element.exception.type}: {element.exception.message}"
            )
            return
        if kind == "alert" and "diverged" in element.alert.body:
            self.log.diverged = True
            return
        widget = getattr(element, kind)
        element_id = getattr(widget, "id", "")
        key = widget_key(element_id)
        if not key:
            return
        self.widget_ids[key] = element_id
        if kind == "button":
            self.labels[key] = element.button.label
        elif kind == "bidi_component" and key == self.chart_key:
            now = time.monotonic()
            self.log.batches.append((now, count_frames(element.bidi_component.json)))
            if self.log.first_frame_at is None:
                self.log.first_frame_at = now
