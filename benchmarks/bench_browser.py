"""The live view in a real browser: first picture, updates per second, click -> repainted, pace.

Starts `streamlit run streamlit_app.py` (headless, 127.0.0.1, a free port, the repository root as
working directory) or measures a running server (--url), and drives Debian's Chromium (headless,
1440×900) through Playwright. Every time is taken in the page with performance.now() by a probe
installed before the page's scripts (benchmarks/browserlib/probe.js), so Playwright's own round
trips never count:

1. first picture: navigation start to the boundary's first drawn frame (data-frames >= 1), each
   load in a fresh browser context (nothing cached) after one unmeasured load (warm server); bytes:
   Chromium's encodedDataLength of every HTTP response (headers and bodies as received) and the
   payload of every websocket message received, up to the first picture; and when every
   control is drawn (the dataset and learning-rate controls there, no skeleton left);
2. updates per second of every view while playing at default settings: changes of each view's
   data-frames over a window after a warm-up, and whether all views (and the read-outs' "step N")
   show the same training step at instants sampled every 100 ms; with "Show gradients" off and on;
3. click -> repainted: from the input event (pointerup, or keydown on a slider) to the first paint
   after the page shows the result (see browserlib/clicks.py for what the result is per control);
4. training pace: Play at default settings until the read-out shows epoch 100; at the top speed
   (?speed=2000), epochs per drawn frame;
5. websocket bytes received per second while playing (Playwright's framereceived sizes).

Each value is the median over repetitions, with the range. --diagnose also times the server's
script runs (through browserlib/runtimer.py), the live view's receive() and drawing, samples the
page's main thread with Chromium's profiler (whose code ran: Streamlit's, the live view's, other),
loads ?mode=embed and a page holding one v2 component only (browserlib/floor_app.py), and prints
where the time of each measure goes. Its extra work slows the page: take the table from a run
without it.

    python benchmarks/bench_browser.py [--reps 3] [--click-reps 5] [--seconds 8]
        [--url http://127.0.0.1:8501] [--markdown] [--diagnose]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.browserlib import clicks, loads, playing, report, server  # noqa: E402
from benchmarks.browserlib import diagnose as dg  # noqa: E402
from benchmarks.browserlib import page as pg  # noqa: E402
from benchmarks.browserlib.report import row, text_row  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
WARM_UP_S = 2.0  # playing before a window is counted
TOP_SPEED = 2000  # the largest speed setting, steps per frame
VIEW_LABELS = {
    "boundary": ("decision boundary", "58 / 6–8.5"),
    "network": ("neuron maps and edges", "45 / 1.0"),
    "loss": ("loss and accuracy curves", "59 / 1.0"),
    "readouts": ("epoch, loss and accuracy read-outs", "59 / 1.0"),
    "gradients": ("gradient panels", ""),
}
ISSUE_CLICKS = {
    "Step": "8 / 1,250 ms",
    "Reset": "21 / 1,240 ms",
    "+ layer": "22 / 1,320 ms",
    "learning rate, then Step": "instant / 1,880 ms",
}


def measure(
    browser: Any,
    url: str,
    args: argparse.Namespace,
    runs: clicks.Runs | None,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Run every measurement; returns the raw results by name."""
    results: dict[str, Any] = {}
    loads.warm_up(browser, url)
    results["loads"] = [loads.first_load(browser, url, runs=runs) for _ in range(args.reps)]
    log(f"first loads: {[round(x.first_picture_s, 2) for x in results['loads']]} s")
    if args.diagnose:
        embed = [loads.first_load(browser, url, "?mode=embed", runs) for _ in range(args.reps)]
        results["embed"] = embed
    tab = pg.open_tab(browser, url)
    try:
        pg.settle(tab)
        results["pace"], results["plain"] = [], []
        for timing, window in _windows(tab, args, playing.VIEWS, "epoch100"):
            results["pace"].append((timing["t_paint"] - timing["t_event"]) / 1000)
            results["plain"].append(window)
        log(f"playing: {[round(w.updates['boundary']) for w in results['plain']]} updates/s")
        views = playing.GRADIENT_VIEWS
        results["gradients"] = [w for _, w in _windows(tab, args, views, "play", gradients=True)]
        log(f"gradients: {[round(w.updates['gradients']) for w in results['gradients']]} /s")
        playing.reset(tab)
        playing.set_gradients(tab, False)
        results["clicks"] = clicks.run_all(tab, args.click_reps, log, runs)
        anomalies = list(tab.anomalies)
    finally:
        tab.close()
    tab = pg.open_tab(browser, url, f"?speed={TOP_SPEED}")
    try:
        top = argparse.Namespace(**{**vars(args), "seconds": args.seconds / 2, "diagnose": False})
        results["top"] = [w for _, w in _windows(tab, top, playing.VIEWS, "play")]
        playing.reset(tab)
        results["anomalies"] = anomalies + tab.anomalies
    finally:
        tab.close()
    return results


