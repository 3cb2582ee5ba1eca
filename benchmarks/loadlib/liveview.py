"""What the browser's live view (playground/live/js/view.js and playback.js) does with the
frames it receives, without drawing them.

The browser's live view keeps a queue of frames, shows at most one per animation frame (60/s),
and, while playing, asks for more with one `{"type": "more", want, shown, seq}` action when the
queue holds less than AHEAD_MS plus the answer time of frames and no action is in flight or
queued. The answer time is smoothed over "more" requests (at most MAX_LATENCY_MS; a time above
the smoothed one weighs RISE, one below it FALL). `want` is BATCH_MS plus the answer time of
frames at the median of the last 30 intervals between frames shown at full pace (4 to 40). While
a batch is awaited, the queued frames are spread over SPREAD times the answer time less the time
waited, or OVERDUE times the time waited when that is longer (a late answer: the frames left are
rationed). An action not answered (an `ack` below its seq) within RESEND_MS, or three times the
smoothed answer time of any action if longer, is sent again, and each further try waits twice as
long (at most MAX_RESEND_MS), checked on every answer and by a timer once a second. The
constants and rules below are playback.js's; keep them in step with it. While the server's data
asks for it (`ask_shown`, naming the session), the next frame shown sends one `{"type":
"shown"}` action (the page then draws its controls and lower tabs). Every view of the page is
drawn from each frame shown, so frames shown are the views' updates.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_FPS = 60
AHEAD_MS = 250
BATCH_MS = 450
MAX_LATENCY_MS = 6000
SPREAD = 1.25
RISE = 0.5
FALL = 0.2
OVERDUE = 0.25
RESEND_MS = 4000
MAX_RESEND_MS = 32000
INTERVALS_KEPT = 30
VSYNC_S = 1 / MAX_FPS  # the display's refresh: requestAnimationFrame fires on it


@dataclass
class Request:
    """One action sent: when (loop time, s), its seq, and what it asked for."""

    sent_at: float
    seq: int
    kind: str
    want: int = 0
    answered_at: float | None = None


@dataclass
class ViewLog:
    """What the view did, in event-loop time (seconds, time.monotonic's clock)."""

    shown_at: list[float] = field(default_factory=list)  # one entry per frame shown
    requests: list[Request] = field(default_factory=list)
    answers: list[tuple[float, int]] = field(default_factory=list)  # (arrival, frames in it)
    vsyncs: int = 0  # display frames the loop ran on
    late_vsyncs: int = 0  # of which this process ran more than a frame late (a busy client)


class LiveView:
    """view.js's Live class: receive(), the requestAnimationFrame loop, action() and _flush()."""

    def __init__(self, send: Callable[[dict[str, Any]], None]) -> None:
        self._send = send  # setTriggerValue("action", value)
        self._loop_handle = asyncio.get_running_loop()
        self.log = ViewLog()
        self.queue: deque[int] = deque()  # training steps of the frames waiting to be shown
        self.pending: tuple[int, float, dict[str, Any]] | None = None  # seq, sent (ms), action
        self.outbox: list[dict[str, Any]] = []
        self.seq = 0
        self.playing = False
        self.scene: str | None = None
        self.frame_step: int | None = None  # step of the frame on screen
        self.last_shown = 0.0
        self.intervals: deque[float] = deque(maxlen=INTERVALS_KEPT)
        self.latency = 0.0  # smoothed ms from asking for frames to receiving them
        self.resends = 0  # tries of the action in flight after its first
        self.answer_ms = 0.0  # smoothed ms from sending any action to its answer
        self.closed = False
        self.ask_shown: str | None = None  # the session waiting to hear of the first picture
        self.shown_for: str | None = None  # the session told of it (a "shown" action)
        self._chains = 0  # requestAnimationFrame callbacks waiting for the next display frame
        self._phase = random.random() * VSYNC_S  # each screen refreshes on its own schedule
        self._resend_timer: asyncio.TimerHandle | None = None

    # -- from the server -----------------------------------------------------------------------
    def receive(self, data: dict[str, Any]) -> None:
        """A new render of the component with this data."""
        now = self._now_ms()
        asked = data.get("ask_shown")
        if asked and asked != self.shown_for:
            self.ask_shown = asked
        ack = data.get("ack") or 0
        for request in reversed(self.log.requests):
            if request.answered_at is not None:
                break
            if request.seq <= ack:
                request.answered_at = now / 1000
        if self.pending and ack >= self.pending[0]:
            took = now - self.pending[1]
            self.answer_ms = 0.8 * self.answer_ms + 0.2 * took if self.answer_ms else took
            if self.pending[2]["type"] == "more":
                sample = min(MAX_LATENCY_MS, now - self.pending[1])
                weight = RISE if sample > self.latency else FALL
                smoothed = (1 - weight) * self.latency + weight * sample
                self.latency = smoothed if self.latency else sample
            self.pending = None
            self.resends = 0
        if data.get("scene"):
            self.scene = data["scene"].get("id")
        if self.scene is None or self.scene != data.get("scene_id"):
            self.scene = None
            self.queue.clear()
            self.action({"type": "scene"})
            return
        if data.get("flush"):
            self.queue.clear()
        steps = [raw.get("step", -1) for raw in data.get("frames") or []]
        self.log.answers.append((now / 1000, len(steps)))
        playing = bool(data.get("playing"))
        if not playing:
            # Paused: the newest frame is drawn at once, the others only recorded.
            self.queue.clear()
            if steps:
                self._show(steps[-1], now)
        else:
            self.queue.extend(steps)
        self._set_playing(playing and data.get("status") != "diverged")
        self._flush()

    # -- playback --------------------------------------------------------------------------------
    def _set_playing(self, playing: bool) -> None:
        if playing == self.playing:
            return
        self.playing = playing
        if playing:
            self._request_animation_frame()

    def _request_animation_frame(self) -> None:
        """Schedule a loop run at the next display refresh, as the browser does."""
        self._chains += 1
        if self._chains == 1:
            now = self._loop_handle.time()
            due = self._phase + (math.floor((now - self._phase) / VSYNC_S) + 1) * VSYNC_S
            self._loop_handle.call_at(due, self._vsync, due)

    def _vsync(self, due: float) -> None:
        """Every callback requested for this display frame runs with the frame's timestamp."""
        chains, self._chains = self._chains, 0
        self.log.vsyncs += 1
        if self._loop_handle.time() - due > VSYNC_S:
            self.log.late_vsyncs += 1
        for _ in range(chains):
            self._loop(due * 1000)

    def _loop(self, now: float) -> None:
        if not self.playing or self.closed:
            return
        if self.queue:
            gap = max(1000 / MAX_FPS, self._awaited(now) / len(self.queue))
            if now - self.last_shown >= gap - 2:
                if self.last_shown and gap <= 1000 / MAX_FPS:
                    self.intervals.append(now - self.last_shown)
                self.last_shown = now
                self._show(self.queue.popleft(), now)
        interval = self._interval()
        ahead = AHEAD_MS + self.latency
        if not self.pending and not self.outbox and len(self.queue) * interval < ahead:
            want = max(4, min(40, _js_round((BATCH_MS + self.latency) / interval)))
            shown = self.frame_step if self.frame_step is not None else -1
            self.action({"type": "more", "want": want, "shown": shown})
        self._request_animation_frame()

    def _awaited(self, now: float) -> float:
        """Ms until the awaited batch should arrive (0 when none is awaited)."""
        if not self.pending or self.pending[2]["type"] != "more":
            return 0.0
        waited = now - self.pending[1]
        return max(SPREAD * self.latency - waited, OVERDUE * waited)

    def _interval(self) -> float:
        if not self.intervals:
            return 1000 / MAX_FPS
        ordered = sorted(self.intervals)
        return max(1000 / MAX_FPS, ordered[len(ordered) >> 1])

    def _show(self, step: int, now: float) -> None:
        self.frame_step = step
        self.log.shown_at.append(now / 1000)
        if self.ask_shown:  # the first picture is up: the page draws its controls and tabs
            self.shown_for, self.ask_shown = self.ask_shown, None
            self.action({"type": "shown"})

    # -- to the server ---------------------------------------------------------------------------
    def action(self, message: dict[str, Any]) -> None:
        """Queue an action; one is in flight at a time, each answered by an ack."""
        if message["type"] == "more" and any(queued["type"] == "more" for queued in self.outbox):
            return
        self.outbox.append(message)
        self._flush()

    def _flush(self) -> None:
        if self.closed:
            return
        now = self._now_ms()
        patience = min(MAX_RESEND_MS, max(RESEND_MS, 3 * self.answer_ms) * 2**self.resends)
        if self.pending and now - self.pending[1] > patience:
            self.outbox.insert(0, self.pending[2])  # not answered: the run was cut short
            self.pending = None
            self.resends += 1
        if self.pending or not self.outbox:
            return
        message = self.outbox.pop(0)
        self.seq = max(self.seq + 1, int(time.time() * 1000))
        self.pending = (self.seq, now, message)
        self.log.requests.append(
            Request(now / 1000, self.seq, message["type"], int(message.get("want", 0)))
        )
        self._send({**message, "seq": self.seq})
        if self._resend_timer is None:
            self._every_second()

    def _every_second(self) -> None:
        if self.closed:
            return
        if self._resend_timer is not None:
            self._flush()
        self._resend_timer = self._loop_handle.call_later(1.0, self._every_second)

    def close(self) -> None:
        """The tab is gone: no more loop runs or resends."""
        self.closed = True
        if self._resend_timer is not None:
            self._resend_timer.cancel()

    def _now_ms(self) -> float:
        """performance.now(): the event loop's monotonic clock, in ms."""
        return self._loop_handle.time() * 1000


def _js_round(value: float) -> int:
    """Math.round: halves round up (Python's round() rounds them to even)."""
    return math.floor(value + 0.5)
