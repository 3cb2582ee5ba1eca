"""Where a click's time goes: browser, websocket, the server's script run, Streamlit's frontend, us.

Needs the server started through runtimer.py (script run times on the wall clock) and the page's
probe (websocket message times, the live view's receive(), long tasks), all on one machine: the
page's performance.timeOrigin + now() and the server's time.time() are the same clock.
"""

from __future__ import annotations

import statistics
from typing import Any

from benchmarks.browserlib import page as pg

METRICS = ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "TaskDuration")
PROFILE_INTERVAL_US = 250
LIVE_NAMES = {"paintOutput", "paintUnit", "forward", "_draw", "_readouts", "floats"}
PROFILE_KINDS = ("Streamlit JS", "live view JS", "other JS", "(garbage collector)", "(program)")
PARTS = (
    "input → message sent",
    "sent → script starts",
    "script runs",
    "last script end → live view receives",
    "our receive() + drawing",
    "→ painted",
)


def _counters(tab: pg.Tab) -> dict[str, float]:
    metrics = tab.cdp.send("Performance.getMetrics")["metrics"]
    return {m["name"]: m["value"] for m in metrics if m["name"] in METRICS}


def begin(tab: pg.Tab) -> dict[str, float]:
    """Start the sampling profiler; Chromium's main-thread counters now (ms)."""
    if tab.cdp is None:
        tab.cdp = tab.context.new_cdp_session(tab.page)
        tab.cdp.send("Performance.enable")
        tab.cdp.send("Profiler.enable")
        tab.cdp.send("Profiler.setSamplingInterval", {"interval": PROFILE_INTERVAL_US})
    tab.cdp.send("Profiler.start")
    return _counters(tab)


def end(tab: pg.Tab, before: dict[str, float]) -> dict[str, float]:
    """Stop the profiler: ms of main-thread time by whose code ran, and the counters' growth."""
    profile = tab.cdp.send("Profiler.stop")["profile"]
    after = _counters(tab)
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    # The live view's code is one script without a URL; its scriptId is the one that holds its
    # drawing functions. Playwright's injected code and the probe are other scripts.
    ours = {frame["scriptId"] for frame in nodes.values() if frame["functionName"] in LIVE_NAMES}
    spent = {name: 1000 * (after[name] - before[name]) for name in after}
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[sample]
        if frame["functionName"] in ("(idle)", "(root)"):
            continue
        if frame["functionName"] in ("(program)", "(garbage collector)"):
            kind = frame["functionName"]
        elif "/static/js/" in frame["url"]:
            kind = "Streamlit JS"
        elif frame["scriptId"] in ours or frame["url"].startswith("blob:"):
            kind = "live view JS"
        else:
            kind = "other JS"
        spent[kind] = spent.get(kind, 0.0) + delta / 1000
    return spent


def parts(
    tab: pg.Tab, result: dict[str, Any], runs: list[dict], before: dict[str, float]
) -> dict[str, float]:
    """Split one measured click (probe timings, ms) into its parts, in ms."""
    split = end(tab, before)
    t_event, t_change, t_paint = result["t_event"], result["t_change"], result["t_paint"]
    origin = tab.eval("() => performance.timeOrigin")
    ws = tab.eval("() => window.__nnpBench.ws")
    receives = tab.eval("() => (window.__nnpBench.liveLog || {receive: []}).receive")
    sent = [t for t, _ in ws["sent"] if t >= t_event]
    on_page = [(r["start"] * 1000 - origin, r["end"] * 1000 - origin, r["fragment"]) for r in runs]
    mine = [r for r in on_page if sent and r[1] >= sent[0] and r[0] <= t_change]
    inside = [r for r in receives if t_event <= r[0] <= t_change]
    split["→ painted"] = t_paint - t_change
    if sent:
        split["input → message sent"] = sent[0] - t_event
    if mine:
        split["sent → script starts"] = mine[0][0] - sent[0]
        split["script runs"] = sum(end - begin for begin, end, _ in mine)
        split["runs"] = len(mine)
        split["full-page runs"] = sum(1 for r in mine if not r[2])
    if inside:
        last = inside[-1]
        split["our receive() + drawing"] = last[1]
        if mine:
            split["last script end → live view receives"] = last[0] - mine[-1][1]
    return split


def summary(splits: list[dict[str, float]]) -> dict[str, float]:
    """Median of every part over the repetitions that had it."""
    names = {name for split in splits for name in split}
    return {
        name: statistics.median([s[name] for s in splits if name in s]) for name in sorted(names)
    }


def describe(name: str, split: dict[str, float]) -> str:
    """One line: a click's median parts, the main thread's time by whose code, the run count."""
    shown = [f"{part} {split[part]:.0f}" for part in PARTS if part in split]
    threads = ", ".join(f"{kind} {split.get(kind, 0):.0f}" for kind in PROFILE_KINDS)
    styles = (
        f"style {split.get('RecalcStyleDuration', 0):.0f}, "
        f"layout {split.get('LayoutDuration', 0):.0f}"
    )
    runs = f"{split.get('runs', 0):.0f} script runs ({split.get('full-page runs', 0):.0f} full)"
    return f"- {name}: {'; '.join(shown)} ms; main thread: {threads}; {styles} ms; {runs}"