def _windows(
    tab: pg.Tab,
    args: argparse.Namespace,
    views: tuple[str, ...],
    until: str,
    gradients: bool = False,
) -> list[tuple[dict, playing.Window]]:
    """`args.reps` windows of playing from step 0, each after Play reached `until` (and warm-up).

    A Play whose result never showed (the page was reloaded) is tried again, up to twice.
    """
    done: list[tuple[dict, playing.Window]] = []
    for _ in range(args.reps + 2):
        if len(done) == args.reps:
            break
        playing.reset(tab)
        if gradients:
            playing.set_gradients(tab, True)  # again after a reload: a new session starts off
        timing = playing.play(tab, until)
        if timing is None:
            continue
        tab.page.wait_for_timeout(1000 if until == "epoch100" else WARM_UP_S * 1000)
        done.append((timing, playing.window(tab, views, args.seconds, args.diagnose)))
    return done


def floor(browser: Any, work: Path, reps: int) -> list[loads.Load]:
    """First loads of a page with nothing but one v2 component (Streamlit's own floor)."""
    own = server.start(work, time_runs=False, app=server.FLOOR_APP)
    try:
        loads.warm_up(browser, own.url)
        return [loads.first_load(browser, own.url) for _ in range(reps)]
    finally:
        own.stop()


