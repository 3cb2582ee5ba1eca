"""Per-session numbers of a load run, summed up into table rows, and the targets' verdicts."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
from dataclasses import dataclass

import streamlit

from benchmarks.loadlib.client import SessionLog
from benchmarks.loadlib.liveview import ViewLog
from benchmarks.machine import cpu_model

# The targets for one process on 2 cores.
RATE_TARGETS = {40: 15.0, 100: 4.0}  # sessions -> updates per second each, at least
TARGET_MB = 10.0  # per session
TARGET_KB_S = 40.0  # received per playing session
STILL_LIMIT_S = 1.0  # a longer still picture counts as a session that stopped getting frames


@dataclass(frozen=True)
class Traffic:
    """What the emulated sessions saw inside the measured window."""

    updates: list[float]  # frames shown per second, per session: every view redrawn each time
    longest_still_s: list[float]  # per session: the longest time one frame stayed on screen
    latency_ms: list[float]  # request to the answer that acknowledges it, every request
    frames_per_answer: float
    frames_sent: int  # to all emulated sessions, in answers that arrived inside the window
    wants: list[int]  # every "more" request's want
    resent: int  # requests sent again after RESEND_MS without an answer
    kilobytes_per_s: list[float]  # received, per session
    late_vsyncs: float  # share of the client's display frames run more than a frame late


@dataclass(frozen=True)
class BrowserTab:
    """The real Chromium tab among the sessions."""

    view_rates: dict[str, float]  # view -> frames drawn per second
    longest_still_s: float
    kilobytes_per_s: float


@dataclass(frozen=True)
class Row:
    """One line of the load table: N sessions playing at once."""

    sessions: int
    seconds: float  # the measured window
    traffic: Traffic
    browser: BrowserTab | None
    errors: list[str]
    server_cores: float
    client_cores: float  # the load generator, Chromium included
    other_cores: float  # every other process on the machine (a shared machine's other jobs)
    cpu_pressure: float  # share of the window some runnable task waited for a CPU
    rss_before_mb: float
    rss_playing_mb: float
    rss_after_mb: float  # all sessions closed and the TTL passed
    rss_reaped_mb: float  # then one more visitor came and left, which drops expired sessions
    rss_trimmed_mb: float | None  # then a garbage collection and malloc_trim (own servers)
    sessions_left: str  # AppSessions alive then, and after one more visitor has left

    @property
    def mb_per_session(self) -> float:
        """Resident memory added by each playing session."""
        return (self.rss_playing_mb - self.rss_before_mb) / self.sessions

    @property
    def cpu_ms_per_frame(self) -> float:
        """Server CPU time per frame sent, all its costs included (runs, messages, training)."""
        return 1000 * self.server_cores * self.seconds / max(self.traffic.frames_sent, 1)


def traffic(logs: list[tuple[SessionLog, ViewLog]], start: float, end: float) -> Traffic:
    """Rates, still pictures, latencies and bytes of every emulated session in [start, end)."""
    seconds = end - start
    updates, still, latencies, answers, wants, rates = [], [], [], [], [], []
    resent = late = vsyncs = 0
    for session, view in logs:
        shown = [at for at in view.shown_at if start <= at < end]
        updates.append(len(shown) / seconds)
        edges = [start, *shown, end]
        still.append(max(later - earlier for earlier, later in zip(edges, edges[1:], strict=False)))
        inside = [r for r in view.requests if start <= r.sent_at < end and r.kind == "more"]
        latencies += [1000 * (r.answered_at - r.sent_at) for r in inside if r.answered_at]
        wants += [r.want for r in inside]
        resent += sum(1 for a, b in zip(inside, inside[1:], strict=False) if a.answered_at is None)
        answers += [count for at, count in view.answers if start <= at < end]
        rates.append(sum(size for at, size in session.received if start <= at < end) / seconds)
        late += view.late_vsyncs
        vsyncs += view.vsyncs
    return Traffic(
        updates=updates,
        longest_still_s=still,
        latency_ms=latencies,
        frames_per_answer=statistics.fmean(answers) if answers else 0.0,
        frames_sent=sum(answers),
        wants=wants,
        resent=resent,
        kilobytes_per_s=[rate / 1024 for rate in rates],
        late_vsyncs=late / max(vsyncs, 1),
    )


def median(values: list[float]) -> float:
    """Median, 0 for no values."""
    return statistics.median(values) if values else 0.0


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values lie (nearest rank), 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


LOAD_HEADER = (
    "| sessions | updates/s per session: min / median | longest still picture s "
    "| answer latency ms: p50 / p90 | frames per answer | want: median | server CPU ms per frame "
    "| errors "
    "| KB/s per session: median / max | cores: server / load generator / other jobs "
    "| CPU pressure | MB / session |"
)
MEMORY_HEADER = (
    "| sessions | RSS before MB | RSS playing MB | MB / session | RSS after TTL MB "
    "| RSS after next visitor MB | after gc + malloc_trim MB "
    "| sessions left: after TTL / after next visitor |"
)
BROWSER_HEADER = (
    "| sessions | Chromium tab: boundary / network / loss / read-outs updates/s "
    "| its longest still picture s | its KB/s | emulated sessions: min / median updates/s "
    "| cores: server / load generator and Chromium / other jobs |"
)


def rule(header: str) -> str:
    """The Markdown rule under a header."""
    return "|" + "---|" * (header.count("|") - 1)


def load_line(row: Row) -> str:
    """The main table's line for a row."""
    seen = row.traffic
    cells = [
        f"{row.sessions}" + (" (1 Chromium)" if row.browser else ""),
        f"{min(seen.updates):.1f} / {median(seen.updates):.1f}",
        f"{max(seen.longest_still_s):.2f}",
        f"{percentile(seen.latency_ms, 0.5):.0f} / {percentile(seen.latency_ms, 0.9):.0f}",
        f"{seen.frames_per_answer:.1f}",
        f"{median([float(w) for w in seen.wants]):.0f}",
        f"{row.cpu_ms_per_frame:.2f}",
        f"{len(row.errors)}",
        f"{median(seen.kilobytes_per_s):.1f} / {max(seen.kilobytes_per_s):.1f}",
        f"{row.server_cores:.2f} / {row.client_cores:.2f} / {row.other_cores:.2f}",
        f"{row.cpu_pressure:.0%}",
        f"{row.mb_per_session:.1f}",
    ]
    return "| " + " | ".join(cells) + " |"