MARKS = (
    ("response_end", "document received"),
    ("dom_ready", "DOMContentLoaded"),
    ("ws_open", "websocket open"),
    ("ws_first_message", "first websocket message"),
    ("live_element", "live view's element in the page"),
    ("live_code", "live view's code installed"),
    ("first_picture", "first picture drawn"),
    ("first_picture_painted", "painted"),
)


LAZY = (
    ("files", "files"),
    ("first_requested", "first requested at"),
    ("last_finished", "last received at"),
    ("component_loaded", "the component's code (BidiComponent) received at"),
    ("loader_requested", "the live view's loader (blob: module) requested at"),
)


DOCUMENT = (
    ("files", "files"),
    ("tail", "median from a file's headers to its last byte"),
    ("last_finished", "last received at"),
)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _load_lines(title: str, first: list[Any]) -> list[str]:
    def marks(key: str) -> str:
        shown = []
        for mark, label in MARKS:
            values = [getattr(x, key)[mark] for x in first if mark in getattr(x, key)]
            if values:
                shown.append(f"{label} {_median(values):.0f}")
        return ", ".join(shown)

    lines = [f"- {title}: {marks('marks')} ms after navigation start"]
    lines.append(f"  - loaded again, Streamlit's files cached: {marks('revisit')} ms")
    files = [x.document_files for x in first if x.document_files]
    if files:
        parts = [f"{label} {_median([z[key] for z in files]):.0f}" for key, label in DOCUMENT]
        lines.append(f"  - the document's own files: {', '.join(parts)} ms")
    lazy = [x.lazy_scripts for x in first if x.lazy_scripts]
    if lazy:
        parts = [f"{label} {_median([z[key] for z in lazy]):.0f}" for key, label in LAZY]
        lines.append(f"  - JavaScript fetched once the elements arrived: {', '.join(parts)} ms")
    kinds = sorted({k for x in first for k in x.until_picture})
    sizes = [f"{k} {_median([x.until_picture.get(k, 0) / 1e6 for x in first]):.2f}" for k in kinds]
    lines.append(f"  - MB until the first picture: {', '.join(sizes)}; websocket compression: "
                 f"{first[0].ws_extensions}")  # fmt: skip
    runs = [end - start for x in first for start, end in x.server_runs[:1]]
    if runs:
        lines.append(f"  - the page's first script run on the server: {_median(runs):.0f} ms")
    largest = ", ".join(f"{size / 1e6:.2f} MB {name}" for size, name in first[0].largest)
    lines.append(f"  - largest responses: {largest}")
    return lines


def _window_lines(title: str, windows: list[Any]) -> list[str]:
    d = [w.diagnosis for w in windows if w.diagnosis]
    if not d:
        return []

    def q(key: str) -> str:
        values = [x[key] for x in d if x.get(key)]
        if not values:
            return "n/a"
        return f"{_median([v[0] for v in values]):.1f} (p90 {_median([v[1] for v in values]):.1f})"

    kinds = (*PROFILE_KINDS, "RecalcStyleDuration", "LayoutDuration")
    threads = {k: _median([x["main_thread_ms_per_s"].get(k, 0) for x in d]) for k in kinds}
    return [
        f"- {title}: animation frames {_median([w.animation_fps for w in windows]):.1f}/s, "
        f"queue empty at {100 * _median([w.queue_empty for w in windows]):.0f} % of instants; "
        f"drawing a frame {q('draw_ms')} ms; receive() {q('receive_ms')} ms; request → answer "
        f"{q('round_trip_ms')} ms; frames per answer {q('frames_per_answer')}; "
        f"{_median([x['answers_per_s'] for x in d]):.1f} answers/s; main thread per second: "
        + ", ".join(f"{k.replace('Duration', '')} {v:.0f} ms" for k, v in threads.items())
        + f"; long tasks {100 * _median([x['long_task_share'] for x in d]):.0f} % of the time"
    ]


def report(results: dict[str, Any]) -> str:
    """The diagnosis: first loads, playing windows and every click, split into their parts."""
    lines = ["Where the time goes (medians):"]
    lines += _load_lines("first load", results["loads"])
    if results.get("embed"):
        lines += _load_lines("first load of ?mode=embed (the live area alone)", results["embed"])
    if results.get("floor"):
        lines += _load_lines("first load of a page with one v2 component only", results["floor"])
    lines += _window_lines("playing", results["plain"])
    lines += _window_lines("playing with Show gradients on", results["gradients"])
    for name, timings in results["clicks"].items():
        splits = [t["parts"] for t in timings if "parts" in t]
        if splits:
            lines.append(describe(name, summary(splits)))
    return "\n".join(lines)
