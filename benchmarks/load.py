"""A classroom at once: N websocket sessions open the app, press Play and train together.

Starts the app on a free port of 127.0.0.1 (or measures running servers with --url), opens N
sessions that speak Streamlit's websocket protocol as the browser does (benchmarks/loadlib/
client.py: the page run, the Play button's trigger, the frontend's fragment timer) and keeps them
playing for --seconds. One row per N: live-chart frames per second delivered to each session
(counted in the ForwardMsgs) and shown (the browser's frame queue replayed), the time from a
timer tick to a finished fragment run, errors (exception elements, disconnects), server CPU from
/proc/<pid>/stat, resident memory per session, and what is left once every session has closed.

Streamlit keeps a closed tab's session for server.disconnectedSessionTTL seconds (default 120) so
that a reconnecting tab gets its state back, and drops expired sessions only when another session
disconnects. Own servers here run with --ttl (default 10 s) to keep the run short; after TTL + 5 s
the row counts live sessions, then lets one more visitor come and go and counts again.

    python benchmarks/load.py                             # N = 1, 5, 10, 20, 40
    python benchmarks/load.py --sessions 20 --seconds 30
    python benchmarks/load.py --url http://127.0.0.1:8600 --pid-file 'deploy/run/streamlit-*.pid'
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.loadlib import server  # noqa: E402
from benchmarks.loadlib.client import StreamlitSession  # noqa: E402
from benchmarks.loadlib.report import HEADER, MB, RULE, Row, format_row, traffic  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
FRAME_INTERVAL_S = 0.1  # playground.live.FRAME_MS: the browser plays a batch 100 ms a frame
TARGET_SESSIONS, TARGET_FPS, TARGET_MB = 20, 4.0, 20.0
OPEN_TIMEOUT_S = 120.0
FRAGMENT_DONE = "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"


@dataclass
class Target:
    """The server(s) under load: base URL and the process ids whose CPU and memory count."""

    url: str
    pids: list[int]
    processes: range = range(1)  # server processes to warm up
    probe_file: Path | None = None  # set when this script started the server through launch.py

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by all server processes."""
        return sum(server.cpu_seconds(pid) for pid in self.pids)

    def resident_mb(self) -> float:
        """Resident memory of all server processes, MB (0 when no pid is known)."""
        return sum(server.rss_bytes(pid) for pid in self.pids) / MB

    def live_sessions(self) -> str:
        """AppSession objects alive in the server, as found and after a garbage collection."""
        if self.probe_file is None:
            return "n/a"
        found = server.probe(self.pids[0], self.probe_file)
        if found is None:
            return "no answer"
        alive, collected = found["found"]["AppSession"], found["collected"]["AppSession"]
        return str(alive) if alive == collected else f"{alive} ({collected} after gc)"


def progress(message: str) -> None:
    """One line on stderr, so that a long run shows where it is."""
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def client_cpu() -> float:
    """CPU seconds this load generator has used."""
    times = os.times()
    return times.user + times.system


async def start_playing(session: StreamlitSession, delay: float) -> None:
    """A student: open the link after `delay`, then press Play once the page has loaded."""
    await asyncio.sleep(delay)
    await session.open(OPEN_TIMEOUT_S)
    await session.press("play")
    await session.wait_full_run(OPEN_TIMEOUT_S)


async def visit(url: str, query: str, seconds: float) -> None:
    """One session that plays for a while and leaves."""
    session = StreamlitSession(url, query)
    await start_playing(session, 0.0)
    await asyncio.sleep(seconds)
    await session.close()


