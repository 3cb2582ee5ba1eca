"""Does the load client behave as a browser does? A real Chromium tab against the emulated client.

Each round, on one server and at the same time (so both meet the same load on the machine): a
headless Chromium tab and one emulated session (benchmarks/loadlib/client.py, as used by
benchmarks/load.py) open the app, press Play together and play for --skip + --seconds. The tab's
websocket frames are recorded (DevTools, with the browser's timestamps) and its views' frame
counters sampled; the emulated session records its own messages. Both conversations are read by
the same code (benchmarks/loadlib/wire.py) from the Play press on, skipping the first --skip
seconds, and printed side by side: the request cadence, the `want` values, the answer latency
and size, frames received and shown per second, bytes per second both ways, and whether the
widget states a request carries are the same.

    python benchmarks/load_check.py                       # own server, 2 rounds of 10 s
    python benchmarks/load_check.py --url http://127.0.0.1:8501 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.loadlib import server  # noqa: E402
from benchmarks.loadlib.browser import ChromiumTab  # noqa: E402
from benchmarks.loadlib.client import StreamlitSession  # noqa: E402
from benchmarks.loadlib.wire import Conversation, Summary, read, summarize  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
OPEN_TIMEOUT_S = 120.0


async def play_together(
    url: str, args: argparse.Namespace
) -> list[tuple[str, Conversation, float]]:
    """A Chromium tab and an emulated session play together: each one's talk and frames shown/s."""
    tab = ChromiumTab(url, args.query)
    session = StreamlitSession(url, args.query, record=True)
    try:
        await asyncio.gather(tab.open(OPEN_TIMEOUT_S), session.open(OPEN_TIMEOUT_S))
        await asyncio.gather(tab.press_play(), session.press("play"))
        await asyncio.sleep(args.skip)
        await tab.start_sampling()
        await asyncio.sleep(args.seconds)
        await tab.stop_sampling()
        await asyncio.sleep(0.5)  # the last answers of the window arrive
    finally:
        await asyncio.gather(tab.close(), session.close())
    browser = read([(frame.at, frame.sent, frame.data) for frame in tab.log.frames])
    browser.errors += tab.log.errors
    emulated = read(session.log.wire)
    emulated.errors += session.log.errors
    start = emulated.play_at + args.skip
    assert session.view is not None
    shown = [at for at in session.view.log.shown_at if start <= at < start + args.seconds]
    return [
        ("Chromium", browser, tab.view_rates()["boundary"]),
        ("emulated", emulated, len(shown) / args.seconds),
    ]


def wants(summary: Summary) -> str:
    """The want values asked for, most common first."""
    return ", ".join(f"{want}×{count}" for want, count in summary.wants.most_common(4)) or "–"


def table(results: list[tuple[str, Summary, float]]) -> list[str]:
    """One column per recorded session."""
    rows = [
        ("requests / s", lambda s, _: f"{s.requests_per_s:.2f}"),
        (
            "ms between requests p10 / median / p90",
            lambda s, _: " / ".join(f"{v:.0f}" for v in s.interval_ms),
        ),
        ("want (value×times)", lambda s, _: wants(s)),
        (
            "answer latency ms median / p90",
            lambda s, _: f"{s.latency_ms[0]:.0f} / {s.latency_ms[1]:.0f}",
        ),
        ("frames per answer", lambda s, _: f"{s.frames_per_answer:.1f}"),
        ("frames received / s", lambda s, _: f"{s.frames_received_per_s:.1f}"),
        ("frames shown / s (views' updates)", lambda _, shown: f"{shown:.1f}"),
        ("KB/s received", lambda s, _: f"{s.kb_received_per_s:.1f}"),
        ("KB/s sent", lambda s, _: f"{s.kb_sent_per_s:.2f}"),
        ("bytes per request (median)", lambda s, _: f"{s.request_bytes:.0f}"),
        (
            "cached hashes per request",
            lambda s, _: ", ".join(f"{k}×{v}" for k, v in sorted(s.cached_hashes.items())),
        ),
    ]
    lines = [
        "| | " + " | ".join(name for name, _, _ in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(s, f) for _, s, f in results) + " |")
    return lines


def same_widgets(browser: Conversation, emulated: Conversation) -> str:
    """Whether the first request of each carries the same widget states."""
    if not browser.requests or not emulated.requests:
        return "no request to compare"
    ours, theirs = emulated.requests[0].widgets, browser.requests[0].widgets
    if ours == theirs:
        return f"the same {len(ours)} widget states, same values"
    differ = sorted(key for key in ours.keys() | theirs.keys() if ours.get(key) != theirs.get(key))
    return f"{len(differ)} widget states differ: {', '.join(differ)}"


async def run(url: str, args: argparse.Namespace) -> None:
    """Rounds of a browser and an emulated session playing together, then the comparison."""
    results: list[tuple[str, Summary, float]] = []
    chats: dict[str, Conversation] = {}
    for round_number in range(1, args.rounds + 1):
        print(f"  round {round_number}", file=sys.stderr, flush=True)
        for name, chat, shown in await play_together(url, args):
            chats.setdefault(name, chat)
            label = f"{name} {round_number}" if args.rounds > 1 else name
            results.append((label, summarize(chat, args.skip, args.seconds), shown))
            for error in chat.errors:
                print(f"  {label}: {error}")
    print("\n".join(table(results)))
    print()
    print(f"Widget states of a request: {same_widgets(chats['Chromium'], chats['emulated'])}.")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Both sessions on one server at once, {args.seconds:g} s from {args.skip:g} s after "
        f"Play; {os.cpu_count()} cores, load average {load} at the end; "
        f"{time.strftime('%Y-%m-%d')}."
    )


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured per session")
    parser.add_argument("--skip", type=float, default=1.0, help="seconds after Play not counted")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the pair")
    parser.add_argument("--query", default="", help="URL query string both sessions open")
    args = parser.parse_args()
    if args.url:
        asyncio.run(run(args.url, args))
        return
    log_dir = Path(tempfile.mkdtemp(prefix="load-check-"))
    port = server.free_port()
    options = {"server.fileWatcherType": "none"}
    with open(log_dir / "server.log", "wb") as log:
        process = server.start_streamlit(
            REPO_ROOT / "streamlit_app.py", port, options, log, log_dir / "probe.json"
        )
        try:
            url = f"http://127.0.0.1:{port}"
            server.wait_healthy(url, 60, process)
            asyncio.run(run(url, args))
        finally:
            server.stop(process)


if __name__ == "__main__":
    main()
