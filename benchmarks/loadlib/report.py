"""Per-session numbers of a load run, summed up into one table row."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from benchmarks.loadlib.client import SessionLog
from benchmarks.loadlib.playback import replay

MB = 1024 * 1024


@dataclass(frozen=True)
class Row:
    """One line of the load table: N sessions playing at once."""

    sessions: int
    delivered_min: float
    delivered_median: float
    shown_min: float
    shown_median: float
    freeze_max_s: float
    runs_done: float  # fragment runs finished / runs the browsers asked for
    first_frame_s: float  # slowest page load: websocket open to first picture
    errors: int
    first_error: str
    server_cores: float
    client_cores: float
    rss_before_mb: float
    rss_playing_mb: float
    rss_after_mb: float
    sessions_left: str  # AppSessions alive after the wait (after a garbage collection)

    @property
    def mb_per_session(self) -> float:
        """Resident memory added by each playing session."""
        return (self.rss_playing_mb - self.rss_before_mb) / self.sessions


def frame_rates(
    logs: list[SessionLog], start: float, end: float, interval_s: float
) -> tuple[list[float], list[float], float]:
    """Per session: frames delivered per second, frames a browser would show per second,
    and the longest still picture of any session inside the window."""
    seconds = end - start
    delivered, shown, freezes = [], [], [0.0]
    for log in logs:
        inside = [(at, count) for at, count in log.batches if start <= at < end]
        delivered.append(sum(count for _, count in inside) / seconds)
        playback = replay(log.batches, interval_s, start, end)
        shown.append(playback.shown / seconds)
        freezes.append(playback.longest_freeze_s)
    return delivered, shown, max(freezes)


def median(values: list[float]) -> float:
    """Median, 0 for no values."""
    return statistics.median(values) if values else 0.0


HEADER = (
    "| sessions | delivered fps min / median | shown fps min / median | longest freeze s "
    "| runs done | slowest first picture s | errors | server cores | client cores "
    "| RSS before MB | RSS playing MB | MB / session | RSS after close MB | sessions left |"
)
RULE = "|" + "---|" * (HEADER.count("|") - 1)


def format_row(row: Row) -> str:
    """A Markdown table line."""
    cells = [
        f"{row.sessions}",
        f"{row.delivered_min:.1f} / {row.delivered_median:.1f}",
        f"{row.shown_min:.1f} / {row.shown_median:.1f}",
        f"{row.freeze_max_s:.1f}",
        f"{row.runs_done:.0%}",
        f"{row.first_frame_s:.1f}",
        f"{row.errors}",
        f"{row.server_cores:.2f}",
        f"{row.client_cores:.2f}",
        f"{row.rss_before_mb:.0f}",
        f"{row.rss_playing_mb:.0f}",
        f"{row.mb_per_session:.1f}",
        f"{row.rss_after_mb:.0f}",
        row.sessions_left,
    ]
    return "| " + " | ".join(cells) + " |"
