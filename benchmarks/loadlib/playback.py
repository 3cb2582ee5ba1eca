"""What a student's browser shows: the live chart's frame queue replayed from arrival times.

playground/live_chart.js queues the frames of each batch, keeps at most two batches waiting
(older frames are dropped) and starts a frame at most every interval, never while the previous
frame is still drawing. Frames delivered and frames shown differ when batches arrive in bursts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DRAW_S = 0.030  # Plotly.react of the boundary chart in headless Chromium: 27-35 ms measured


@dataclass(frozen=True)
class Playback:
    """Frames a browser would draw inside a time window, and its longest still picture."""

    shown: int
    longest_freeze_s: float


def replay(
    batches: Sequence[tuple[float, int]],
    interval_s: float,
    start: float,
    end: float,
    draw_s: float = DRAW_S,
) -> Playback:
    """Replay frame batches (arrival time, frame count) through live_chart.js's queue."""
    queued = 0
    ready_at = -math.inf  # earliest start of the next frame, set by the previous one
    waiting_since = 0.0  # when the queue last became non-empty
    starts: list[float] = []

    def draw_until(limit: float) -> None:
        nonlocal queued, ready_at
        while queued:
            begin = max(ready_at, waiting_since)
            if begin >= limit:
                return
            starts.append(begin)
            queued -= 1
            ready_at = begin + max(interval_s, draw_s)

    for arrival, count in sorted(batches):
        draw_until(arrival)
        if not queued:
            waiting_since = arrival
        # the cap of live_chart.js's enqueue(): two batches of this size
        queued = min(queued + count, max(2 * count, 2))
    draw_until(end)

    inside = [moment for moment in starts if start <= moment < end]
    edges = [start, *inside, end]
    freeze = max(later - earlier for earlier, later in zip(edges, edges[1:], strict=False))
    return Playback(shown=len(inside), longest_freeze_s=freeze)