def rows(results: dict) -> list[report.Row]:
    """The table: one row per measure, in the order of the issue."""
    first, plain, top = results["loads"], results["plain"], results["top"]
    table = [
        row("First picture after navigating, warm server", [x.first_picture_s for x in first],
            "s", ("≤", 1.5), "0.23 s / 4.5 s", 2),
        row("Every control drawn after navigating (they follow the first picture)",
            [x.controls_s for x in first if x.controls_s is not None], "s", None, "", 2),
        row("First picture after navigating again, Streamlit's files cached",
            [x.revisit_s for x in first], "s", ("≤", 1.5), "", 2),
        row("Transferred by a first load, until the first picture",
            [x.bytes_until_picture / 1e6 for x in first], "MB", ("≤", 4), "0.52 MB / 11.5 MB", 2),
    ]  # fmt: skip
    for key, title in (("plain", "while playing"), ("gradients", "with Show gradients on")):
        windows = results[key]
        for view in windows[0].updates:
            label, issue = VIEW_LABELS[view]
            issue = issue if key == "plain" else ""
            rates = [w.updates[view] for w in windows]
            table.append(row(f"Updates/s {title}: {label}", rates, "/s", ("≥", 24), issue))
        same = sum(w.same_step[0] for w in windows)
        total = sum(w.same_step[1] for w in windows)
        agree = sum(w.readout_step for w in windows)
        shown = f"{same} of {total} instants ({agree} with the read-outs' step)"
        table.append(
            text_row(f"Same step in every view, {title}", shown, "all", same == agree == total)
        )
    lost = 0
    for case in clicks.CASES:
        timings = [r for r in results["clicks"][case.name] if r is not None]
        missing = len(results["clicks"][case.name]) - len(timings)
        lost += missing
        limit = 400 if case.group == clicks.STRUCTURE else 150
        name = f"Click → repainted: {case.name} ({case.group})"
        name += f", {missing} lost" if missing else ""
        issue = ISSUE_CLICKS.get(case.name, "")
        if case.name == clicks.THEN_STEP:
            # Judged from the Step click; from the slider's key it includes Playwright's click.
            times = [r["t_paint"] - r["t_pointerup"] for r in timings]
            table.append(row(f"{name}, from the Step click", times, "ms", ("≤", limit), issue))
            name = f"{name}, from the slider's key"
            table.append(row(name, [r["t_paint"] - r["t_event"] for r in timings], "ms"))
            continue
        times = [r["t_paint"] - r["t_event"] for r in timings]
        table.append(row(name, times, "ms", ("≤", limit), issue))
    total = sum(len(v) for v in results["clicks"].values())
    shown = f"{lost} of {total}"
    table.append(text_row("Clicks lost (no result within 30 s)", shown, "none", lost == 0))
    table += [
        row("Play → read-out shows epoch 100, default settings", results["pace"], "s",
            ("≤", 5), digits=2),
        row("Training pace while playing, default settings", [w.epochs_per_s for w in plain],
            "epochs/s", issue="~58 / ~4"),
        row(f"Top speed ({TOP_SPEED} steps a frame): epochs per drawn frame",
            [w.epochs_per_frame for w in top], "", ("≥", 1), digits=1),
        row("Top speed: drawn frames/s", [w.updates["boundary"] for w in top], "/s"),
        row("Received per playing student (websocket)", [w.kb_per_s for w in plain], "KB/s",
            ("≤", 40), "0 / ~400 KB/s", 1),
    ]  # fmt: skip
    return table


NOTES = (
    "Times are medians over the repetitions, taken in the page (performance.now()); bytes count "
    "every HTTP response as Chromium received it (headers and bodies) and every websocket message "
    "payload, up to the first picture, in a fresh browser context (1 MB = 10⁶ bytes, "
    "1 KB = 10³ bytes). Click → repainted runs from the input event (pointerup; keydown for a "
    "slider) to the first paint after the result shows."
)


def main() -> None:
    """Parse the options, measure, print the table (and the diagnosis)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="measure a running server instead of starting one")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of loads and windows")
    parser.add_argument("--click-reps", type=int, default=5, help="repetitions of each click")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of a playing window")
    parser.add_argument("--markdown", action="store_true", help="print only the README block")
    parser.add_argument("--diagnose", action="store_true", help="also say where the time goes")
    args = parser.parse_args()
    log = (lambda text: None) if args.markdown else (lambda text: print(text, file=sys.stderr))
    with tempfile.TemporaryDirectory() as work:
        own = None if args.url else server.start(Path(work), time_runs=args.diagnose)
        url = args.url.rstrip("/") if args.url else own.url
        runs = own.runs if own is not None and args.diagnose else None
        try:
            with pg.chromium() as browser:
                results = measure(browser, url, args, runs, log)
                if args.diagnose:
                    results["floor"] = floor(browser, Path(work), args.reps)
        finally:
            if own is not None:
                own.stop()
                if own.tracebacks():
                    print(f"The server logged {own.tracebacks()} traceback(s).", file=sys.stderr)
    table = rows(results)
    print(report.table(table))
    print()
    print(report.verdict(table))
    print()
    print(f"{NOTES} Measured {report.machine(REPO_ROOT)}.")
    if results["anomalies"]:
        print("\nWhile measuring (each time the page was reloaded and the measuring went on):")
    for anomaly in results["anomalies"]:
        print(f"- {anomaly}")
    if args.diagnose:
        print()
        print(dg.report(results))


if __name__ == "__main__":
    main()
