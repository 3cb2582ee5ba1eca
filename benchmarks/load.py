"""A classroom at once: N websocket sessions open the app, press Play and train together.

Starts the app on a free port of 127.0.0.1 (or measures running servers with --url), opens N
sessions that speak Streamlit's websocket protocol like the browser does (benchmarks/loadlib/
client.py: page run, the Play button's trigger, the frontend's fragment timer), and keeps them
playing for --seconds. Prints one row per N: live-chart frames per second delivered to each session
(counted in the ForwardMsgs) and shown (the browser's frame queue replayed), errors (exception
elements, disconnects), server CPU from /proc/<pid>/stat, resident memory per session, and the
memory and sessions left once all sessions have closed and the session TTL has passed.

Streamlit keeps a closed tab's session for server.disconnectedSessionTTL seconds (default 120) so a
reconnecting tab gets its state back. Own servers here run with --ttl (default 10 s) to keep the run
short; --ttl 120 measures the default.

    python benchmarks/load.py                             # N = 1, 5, 10, 20, 40
    python benchmarks/load.py --sessions 20 --seconds 30
    python benchmarks/load.py --url http://127.0.0.1:8600 --pid-file 'deploy/run/streamlit-*.pid'
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.loadlib import server  # noqa: E402
from benchmarks.loadlib.client import FINISHED_FRAGMENT, StreamlitSession  # noqa: E402
from benchmarks.loadlib.report import HEADER, MB, RULE, Row, format_row, frame_rates  # noqa: E402
from benchmarks.loadlib.report import median as median_of  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
FRAME_INTERVAL_S = 0.1  # playground.live.FRAME_MS: how fast the browser plays a batch
TARGET_SESSIONS, TARGET_FPS, TARGET_MB = 20, 4.0, 20.0
OPEN_TIMEOUT_S = 120.0


@dataclass
class Target:
    """The server(s) under load: base URL and the process ids whose CPU and memory count."""

    url: str
    pids: list[int]
    probe_file: Path | None = None  # set when this script started the server itself


def cores(pids: list[int]) -> float:
    """CPU seconds used so far by all server processes."""
    return sum(server.cpu_seconds(pid) for pid in pids)


def resident_mb(pids: list[int]) -> float:
    """Resident memory of all server processes, MB."""
    return sum(server.rss_bytes(pid) for pid in pids) / MB


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


async def warm_up(url: str, query: str, seconds: float) -> None:
    """One session plays briefly so module imports and first-run caches are not counted."""
    session = StreamlitSession(url, query)
    await start_playing(session, 0.0)
    await asyncio.sleep(seconds)
    await session.close()


async def measure(target: Target, n: int, args: argparse.Namespace) -> Row:
    """N sessions play together; the window starts once all have pressed Play."""
    await warm_up(target.url, args.query, args.warmup)
    await asyncio.sleep(1.0)
    rss_before = resident_mb(target.pids) if target.pids else 0.0
    sessions = [StreamlitSession(target.url, args.query) for _ in range(n)]
    opening = [start_playing(s, args.ramp * i / max(n - 1, 1)) for i, s in enumerate(sessions)]
    outcomes = await asyncio.gather(*opening, return_exceptions=True)
    for session, outcome in zip(sessions, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            session.log.errors.append(f"opening failed: {type(outcome).__name__}: {outcome}")
    await asyncio.sleep(args.warmup)

    cpu_start, client_start, start = cores(target.pids), client_cpu(), time.monotonic()
    requests_start = sum(s.log.fragment_requests for s in sessions)
    finished_start = sum(s.log.finished.get("FINISHED_FRAGMENT_RUN_SUCCESSFULLY", 0) for s in sessions)
    rss_playing = rss_before
    while time.monotonic() - start < args.seconds:
        await asyncio.sleep(1.0)
        if target.pids:
            rss_playing = max(rss_playing, resident_mb(target.pids))
    end = time.monotonic()
    server_cores = (cores(target.pids) - cpu_start) / (end - start)
    client_cores = (client_cpu() - client_start) / (end - start)
    requested = sum(s.log.fragment_requests for s in sessions) - requests_start
    finished = (
        sum(s.log.finished.get("FINISHED_FRAGMENT_RUN_SUCCESSFULLY", 0) for s in sessions)
        - finished_start
    )
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)

    await asyncio.sleep(args.linger if args.linger is not None else args.ttl + 5)
    rss_after = resident_mb(target.pids) if target.pids else 0.0
    left = "n/a"
    if target.probe_file is not None:
        found = server.probe(target.pids[0], target.probe_file)
        if found is not None:
            left = f"{found['found']['AppSession']} ({found['collected']['AppSession']} after gc)"

    logs = [s.log for s in sessions]
    delivered, shown, freeze = frame_rates(logs, start, end, FRAME_INTERVAL_S)
    errors = [error for log in logs for error in log.errors]
    first_frames = [
        log.first_frame_at - log.opened_at for log in logs if log.first_frame_at is not None
    ]
    return Row(
        sessions=n,
        delivered_min=min(delivered),
        delivered_median=median_of(delivered),
        shown_min=min(shown),
        shown_median=median_of(shown),
        freeze_max_s=freeze,
        runs_done=finished / requested if requested else 0.0,
        first_frame_s=max(first_frames) if len(first_frames) == n else float("inf"),
        errors=len(errors),
        first_error=errors[0] if errors else "",
        server_cores=server_cores,
        client_cores=client_cores,
        rss_before_mb=rss_before,
        rss_playing_mb=rss_playing,
        rss_after_mb=rss_after,
        sessions_left=left,
    )


def own_server_row(n: int, args: argparse.Namespace, log_dir: Path) -> Row:
    """A fresh server per N, so rows do not inherit each other's memory."""
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
            target = Target(url, [process.pid], probe_file)
            return asyncio.run(asyncio.wait_for(measure(target, n, args), args.max_seconds))
        finally:
            server.stop(process)


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
    parser.add_argument(
        "--option", action="append", default=[], help="extra server option name=value"
    )
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument(
        "--pid-file", action="append", default=[], help="glob of pid files of --url servers"
    )
    parser.add_argument("--max-seconds", type=float, default=600.0, help="cap per row")
    return parser.parse_args()


