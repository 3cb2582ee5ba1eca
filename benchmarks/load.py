"""A classroom at once: N sessions open the app, press Play and watch training together.

Starts `streamlit run streamlit_app.py` from the repository root (its .streamlit/config.toml) on
a free port of 127.0.0.1, a fresh server per row, or measures a running one with --url. N
sessions speak Streamlit's websocket protocol as the browser does (benchmarks/loadlib/client.py)
and run the live view's playback and requests as playground/live/js/view.js does
(benchmarks/loadlib/liveview.py); benchmarks/load_check.py compares them with a real Chromium tab.
With --browser one of the N is a real Chromium tab, whose views' redraws are counted in the page.

Per row: updates per second of each session (frames shown: every view is redrawn from each), its
longest still picture, the latency from a request to the answer that acknowledges it, frames per
answer, errors (exception elements, disconnects, message-cache misses), bytes received per
session, server CPU (/proc/<pid>/stat) and resident memory per session, and what is left once
every session has closed. Streamlit keeps a closed tab's session for
server.disconnectedSessionTTL seconds (default 120) for a reconnect and drops expired sessions
only when another session disconnects: own servers run with --ttl (default 10 s), and after
TTL + 5 s the row reads the memory, lets one more visitor come and go, and reads it again.

    python benchmarks/load.py                                  # N = 1, 10, 20, 40, 60, 100
    python benchmarks/load.py --sessions 40,40,100 --seconds 30 --markdown
    python benchmarks/load.py --sessions 20 --browser          # 19 emulated + 1 Chromium
    python benchmarks/load.py --sessions 100,100 --same-server  # does a second class reuse memory?
    python benchmarks/load.py --url http://127.0.0.1:8600 --pid-file '/tmp/nn-playground/*.pid'
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import glob
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.loadlib import report, server  # noqa: E402
from benchmarks.loadlib.browser import ChromiumTab  # noqa: E402
from benchmarks.loadlib.client import StreamlitSession  # noqa: E402
from benchmarks.loadlib.profile import Profiler  # noqa: E402
from benchmarks.loadlib.server import Counters, Target  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
OPEN_TIMEOUT_S = 180.0


def progress(message: str) -> None:
    """One line on stderr, so that a long run shows where it is."""
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def student(session: StreamlitSession, delay: float) -> None:
    """A student: opens the link after `delay`, then presses Play once the page has loaded."""
    await asyncio.sleep(delay)
    await session.open(OPEN_TIMEOUT_S)
    await session.press("play")


async def browser_student(tab: ChromiumTab) -> None:
    """The student in a real Chromium tab."""
    await tab.open(OPEN_TIMEOUT_S)
    await tab.press_play()


async def visit(url: str, query: str, seconds: float) -> None:
    """One session that plays for a while and leaves."""
    session = StreamlitSession(url, query)
    await student(session, 0.0)
    await asyncio.sleep(seconds)
    await session.close()


async def join(
    target: Target, n: int, args: argparse.Namespace
) -> tuple[list[StreamlitSession], ChromiumTab | None, list[str]]:
    """N students open the page (spread over --ramp seconds) and press Play."""
    tab = ChromiumTab(target.url, args.query) if args.browser else None
    sessions = [StreamlitSession(target.url, args.query) for _ in range(n - bool(tab))]
    delays = [args.ramp * i / max(len(sessions) - 1, 1) for i in range(len(sessions))]
    joins = [student(session, delay) for session, delay in zip(sessions, delays, strict=True)]
    outcomes = await asyncio.gather(
        *joins, *([browser_student(tab)] if tab else []), return_exceptions=True
    )
    return (
        sessions,
        tab,
        [f"opening failed: {o!r}" for o in outcomes if isinstance(o, BaseException)],
    )


async def measure(
    target: Target, n: int, args: argparse.Namespace, profile: Profiler
) -> report.Row:
    """N sessions play together; the window starts once all have pressed Play and warmed up."""
    progress(f"N={n}: warm-up visits")
    # Imports and first-run caches, in every process behind a proxy (visits at once spread out).
    await asyncio.gather(*(visit(target.url, args.query, args.warmup) for _ in target.processes))
    await asyncio.sleep(1.0)
    rss_before = target.resident_mb()
    progress(f"N={n}: sessions open the page over {args.ramp:g} s and press Play")
    sessions, tab, errors = await join(target, n, args)
    await asyncio.sleep(args.warmup)

    progress(f"N={n}: measuring {args.seconds:g} s")
    first = Counters.read(target)
    if tab:
        await tab.start_sampling()
    profile.start(target.pids[0] if target.pids else None, args.seconds)
    rss_playing = rss_before
    while time.monotonic() - first.at < args.seconds:
        await asyncio.sleep(1.0)
        rss_playing = max(rss_playing, target.resident_mb())
    last = Counters.read(target)
    if tab:
        await tab.stop_sampling()
    await asyncio.sleep(0.5)  # answers to requests sent inside the window
    seconds = last.at - first.at
    logs = [(s.log, s.view.log) for s in sessions if s.view is not None]
    seen = report.traffic(logs, first.at, last.at)
    profile.finish(seen, last.server - first.server)
    progress(f"N={n}: closing; waiting for the session TTL")
    closing = [session.close() for session in sessions] + ([tab.close()] if tab else [])
    await asyncio.gather(*closing, return_exceptions=True)
    errors += [error for session in sessions for error in session.log.errors]
    unknown = {kind for session in sessions for kind in session.widgets.unknown}
    errors += [f"widget kind {kind} is not emulated" for kind in sorted(unknown)]

    await asyncio.sleep(args.linger if args.linger is not None else args.ttl + 5)
    rss_after = target.resident_mb()
    left_after_ttl, _ = target.probe()
    await visit(target.url, args.query, 1.0)  # its disconnect drops the expired sessions
    await asyncio.sleep(1.0)
    rss_reaped = target.resident_mb()
    left_at_end, rss_trimmed = target.probe()
    server_cores = (last.server - first.server) / seconds
    client_cores = (last.client - first.client) / seconds
    return report.Row(
        sessions=n,
        seconds=seconds,
        traffic=seen,
        browser=_tab_numbers(tab, first.at, last.at) if tab else None,
        errors=errors + (tab.log.errors if tab else []),
        server_cores=server_cores,
        client_cores=client_cores,
        other_cores=max(
            0.0, (last.machine - first.machine) / seconds - server_cores - client_cores
        ),
        cpu_pressure=(last.pressure - first.pressure) / seconds,
        rss_before_mb=rss_before,
        rss_playing_mb=rss_playing,
        rss_after_mb=rss_after,
        rss_reaped_mb=rss_reaped,
        rss_trimmed_mb=rss_trimmed,
        sessions_left=f"{left_after_ttl} / {left_at_end}",
    )


def _tab_numbers(tab: ChromiumTab, start: float, end: float) -> report.BrowserTab:
    # DevTools timestamps and time.monotonic() read the same clock (CLOCK_MONOTONIC).
    received = sum(len(f.data) for f in tab.log.frames if not f.sent and start <= f.at < end)
    return report.BrowserTab(
        view_rates=tab.view_rates(),
        longest_still_s=tab.longest_still_s(),
        kilobytes_per_s=received / (end - start) / 1024,
    )


@contextlib.contextmanager
def own_server(args: argparse.Namespace, log_dir: Path, name: str) -> Iterator[Target]:
    """`streamlit run` of the app on a free port, stopped on leaving."""
    port = server.free_port()
    probe_file = log_dir / f"probe-{name}.json"
    options = {
        "server.fileWatcherType": "none",
        "server.disconnectedSessionTTL": str(args.ttl),
        **dict(option.split("=", 1) for option in args.option),
    }
    with open(log_dir / f"server-{name}.log", "wb") as log:
        process = server.start_streamlit(
            REPO_ROOT / args.app, port, options, log, probe_file, args.nice
        )
        try:
            url = f"http://127.0.0.1:{port}"
            server.wait_healthy(url, 60, process)
            yield Target(url, [process.pid], probe_file=probe_file, skip={process.pid})
        finally:
            server.stop(process)


def url_target(args: argparse.Namespace) -> Target:
    """Servers that are already running; their pids from --pid-file (for CPU and memory)."""
    paths = [Path(path) for pattern in args.pid_file for path in sorted(glob.glob(pattern))]
    pids = server.pids_from_files(paths)
    return Target(args.url.rstrip("/"), pids, range(max(1, len(paths))), skip=set(pids))


def measure_row(target: Target, n: int, args: argparse.Namespace, name: str) -> report.Row:
    """One row, with its own event loop and time cap."""
    profile = Profiler(args.profile, name)
    measured = asyncio.run(asyncio.wait_for(measure(target, n, args, profile), args.max_seconds))
    progress(report.load_line(measured))
    return measured


def parse_args() -> argparse.Namespace:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,10,20,40,60,100", help="comma list of N")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured window")
    parser.add_argument("--warmup", type=float, default=5.0, help="play before measuring")
    parser.add_argument("--ramp", type=float, default=10.0, help="spread arrivals over seconds")
    parser.add_argument("--browser", action="store_true", help="one of the N is a Chromium tab")
    parser.add_argument("--app", default="streamlit_app.py", help="relative to the repository")
    parser.add_argument("--query", default="", help="URL query string every session opens")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL")
    parser.add_argument("--linger", type=float, help="wait after closing (default ttl + 5)")
    parser.add_argument("--option", action="append", default=[], help="server option name=value")
    parser.add_argument("--same-server", action="store_true", help="one server for all rows")
    parser.add_argument("--nice", type=int, default=0, help="niceness of a started server")
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument("--pid-file", action="append", default=[], help="glob of server pid files")
    parser.add_argument("--profile", type=Path, help="py-spy the server into this folder")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="time cap per row")
    parser.add_argument("--markdown", action="store_true", help="tables as in the README")
    return parser.parse_args()


def main() -> None:
    """Run every N and print the tables."""
    args = parse_args()
    # SIGTERM (timeout, kill) unwinds like Ctrl-C, so a started server is stopped in `finally`.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    log_dir = Path(tempfile.mkdtemp(prefix="load-"))
    progress(f"load on {report.server_text(args)}; logs in {log_dir}")
    counts = [int(value) for value in args.sessions.split(",")]
    names = [f"{index}-{n}" for index, n in enumerate(counts)]
    if args.url:
        target = url_target(args)
        rows = [measure_row(target, n, args, name) for n, name in zip(counts, names, strict=True)]
    elif args.same_server:
        with own_server(args, log_dir, "all") as target:
            rows = [
                measure_row(target, n, args, name) for n, name in zip(counts, names, strict=True)
            ]
    else:
        rows = []
        for n, name in zip(counts, names, strict=True):
            with own_server(args, log_dir, name) as target:
                rows.append(measure_row(target, n, args, name))
    print("\n".join(report.tables(rows)))
    for row in rows:
        if row.errors:
            print(f"N={row.sessions}: {len(row.errors)} errors, first: {row.errors[0]}")
    print()
    print("\n".join(report.verdicts(rows)))
    if args.markdown:
        print()
        print(report.measured_on(args))


if __name__ == "__main__":
    main()
