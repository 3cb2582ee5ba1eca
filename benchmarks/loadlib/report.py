"""Per-session numbers of a load run, summed up into one table row."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from benchmarks.loadlib.client import SessionLog
from benchmarks.loadlib.playback import replay

MB = 1024 * 1024


@dataclass(frozen=True)
class Traffic:
    """What the sessions saw inside the measured window."""

    delivered: list[float]  # frames per second per session, counted in the messages
    shown: list[float]  # frames per second a browser would draw, per session
    longest_freeze_s: float  # longest still picture of any session
    run_latency_ms: list[float]  # timer tick to finished fragment run, every run of every session
    kilobytes_per_s: list[float]  # per session


@dataclass(frozen=True)
class Row:
    """One line of the load table: N sessions playing at once."""

    sessions: int
    traffic: Traffic
    runs_done: float  # fragment runs finished / timer ticks the browsers sent
    first_picture_s: float  # slowest page load: websocket open to the first live-chart frame
    errors: list[str]
    server_cores: float
    client_cores: float
    rss_before_mb: float
    rss_playing_mb: float
    rss_after_mb: float  # all sessions closed and the TTL passed
    rss_reaped_mb: float  # then one more visitor came and left, which drops expired sessions
    sessions_left: str  # AppSessions alive then, and after one more visitor has left

    @property
    def mb_per_session(self) -> float:
        """Resident memory added by each playing session."""
        return (self.rss_playing_mb - self.rss_before_mb) / self.sessions


def traffic(logs: list[SessionLog], start: float, end: float, interval_s: float) -> Traffic:
    """Frame rates, freezes, run latencies and bytes of every session inside [start, end)."""
    seconds = end - start
    delivered, shown, freezes, latencies, rates = [], [], [0.0], [], []
    for log in logs:
        inside = [(at, count) for at, count in log.batches if start <= at < end]
        delivered.append(sum(count for _, count in inside) / seconds)
        playback = replay(log.batches, interval_s, start, end)
        shown.append(playback.shown / seconds)
        freezes.append(playback.longest_freeze_s)
        latencies += [1000 * took for at, took in log.run_latencies if start <= at < end]
        rates.append(sum(size for at, size in log.received if start <= at < end) / seconds / 1024)
    return Traffic(delivered, shown, max(freezes), latencies, rates)


def median(values: list[float]) -> float:
    """Median, 0 for no values."""
    return statistics.median(values) if values else 0.0


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values lie (nearest rank), 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


HEADER = (
    "| sessions | delivered fps min / median | shown fps min / median | longest freeze s "
    "| run ms p50 / p90 | runs done | KB/s per session | slowest first picture s | errors "
    "| server cores | client cores | RSS before MB | RSS playing MB | MB / session "
    "| RSS after TTL / after next visitor MB | sessions left: after TTL / after next visitor |"
)
RULE = "|" + "---|" * (HEADER.count("|") - 1)


def format_row(row: Row) -> str:
    """A Markdown table line."""
    seen = row.traffic
    cells = [
        f"{row.sessions}",
        f"{min(seen.delivered):.1f} / {median(seen.delivered):.1f}",
        f"{min(seen.shown):.1f} / {median(seen.shown):.1f}",
        f"{seen.longest_freeze_s:.1f}",
        f"{median(seen.run_latency_ms):.0f} / {percentile(seen.run_latency_ms, 0.9):.0f}",
        f"{row.runs_done:.0%}",
        f"{median(seen.kilobytes_per_s):.0f}",
        f"{row.first_picture_s:.1f}",
        f"{len(row.errors)}",
        f"{row.server_cores:.2f}",
        f"{row.client_cores:.2f}",
        f"{row.rss_before_mb:.0f}",
        f"{row.rss_playing_mb:.0f}",
        f"{row.mb_per_session:.1f}",
        f"{row.rss_after_mb:.0f} / {row.rss_reaped_mb:.0f}",
        row.sessions_left,
    ]
    return "| " + " | ".join(cells) + " |"
