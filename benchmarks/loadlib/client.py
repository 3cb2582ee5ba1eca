"""One student's tab, spoken in Streamlit's own websocket protocol (no browser).

What the frontend does and this client repeats: open GET /_stcore/stream with the subprotocol
"streamlit", send a BackMsg `rerun_script`, read ForwardMsgs. Every rerun carries the current
state of every widget the page has mounted (benchmarks/loadlib/widgets.py; those in a closed
popover are not mounted) and the hashes of the messages the browser has cached. A button press
adds the button's `trigger_value` and names the fragment that drew the button; an action of the
live view (a component event) adds one widget state,
`$$STREAMLIT_INTERNAL_KEY_<element id>__events`, holding a JSON list
`[{"event": "action", "value": ...}]`, and names the fragment that drew the component. The live
view itself (when to ask for frames, which frames are shown) is benchmarks/loadlib/liveview.py.

The message cache works as the frontend's ForwardMsgCache: a cacheable message is kept with the
script-run count and the fragment it belongs to; after each finished run, entries of that run's
fragments (every entry after a whole-page run) older than `max_cached_message_age` runs are
dropped; a `ref_hash` message is answered from the cache and refreshes its entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.loadlib.liveview import LiveView
from benchmarks.loadlib.widgets import WidgetValues

Status = ForwardMsg.ScriptFinishedStatus
EVENTS_ID = "$$STREAMLIT_INTERNAL_KEY_{element_id}__events"  # the component's trigger aggregator


@dataclass
class SessionLog:
    """What one session saw and sent, with times from time.monotonic()."""

    opened_at: float = 0.0
    received: list[tuple[float, int]] = field(default_factory=list)  # (arrival, bytes)
    wire: list[tuple[float, bool, bytes]] = field(default_factory=list)  # (time, sent, message)
    finished: dict[str, int] = field(default_factory=dict)  # script_finished status -> count
    errors: list[str] = field(default_factory=list)


def widget_key(element_id: str) -> str:
    """The user key of a widget id "$$ID-<hash>-<key>" (keys may contain '-')."""
    parts = element_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" else ""


class StreamlitSession:
    """A websocket session that opens the app, presses buttons and runs the live view."""

    def __init__(
        self, base_url: str, query: str = "", view_key: str = "live_view", record: bool = False
    ) -> None:
        http = base_url.rstrip("/")
        self.origin = http
        self.ws_url = "ws" + http[len("http") :] + "/_stcore/stream"
        self.query = query
        self.view_key = view_key
        self.record = record  # keep every message both ways (for the comparison with a browser)
        self.log = SessionLog()
        self.view: LiveView | None = None
        self.widgets = WidgetValues()
        self.element_ids: dict[str, str] = {}  # widget key -> element id
        self.fragments: dict[str, str] = {}  # widget key -> id of the fragment that drew it
        self.labels: dict[str, str] = {}  # button key -> label
        self._ws: websockets.ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._sending: set[asyncio.Task[None]] = set()
        self._full_run_done = asyncio.Event()
        self._tabs_this_run = False  # this whole-page run drew the lower tabs
        self._page_complete = asyncio.Event()  # a whole-page run drew them: the page is there
        self._page_script_hash = ""
        self._max_age = 2
        self._cache: dict[str, tuple[bytes, int, str]] = {}  # hash -> (message, run, fragment)
        self._runs = 0
        self._new_session_seen = False
        self._drawn_this_run: set[str] = set()
        self._blocks: dict[tuple[int, ...], str] = {}  # delta path -> block type
        self._closing = False

    # -- connection --------------------------------------------------------------------------
    async def open(self, timeout: float) -> None:
        """Connect and run the app once, as a page load does."""
        self.log.opened_at = time.monotonic()
        self.view = LiveView(self._send_action)
        self._ws = await websockets.connect(
            self.ws_url,
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(self.origin),
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,  # the browser sends no websocket pings either
            compression=None,  # Streamlit does not compress its websocket (the default)
        )
        self._reader = asyncio.create_task(self._read())
        self._full_run_done.clear()
        await self._send(self._rerun())
        await self.wait_full_run(timeout)
        # The first picture asked for the rest of the page (playground/layout.py): a page has
        # loaded once a whole-page run has drawn it all (its lower tabs are drawn last).
        if self.view.shown_for is not None and "mode=embed" not in self.query:
            try:
                await asyncio.wait_for(self._page_complete.wait(), timeout)
            except TimeoutError:
                raise TimeoutError("the page's controls never came") from None

    async def close(self) -> None:
        """Close the tab: the view stops, the socket closes."""
        self._closing = True
        if self.view is not None:
            self.view.close()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def wait_full_run(self, timeout: float) -> None:
        """Wait until the current whole-script run has finished."""
        await asyncio.wait_for(self._full_run_done.wait(), timeout)

    # -- what the frontend sends ---------------------------------------------------------------
    async def press(self, key: str) -> None:
        """Click a button: a rerun of the fragment that drew it, carrying its trigger."""
        trigger = WidgetState(id=self.element_ids[key], trigger_value=True)
        await self._send(self._rerun(self.fragments.get(key, ""), trigger))

    def _send_action(self, value: dict[str, Any]) -> None:
        """The live view's setTriggerValue("action", value)."""
        element_id = self.element_ids[self.view_key]
        trigger = WidgetState(id=EVENTS_ID.format(element_id=element_id))
        # JSON.stringify: no spaces, keys in insertion order
        trigger.json_trigger_value = json.dumps(
            [{"event": "action", "value": value}], separators=(",", ":"), ensure_ascii=False
        )
        message = self._rerun(self.fragments.get(self.view_key, ""), trigger)
        task = asyncio.get_running_loop().create_task(self._send(message))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    def _rerun(self, fragment_id: str = "", trigger: WidgetState | None = None) -> BackMsg:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self._page_script_hash
        rerun.fragment_id = fragment_id
        rerun.cached_message_hashes.extend(self._cache)
        context = rerun.context_info
        context.timezone = "UTC"
        context.timezone_offset = 0
        context.locale = "en-US"
        context.url = f"{self.origin}/" + (f"?{self.query}" if self.query else "")
        context.is_embedded = False
        context.color_scheme = "light"
        rerun.widget_states.widgets.extend(self.widgets.proto())
        if trigger is not None:
            rerun.widget_states.widgets.append(trigger)
        return message

    async def _send(self, message: BackMsg) -> None:
        data = message.SerializeToString()
        if self.record:
            self.log.wire.append((time.monotonic(), True, data))
        if self._ws is None or self._closing:
            return
        with contextlib.suppress(websockets.ConnectionClosed):  # the reader reports it
            await self._ws.send(data)

    # -- what the server sends ---------------------------------------------------------------
    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for raw in self._ws:
                assert isinstance(raw, bytes)
                now = time.monotonic()
                self.log.received.append((now, len(raw)))
                if self.record:
                    self.log.wire.append((now, False, raw))
                self._handle(raw)
        except websockets.ConnectionClosed as closed:
            if not self._closing:
                self.log.errors.append(f"disconnected: {closed}")
        finally:
            if not self._closing and self.view is not None:
                if not any(error.startswith("disconnected") for error in self.log.errors):
                    self.log.errors.append("disconnected by the server")
                self.view.close()

    def _handle(self, raw: bytes) -> None:
        message = ForwardMsg()
        message.ParseFromString(raw)
        kind = message.WhichOneof("type")
        if kind == "ref_hash":
            entry = self._cache.get(message.ref_hash)
            if entry is None:
                self.log.errors.append(f"message cache miss {message.ref_hash}")
                return
            metadata = message.metadata
            message = ForwardMsg()
            message.ParseFromString(entry[0])
            message.metadata.CopyFrom(metadata)
            self._cache[message.hash] = (entry[0], self._runs, entry[2])
            kind = message.WhichOneof("type")
        elif message.metadata.cacheable and message.hash:
            known = self._cache.get(message.hash)
            fragment = message.delta.fragment_id if kind == "delta" else ""
            # a message seen again counts as used now, as in the browser
            self._cache[message.hash] = (known[0] if known else raw, self._runs, fragment)
        if kind == "delta":
            self._delta(message)
        elif kind == "new_session":
            self._new_session_seen = True
            self._page_script_hash = message.new_session.page_script_hash
            self._max_age = message.new_session.config.max_cached_message_age
            if not message.metadata.run.fragment_ids:
                self._drawn_this_run = set()
                self._tabs_this_run = False
        elif kind == "page_info_changed":
            self.query = message.page_info_changed.query_string
        elif kind == "script_finished":
            self._finished(message)
        elif kind == "session_event" and message.session_event.HasField(
            "script_compilation_exception"
        ):
            self.log.errors.append("script compilation error")

    def _finished(self, message: ForwardMsg) -> None:
        status = message.script_finished
        name = Status.Name(status)
        self.log.finished[name] = self.log.finished.get(name, 0) + 1
        fragments = list(message.metadata.run.fragment_ids)
        if status != Status.FINISHED_EARLY_FOR_RERUN and self._new_session_seen:
            self._runs += 1
            self._cache = {
                digest: entry
                for digest, entry in self._cache.items()
                if (fragments and (not entry[2] or entry[2] not in fragments))
                or self._runs - entry[1] <= self._max_age
            }
        if status == Status.FINISHED_SUCCESSFULLY and not fragments:
            self.widgets.keep_only(self._drawn_this_run)
            if self._tabs_this_run:
                self._page_complete.set()
        if status in (Status.FINISHED_SUCCESSFULLY, Status.FINISHED_WITH_COMPILE_ERROR):
            self._full_run_done.set()
        if status == Status.FINISHED_WITH_COMPILE_ERROR:
            self.log.errors.append("script finished with a compile error")

    def _delta(self, message: ForwardMsg) -> None:
        delta = message.delta
        path = tuple(message.metadata.delta_path)
        if delta.WhichOneof("type") == "add_block":
            self._blocks[path] = delta.add_block.WhichOneof("type")
            self._tabs_this_run |= self._blocks[path] == "tab_container"
            return
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.log.errors.append(
                f"exception: {element.exception.type}: {element.exception.message}"
            )
            return
        widget = getattr(element, kind)
        element_id = getattr(widget, "id", "")
        key = widget_key(element_id)
        if not key:
            return
        self._drawn_this_run.add(element_id)
        # The frontend mounts a popover's content only when it is opened: until then the widgets
        # in it have no state to send.
        if not any(self._blocks.get(path[:end]) == "popover" for end in range(1, len(path))):
            self.widgets.update(kind, widget)
        self.element_ids[key] = element_id
        self.fragments[key] = delta.fragment_id
        if kind == "button":
            self.labels[key] = element.button.label
        elif kind == "bidi_component" and key == self.view_key and self.view is not None:
            self.view.receive(json.loads(element.bidi_component.json))