def main() -> None:
    """Run every N and print the table."""
    args = parse_args()
    counts = [int(value) for value in args.sessions.split(",")]
    log_dir = Path(tempfile.mkdtemp(prefix="load-"))
    where = args.url or f"{args.app} on a fresh 127.0.0.1 server per row (TTL {args.ttl} s)"
    print(f"Load: {where}; {args.seconds:.0f} s window; {os.cpu_count()} cores; logs {log_dir}")
    print(HEADER)
    print(RULE)
    rows = []
    for n in counts:
        if args.url:
            pids = server.pids_from_files(
                [Path(path) for pattern in args.pid_file for path in sorted(glob.glob(pattern))]
            )
            target = Target(args.url.rstrip("/"), pids)
            row = asyncio.run(asyncio.wait_for(measure(target, n, args), args.max_seconds))
        else:
            row = own_server_row(n, args, log_dir)
        rows.append(row)
        print(format_row(row), flush=True)
    for row in rows:
        if row.first_error:
            print(f"N={row.sessions}: first error: {row.first_error}")
    verdict(rows)


def verdict(rows: list[Row]) -> None:
    """Say whether the classroom target holds."""
    for row in rows:
        if row.sessions != TARGET_SESSIONS:
            continue
        ok = (
            row.delivered_min >= TARGET_FPS
            and row.errors == 0
            and row.mb_per_session <= TARGET_MB
        )
        print(
            f"Target {TARGET_SESSIONS} sessions x >= {TARGET_FPS:g} frames/s, no errors, "
            f"<= {TARGET_MB:g} MB each: {'met' if ok else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
