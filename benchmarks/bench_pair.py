"""Two versions of the page side by side: first loads and clicks, alternating between them.

A change that saves 20 ms per click is smaller than the drift of a shared machine between two
benchmark runs. This script starts one server per version (each from `git archive` of its
commit; the working tree when --head is not given) and measures them turn about in one browser:
base then head in odd repetitions, head then base in even ones, so the machine's load falls on
both alike. Each repetition pairs one base value with one head value; the last column is the
median of the paired differences (head − base). First picture and click → repainted are measured
as `bench_browser.py` measures them (browserlib/loads.py and browserlib/clicks.py).

    python benchmarks/bench_pair.py --base bf7b7a5 [--head HEAD] [--reps 10] [--loads 6]
        [--cases Step,Pause,optimizer,regularization]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks.browserlib import clicks, loads, report, server  # noqa: E402
from benchmarks.browserlib import page as pg  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
SIDES = ("base", "head")


def checkout(revision: str | None, into: Path) -> Path:
    """The app's files at a commit (exported into `into`), or the working tree for None."""
    if revision is None:
        return REPO_ROOT
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", revision], cwd=REPO_ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def turns(rep: int) -> tuple[int, int]:
    """Which side goes first in a repetition: base, head, then head, base, ..."""
    return (0, 1) if rep % 2 == 0 else (1, 0)


def measure_loads(browser: Any, urls: list[str], reps: int) -> list[list[loads.Load]]:
    """First loads, per side, per repetition."""
    for url in urls:
        loads.warm_up(browser, url)
    values: list[list[loads.Load]] = [[], []]
    for rep in range(reps):
        for side in turns(rep):
            values[side].append(loads.first_load(browser, urls[side]))
    return values


def load_rows(first: list[list[loads.Load]]) -> list[str]:
    """The first picture, and the milestones before it that the server's files decide."""

    def pick(value: Any) -> list[list[float | None]]:
        return [[value(load) for load in side] for side in first]

    return [
        row("First picture, warm server", pick(lambda x: x.first_picture_s), 2, "s"),
        row("First load: DOMContentLoaded", pick(lambda x: x.marks["dom_ready"]), 0, "ms"),
        row(
            "First load: a file's headers → last byte (median of the document's files)",
            pick(lambda x: x.document_files.get("tail")),
            0,
            "ms",
        ),
    ]


def measure_clicks(
    browser: Any, urls: list[str], reps: int, cases: list[clicks.Case]
) -> dict[str, list[list[float | None]]]:
    """Click -> repainted in ms, per case, per side, per repetition (None: lost)."""
    tabs = [pg.open_tab(browser, url) for url in urls]
    values: dict[str, list[list[float | None]]] = {case.name: [[], []] for case in cases}
    try:
        for tab in tabs:
            pg.settle(tab)
        for rep in range(reps):
            for case in cases:
                for side in turns(rep):
                    result = clicks.run_case(tabs[side], case, rep, None)
                    took = None if result is None else result["t_paint"] - result["t_event"]
                    values[case.name][side].append(took)
    finally:
        for tab in tabs:
            tab.close()
    return values


def row(name: str, pair: list[list[float | None]], digits: int, unit: str) -> str:
    """One table row: each side's median (range), and the median paired difference."""
    cells = []
    for side in pair:
        kept = [value for value in side if value is not None]
        lost = len(side) - len(kept)
        cell = report.row(name, kept, unit, digits=digits).cell()  # "1.88 s (1.75–2.28)"
        cells.append(cell + (f", {lost} lost" if lost else ""))
    both = [(b, h) for b, h in zip(*pair, strict=True) if b is not None and h is not None]
    difference = float(np.median([h - b for b, h in both]))
    return f"| {name} | {cells[0]} | {cells[1]} | {difference:+.{digits}f} {unit} |"


def main() -> None:
    """Parse the options, measure both versions turn about, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare against")
    parser.add_argument("--head", help="the commit to measure (default: the working tree)")
    parser.add_argument("--reps", type=int, default=10, help="repetitions of each click")
    parser.add_argument("--loads", type=int, default=6, help="first loads of each version")
    parser.add_argument(
        "--cases", default="Step,Pause,optimizer,regularization", help="clicks, by name"
    )
    args = parser.parse_args()
    names = args.cases.split(",") if args.cases else []
    unknown = set(names) - {case.name for case in clicks.CASES}
    if unknown:
        parser.error(f"no such click: {', '.join(sorted(unknown))}")
    # Pause needs Play before it in each repetition, as in bench_browser.py.
    wanted = set(names) | ({"Play"} if "Pause" in names else set())
    cases = [case for case in clicks.CASES if case.name in wanted]
    with tempfile.TemporaryDirectory() as work:
        folders = [
            checkout(args.base, Path(work) / "base"),
            checkout(args.head, Path(work) / "head"),
        ]
        servers = [
            server.start(Path(work), False, app=folder / "streamlit_app.py") for folder in folders
        ]
        try:
            urls = [own.url for own in servers]
            with pg.chromium() as browser:
                first = measure_loads(browser, urls, args.loads) if args.loads else None
                clicked = measure_clicks(browser, urls, args.reps, cases)
        finally:
            for own in servers:
                own.stop()
        tracebacks = [own.tracebacks() for own in servers]
    head = args.head or "the working tree"
    print(f"| measure | base: {args.base} | head: {head} | head − base (paired) |")
    print("|---|---:|---:|---:|")
    if first is not None:
        print("\n".join(load_rows(first)))
    for name, pair in clicked.items():
        print(row(f"Click → repainted: {name}", pair, 0, "ms"))
    print()
    counts = f"{args.loads} first loads and " if args.loads else ""
    print(
        f"Medians (range) of {counts}{args.reps} clicks per version, taken turn about. "
        f"Measured {report.machine(REPO_ROOT)}."
    )
    if any(tracebacks):
        print(f"The servers logged {tracebacks} traceback(s).", file=sys.stderr)


if __name__ == "__main__":
    main()
