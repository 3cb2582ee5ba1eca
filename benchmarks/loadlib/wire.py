"""Read a recorded websocket conversation with the app: requests, answers, frames and bytes.

The same reading serves a real Chromium tab (its DevTools frames) and the emulated client (its
own record), so the two can be compared number by number. Times are relative to the BackMsg that
pressed Play.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.loadlib.client import widget_key

Wire = list[tuple[float, bool, bytes]]  # (time s, sent by the browser, message)


@dataclass
class MoreRequest:
    """One "more" action on the wire."""

    at: float
    seq: int
    want: int
    size: int  # bytes of the BackMsg
    cached_hashes: int
    widgets: dict[str, str]  # widget key -> its state, as text (the trigger left out)
    answered_at: float | None = None


@dataclass
class Conversation:
    """A recorded session from Play on."""

    play_at: float
    requests: list[MoreRequest] = field(default_factory=list)
    answers: list[tuple[float, int]] = field(default_factory=list)  # (arrival, frames)
    received: list[tuple[float, int]] = field(default_factory=list)  # (arrival, bytes)
    sent: list[tuple[float, int]] = field(default_factory=list)  # (time, bytes)
    errors: list[str] = field(default_factory=list)


def read(wire: Wire, view_key: str = "live_view") -> Conversation:
    """Find Play, then every "more" request and every live-view answer after it."""
    play_at = None
    chat = Conversation(play_at=0.0)
    for at, sent, data in sorted(wire, key=lambda item: item[0]):
        if sent:
            message = BackMsg()
            message.ParseFromString(data)
            states = message.rerun_script.widget_states.widgets
            if play_at is None:
                if any(s.trigger_value and widget_key(s.id) == "play" for s in states):
                    play_at = at
                continue
            chat.sent.append((at, len(data)))
            request = _more(at, len(data), message)
            if request is not None:
                chat.requests.append(request)
            continue
        if play_at is None:
            continue
        chat.received.append((at, len(data)))
        forward = ForwardMsg()
        forward.ParseFromString(data)
        delta = forward.delta if forward.WhichOneof("type") == "delta" else None
        if delta is None or delta.new_element.WhichOneof("type") != "bidi_component":
            if forward.WhichOneof("type") == "ref_hash":
                chat.errors.append("a live-view answer came as a cache reference")
            continue
        component = delta.new_element.bidi_component
        if widget_key(component.id) != view_key:
            continue
        payload = json.loads(component.json)
        chat.answers.append((at, len(payload.get("frames") or [])))
        for request in chat.requests:
            if request.answered_at is None and request.seq <= (payload.get("ack") or 0):
                request.answered_at = at
    if play_at is None:
        raise ValueError("no Play press in the recording")
    chat.play_at = play_at
    return chat


def _more(at: float, size: int, message: BackMsg) -> MoreRequest | None:
    action = None
    widgets = {}
    for state in message.rerun_script.widget_states.widgets:
        kind = state.WhichOneof("value")
        if kind == "json_trigger_value":
            events = json.loads(state.json_trigger_value)
            action = next((e["value"] for e in events if e.get("event") == "action"), None)
        elif kind != "trigger_value":
            text = str(getattr(state, kind)).strip().replace("\n", " ")
            widgets[widget_key(state.id)] = text
    if not action or action.get("type") != "more":
        return None
    hashes = len(message.rerun_script.cached_message_hashes)
    return MoreRequest(at, int(action["seq"]), int(action["want"]), size, hashes, widgets)


@dataclass(frozen=True)
class Summary:
    """The numbers compared between a browser and the emulated client."""

    requests_per_s: float
    interval_ms: tuple[float, float, float]  # p10, median, p90 between requests
    wants: Counter[int]
    latency_ms: tuple[float, float]  # median, p90: request to the answer that acks it
    frames_per_answer: float
    frames_received_per_s: float
    kb_received_per_s: float
    kb_sent_per_s: float
    request_bytes: float  # median size of a request
    cached_hashes: Counter[int]


def summarize(chat: Conversation, skip_s: float, seconds: float) -> Summary:
    """The numbers of the window [Play + skip_s, Play + skip_s + seconds)."""
    start = chat.play_at + skip_s
    end = start + seconds

    def inside(at: float) -> bool:
        return start <= at < end

    requests = [r for r in chat.requests if inside(r.at)]
    gaps = [1000 * (b.at - a.at) for a, b in zip(requests, requests[1:], strict=False)]
    latencies = [1000 * (r.answered_at - r.at) for r in requests if r.answered_at is not None]
    answers = [count for at, count in chat.answers if inside(at)]
    return Summary(
        requests_per_s=len(requests) / seconds,
        interval_ms=(quantile(gaps, 0.1), quantile(gaps, 0.5), quantile(gaps, 0.9)),
        wants=Counter(r.want for r in requests),
        latency_ms=(quantile(latencies, 0.5), quantile(latencies, 0.9)),
        frames_per_answer=statistics.fmean(answers) if answers else 0.0,
        frames_received_per_s=sum(answers) / seconds,
        kb_received_per_s=sum(size for at, size in chat.received if inside(at)) / seconds / 1024,
        kb_sent_per_s=sum(size for at, size in chat.sent if inside(at)) / seconds / 1024,
        request_bytes=quantile([float(r.size) for r in requests], 0.5),
        cached_hashes=Counter(r.cached_hashes for r in requests),
    )


def quantile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values lie (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