def memory_line(row: Row) -> str:
    """The memory table's line for a row."""
    cells = [
        f"{row.sessions}",
        f"{row.rss_before_mb:.0f}",
        f"{row.rss_playing_mb:.0f}",
        f"{row.mb_per_session:.1f}",
        f"{row.rss_after_mb:.0f}",
        f"{row.rss_reaped_mb:.0f}",
        f"{row.rss_trimmed_mb:.0f}" if row.rss_trimmed_mb is not None else "n/a",
        row.sessions_left,
    ]
    return "| " + " | ".join(cells) + " |"


def browser_line(row: Row) -> str:
    """The Chromium tab's line for a row that had one."""
    assert row.browser is not None
    tab, seen = row.browser, row.traffic
    cells = [
        f"{row.sessions}",
        " / ".join(f"{rate:.1f}" for rate in tab.view_rates.values()),
        f"{tab.longest_still_s:.2f}",
        f"{tab.kilobytes_per_s:.1f}",
        f"{min(seen.updates):.1f} / {median(seen.updates):.1f}" if seen.updates else "–",
        f"{row.server_cores:.2f} / {row.client_cores:.2f} / {row.other_cores:.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


def verdicts(rows: list[Row]) -> list[str]:
    """One line per target: met or not, and by how much, from the rows measured."""
    lines = []
    for sessions, target in RATE_TARGETS.items():
        measured = [min(r.traffic.updates) for r in rows if r.sessions == sessions]
        if measured:
            worst = min(measured)
            verdict = "met" if worst >= target else f"NOT met ({worst / target:.0%} of it)"
            runs = ", ".join(f"{value:.1f}" for value in measured)
            lines.append(
                f"{sessions} sessions, each >= {target:g} updates/s: {verdict}; slowest session "
                f"per run: {runs}."
            )
    for sessions in RATE_TARGETS:
        costs = [r.cpu_ms_per_frame for r in rows if r.sessions == sessions]
        if costs:
            rate = 1000 / max(costs) / sessions
            lines.append(
                f"Estimate, not measured: at the server CPU per frame measured with {sessions} "
                f"sessions (at most {max(costs):.2f} ms), one core of its own would give each "
                f"{rate:.0f} updates/s."
            )
    stalled = [r.sessions for r in rows if max(r.traffic.longest_still_s) > STILL_LIMIT_S]
    lines.append(
        f"No session without a new frame for more than {STILL_LIMIT_S:g} s: "
        + ("met." if not stalled else f"NOT met at {', '.join(map(str, stalled))} sessions.")
    )
    resent = [f"{r.traffic.resent} at {r.sessions}" for r in rows if r.traffic.resent]
    if resent:
        lines.append(f"Requests sent again after 4 s without an answer: {', '.join(resent)}.")
    errors = sum(len(r.errors) for r in rows)
    lines.append("No errors: " + ("met." if not errors else f"NOT met ({errors} errors)."))
    worst_mb = max(r.mb_per_session for r in rows)
    lines.append(
        f"<= {TARGET_MB:g} MB per session: "
        + ("met" if worst_mb <= TARGET_MB else "NOT met")
        + f" (at most {worst_mb:.1f})."
    )
    worst_kb = max(max(r.traffic.kilobytes_per_s) for r in rows)
    lines.append(
        f"<= {TARGET_KB_S:g} KB/s received per playing session: "
        + ("met" if worst_kb <= TARGET_KB_S else "NOT met")
        + f" (at most {worst_kb:.1f})."
    )
    late = [
        f"{r.traffic.late_vsyncs:.0%} at {r.sessions}" for r in rows if r.traffic.late_vsyncs > 0.02
    ]
    if late:
        lines.append(
            "The load generator ran some display frames more than a frame late (a busy client "
            f"shows fewer frames than a browser would): {', '.join(late)} sessions."
        )
    return lines


def tables(rows: list[Row]) -> list[str]:
    """The load table, the memory table and, for rows with a Chromium tab, the tab's table."""
    lines = [LOAD_HEADER, rule(LOAD_HEADER), *map(load_line, rows), ""]
    lines += [MEMORY_HEADER, rule(MEMORY_HEADER), *map(memory_line, rows)]
    with_tab = [row for row in rows if row.browser]
    if with_tab:
        lines += ["", BROWSER_HEADER, rule(BROWSER_HEADER), *map(browser_line, with_tab)]
    return lines


def server_text(args: argparse.Namespace) -> str:
    """Which server the rows measured."""
    if args.url:
        return args.url
    which = "one Streamlit process for all rows" if args.same_server else "a fresh process per row"
    nice = f", niceness {args.nice}" if args.nice else ""
    return f"{args.app}: {which}, session TTL {args.ttl} s{nice}"


def measured_on(args: argparse.Namespace) -> str:
    """Date, machine, versions, load and the run's settings."""
    model = cpu_model()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    server = server_text(args)
    return (
        f"Measured {datetime.date.today().isoformat()} on {model}, {os.cpu_count()} cores "
        f"(shared with other jobs), Python {platform.python_version()}, Streamlit "
        f"{streamlit.__version__}; {server}; arrivals spread over {args.ramp:g} s, "
        f"{args.warmup:g} s of play, then a {args.seconds:g} s window; load average "
        f"(1, 5, 15 min) {load} at the end."
    )