async def open_all(sessions: list[StreamlitSession], ramp: float) -> None:
    """Every student opens the link (spread over `ramp` seconds) and presses Play."""
    delays = [ramp * index / max(len(sessions) - 1, 1) for index in range(len(sessions))]
    outcomes = await asyncio.gather(
        *(start_playing(session, delay) for session, delay in zip(sessions, delays, strict=True)),
        return_exceptions=True,
    )
    for session, outcome in zip(sessions, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            session.log.errors.append(f"opening failed: {type(outcome).__name__}: {outcome}")


def finished_runs(sessions: list[StreamlitSession]) -> tuple[int, int]:
    """Fragment runs asked for by the timers and fragment runs finished, over all sessions."""
    asked = sum(session.log.fragment_requests for session in sessions)
    done = sum(session.log.finished.get(FRAGMENT_DONE, 0) for session in sessions)
    return asked, done


async def measure(target: Target, n: int, args: argparse.Namespace) -> Row:
    """N sessions play together; the window starts once all have pressed Play and warmed up."""
    progress(f"N={n}: warm-up visits")
    # Imports and first-run caches, in every process behind a proxy (visits at once spread out).
    await asyncio.gather(*(visit(target.url, args.query, args.warmup) for _ in target.processes))
    await asyncio.sleep(1.0)
    rss_before = target.resident_mb()
    sessions = [StreamlitSession(target.url, args.query) for _ in range(n)]
    progress(f"N={n}: {n} sessions open the page and press Play")
    await open_all(sessions, args.ramp)
    await asyncio.sleep(args.warmup)

    progress(f"N={n}: measuring {args.seconds:g} s")
    cpu_start, client_start, start = target.cpu_seconds(), client_cpu(), time.monotonic()
    asked_start, done_start = finished_runs(sessions)
    rss_playing = rss_before
    while time.monotonic() - start < args.seconds:
        await asyncio.sleep(1.0)
        rss_playing = max(rss_playing, target.resident_mb())
    end = time.monotonic()
    server_cores = (target.cpu_seconds() - cpu_start) / (end - start)
    client_cores = (client_cpu() - client_start) / (end - start)
    asked_end, done_end = finished_runs(sessions)
    progress(f"N={n}: closing; waiting for the session TTL")
    await asyncio.gather(*(session.close() for session in sessions), return_exceptions=True)

    await asyncio.sleep(args.linger if args.linger is not None else args.ttl + 5)
    rss_after = target.resident_mb()
    left_after_ttl = target.live_sessions()
    await visit(target.url, args.query, 1.0)  # its disconnect reaps the expired sessions
    await asyncio.sleep(1.0)
    rss_reaped = target.resident_mb()
    logs = [session.log for session in sessions]
    first_pictures = [
        log.first_frame_at - log.opened_at for log in logs if log.first_frame_at is not None
    ]
    return Row(
        sessions=n,
        traffic=traffic(logs, start, end, FRAME_INTERVAL_S),
        runs_done=(done_end - done_start) / max(asked_end - asked_start, 1),
        first_picture_s=max(first_pictures) if len(first_pictures) == n else float("inf"),
        errors=[error for log in logs for error in log.errors],
        server_cores=server_cores,
        client_cores=client_cores,
        rss_before_mb=rss_before,
        rss_playing_mb=rss_playing,
        rss_after_mb=rss_after,
        rss_reaped_mb=rss_reaped,
        sessions_left=f"{left_after_ttl} / {target.live_sessions()}",
    )


def own_server_row(n: int, args: argparse.Namespace, log_dir: Path) -> Row:
    """A fresh server per N, so that rows do not inherit each other's memory."""
    port = server.free_port()
    probe_file = log_dir / f"probe-{n}.json"
    options = {
        "server.fileWatcherType": "none",
        "server.disconnectedSessionTTL": str(args.ttl),
        **dict(option.split("=", 1) for option in args.option),
    }
    with open(log_dir / f"server-{n}.log", "wb") as log:
        process = server.start_streamlit(args.app.resolve(), port, options, log, probe_file)
        try:
            url = f"http://127.0.0.1:{port}"
            server.wait_healthy(url, 60, process)
            target = Target(url, [process.pid], probe_file=probe_file)
            return asyncio.run(asyncio.wait_for(measure(target, n, args), args.max_seconds))
        finally:
            server.stop(process)


def url_row(n: int, args: argparse.Namespace) -> Row:
    """Measure servers that are already running (deploy/start.sh); pids from pid files."""
    paths = [Path(path) for pattern in args.pid_file for path in sorted(glob.glob(pattern))]
    target = Target(args.url.rstrip("/"), server.pids_from_files(paths), range(max(1, len(paths))))
    return asyncio.run(asyncio.wait_for(measure(target, n, args), args.max_seconds))


def parse_args() -> argparse.Namespace:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,5,10,20,40", help="comma list of N")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured window")
    parser.add_argument("--warmup", type=float, default=3.0, help="play before measuring")
    parser.add_argument("--ramp", type=float, default=0.0, help="spread arrivals over seconds")
    parser.add_argument("--app", type=Path, default=REPO_ROOT / "streamlit_app.py")
    parser.add_argument("--query", default="", help="URL query string every session opens")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL")
    parser.add_argument("--linger", type=float, help="wait after closing (default ttl + 5)")
    parser.add_argument("--option", action="append", default=[], help="server option name=value")
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument("--pid-file", action="append", default=[], help="glob of server pid files")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="time cap per row")
    return parser.parse_args()


def verdict(rows: list[Row]) -> None:
    """Say whether the classroom target holds."""
    for row in rows:
        if row.sessions == TARGET_SESSIONS:
            met = (
                min(row.traffic.delivered) >= TARGET_FPS
                and not row.errors
                and row.mb_per_session <= TARGET_MB
            )
            print(
                f"Target: {TARGET_SESSIONS} sessions x >= {TARGET_FPS:g} frames/s, no errors, "
                f"<= {TARGET_MB:g} MB each: {'met' if met else 'NOT met'}"
            )


def main() -> None:
    """Run every N and print the table."""
    args = parse_args()
    # SIGTERM (timeout, kill) unwinds like Ctrl-C, so a started server is stopped in `finally`.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    log_dir = Path(tempfile.mkdtemp(prefix="load-"))
    where = args.url or f"{args.app} on a fresh server per row, TTL {args.ttl} s"
    print(f"Load on {where}; {args.seconds:g} s window; {os.cpu_count()} cores; logs in {log_dir}")
    print(HEADER)
    print(RULE)
    rows = []
    for n in (int(value) for value in args.sessions.split(",")):
        row = url_row(n, args) if args.url else own_server_row(n, args, log_dir)
        rows.append(row)
        print(format_row(row), flush=True)
    for row in rows:
        if row.errors:
            print(f"N={row.sessions}: {len(row.errors)} errors, first: {row.errors[0]}")
    verdict(rows)


if __name__ == "__main__":
    main()
