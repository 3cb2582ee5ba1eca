"""Where the server's time goes during a load window: py-spy samples turned into ms per request.

py-spy (`pip install py-spy`, not a requirement of the app) samples the server without stopping
it; with --gil only the thread holding the GIL, i.e. where the process's Python time goes. Each
sample's share of all samples, times the server's CPU seconds from /proc, becomes milliseconds
per "more" request answered and per frame sent in the window: once by bucket (training, frame
contents, the live-view element, Streamlit's script run, its server thread), once by function.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from benchmarks.loadlib.report import Traffic

RATE_HZ = 100
TOP = 15
# Each sample (the stack of the thread holding the GIL) goes to the first bucket whose marker
# is in its stack, so a bucket counts its callees, Streamlit's code for it included.
BUCKETS = (
    ("training: Trainer.step (mini-batch steps, history row)", "Trainer.step (engine/"),
    ("frame contents: frames.frame (parameters, gradients, base64)", "frame (playground/live/fr"),
    (
        "live-view element: component.render (Streamlit's bidi component)",
        "render (playground/live/c",
    ),
    ("other app code in the run (state, settings, controls)", "playground/"),
    ("Streamlit script run: runner, session state, widgets, deltas", "streamlit/runtime/script"),
    ("Streamlit server: sessions, message queue, websocket writes", "streamlit/"),
    ("Tornado / asyncio event loop", "tornado/"),
    ("Tornado / asyncio event loop", "asyncio/"),
)
# Frames every stack passes through: threads, event loops, the command line (no information).
PLUMBING = re.compile(
    r"^(Thread\.|_bootstrap|BaseEventLoop\.|Runner\.run|run \(asyncio|Handle\._run|"
    r"Context\.invoke|Command\.|Group\.invoke|main_run|_main_run|_run_server_loop|"
    r"<module>|_run_code|_run_module_as_main|main \()"
)


class Profiler:
    """py-spy on the server for one window (no-op without a folder or without py-spy)."""

    def __init__(self, folder: Path | None, name: str) -> None:
        self.folder = folder
        self.name = name
        self._process: subprocess.Popen[bytes] | None = None
        self._output: Path | None = None

    def start(self, pid: int | None, seconds: float) -> None:
        """Begin sampling pid for `seconds`."""
        if self.folder is None or pid is None:
            return
        if shutil.which("py-spy") is None:
            raise SystemExit("--profile needs py-spy: pip install py-spy")
        self.folder.mkdir(parents=True, exist_ok=True)
        self._output = self.folder / f"profile-{self.name}.txt"
        command = ["py-spy", "record", "--pid", str(pid), "--duration", str(int(seconds))]
        command += ["--rate", str(RATE_HZ), "--format", "raw", "--nonblocking", "--gil"]
        command += ["--output", str(self._output)]
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def finish(self, seen: Traffic, server_cpu_s: float) -> None:
        """Wait for py-spy and print the top functions per request and per frame."""
        if self._process is None or self._output is None:
            return
        self._process.wait(timeout=120)
        stacks = read_raw(self._output)
        requests = len(seen.latency_ms)
        frames = round(seen.frames_per_answer * requests)
        lines = summary(stacks, requests, frames, server_cpu_s)
        report_file = self._output.with_suffix(".md")
        report_file.write_text("\n".join(lines) + "\n")
        print("\n".join(lines), flush=True)


def read_raw(path: Path) -> Counter[tuple[str, ...]]:
    """py-spy's raw (collapsed) output: stack (outermost first) -> samples."""
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks[tuple(stack.split(";"))] += int(count)
    return stacks


def function(frame: str) -> str:
    """A py-spy frame "name (file.py:line)" without its line: one entry per function."""
    return re.sub(r":\d+\)$", ")", frame)


def summary(
    stacks: Counter[tuple[str, ...]], requests: int, frames: int, server_cpu_s: float
) -> list[str]:
    """The buckets, then the TOP functions (callees included), as Markdown tables."""
    total = sum(stacks.values())
    buckets: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for stack, count in stacks.items():
        text = ";".join(stack)
        label = next((name for name, marker in BUCKETS if marker in text), "other")
        buckets[label] += count
        for name in {function(frame) for frame in stack}:
            if not PLUMBING.match(name):
                inclusive[name] += count
    lines = [
        f"Server profile (py-spy --gil, {RATE_HZ} Hz): {total} samples; {server_cpu_s:.1f} CPU s "
        f"in /proc over the window, {requests} requests answered, {frames} frames sent.",
    ]
    for title, counts in (
        ("where the time goes", buckets),
        ("function, callees included", inclusive),
    ):
        lines += [
            "",
            f"| {title} | share | ms per request | ms per frame |",
            "|---|---:|---:|---:|",
        ]
        for name, count in counts.most_common(TOP):
            share = count / total if total else 0.0
            per_request = 1000 * share * server_cpu_s / max(requests, 1)
            per_frame = 1000 * share * server_cpu_s / max(frames, 1)
            lines.append(f"| `{name}` | {share:.1%} | {per_request:.2f} | {per_frame:.3f} |")
    return lines
