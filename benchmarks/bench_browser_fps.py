"""Frames painted and flicker of a live chart in headless Chromium, per variant.

Starts the app (default benchmarks/apps/live_demo.py) once per variant, presses Play and,
on every animation frame for N seconds, records whether the chart is present, visible and
not faded, and whether its picture changed (the heatmap image, else the scatter layer).

    python benchmarks/bench_browser_fps.py [--seconds 8] [--fps 10] [--viewers 1]
    python benchmarks/bench_browser_fps.py --app streamlit_app.py --play-selector 'text=Play'
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_APP = REPO_ROOT / "benchmarks" / "apps" / "live_demo.py"
CHROMIUM_CANDIDATES = (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SAMPLE_EVERY_MS = 20
WARMUP_S = 2.0
TARGET_FPS = 8.0
TARGET_BAD_PERCENT = 1.0

# Installed in the page: a requestAnimationFrame loop. Every painted frame checks whether the
# chart's picture changed; every SAMPLE_EVERY_MS it classifies the chart as missing (no plot
# div of visible size), blank (no picture yet), faded (ancestors' opacity < 0.99) or fine.
SAMPLER_JS = """
([selector, sampleEveryMs]) => {
  const m = { samples: 0, missing: 0, blank: 0, faded: 0, changes: 0,
              last: null, lastSample: 0, running: true };
  const opacity = (el) => {
    let value = 1;
    for (; el; el = el.parentElement) value *= parseFloat(getComputedStyle(el).opacity);
    return value;
  };
  const picture = (gd) => {
    const image = gd.querySelector('.heatmaplayer image');
    if (image) return image.getAttribute('href') || image.getAttribute('xlink:href');
    const layer = gd.querySelector('.scatterlayer');
    return layer && layer.childElementCount ? layer.innerHTML : null;
  };
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width >= 10 && box.height >= 10 && getComputedStyle(el).visibility !== 'hidden';
  };
  const tick = (now) => {
    if (!m.running) return;
    // A replaced st.plotly_chart briefly has two plot divs, one of them zero-sized.
    const gd = [...document.querySelectorAll(selector)].find(shown);
    const seen = gd ? picture(gd) : null;
    if (seen && seen !== m.last) { m.changes += 1; m.last = seen; }
    if (now - m.lastSample >= sampleEveryMs) {
      m.lastSample = now;
      m.samples += 1;
      if (!gd) m.missing += 1;
      else if (!seen) m.blank += 1;
      else if (opacity(gd) < 0.99) m.faded += 1;
    }
    requestAnimationFrame(tick);
  };
  window.__bench = m;
  requestAnimationFrame(tick);
}
"""
STOP_SAMPLER_JS = "() => { window.__bench.running = false; return window.__bench; }"


@dataclass(frozen=True)
class Variant:
    """One app configuration to measure."""

    name: str
    query: str


@dataclass
class Result:
    """What one variant delivered over the measuring window."""

    variant: str
    seconds: float
    changes: int = 0
    samples: int = 0
    missing: int = 0
    blank: int = 0
    faded: int = 0
    reruns: int | None = None
    ws_bytes: int = 0
    server_cpu_s: float = 0.0
    browser_busy_s: float = 0.0
    viewers: int = 1

    def percent(self, count: int) -> float:
        """Count as a percentage of all samples."""
        return 100.0 * count / max(self.samples, 1)

    @property
    def fps(self) -> float:
        """Visibly changed frames per second, per viewer."""
        return self.changes / self.seconds / self.viewers


def demo_variants(fps: float) -> list[Variant]:
    """Baseline st.plotly_chart against the component at 1, 5 and 10 frames per rerun."""
    return [
        Variant("st.plotly_chart in fragment", f"variant=plotly_chart&fps={fps:g}"),
        Variant("live_chart, 1 frame/rerun", f"variant=component&fps={fps:g}&batch=1"),
        Variant("live_chart, 5 frames/rerun", f"variant=component&fps={fps:g}&batch=5"),
        Variant("live_chart, 10 frames/rerun", f"variant=component&fps={fps:g}&batch=10"),
    ]


def find_chromium() -> Path:
    """The Debian Chromium binary (Playwright's own browser download fails here)."""
    for candidate in CHROMIUM_CANDIDATES:
        if candidate.is_file():
            return candidate
    sys.exit("Chromium not found: apt-get install chromium")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_streamlit(app: Path, port: int, log: Any) -> subprocess.Popen[bytes]:
    """`streamlit run APP` from the repository root (where .streamlit/config.toml lives)."""
    options = f"--server.headless true --server.address 127.0.0.1 --server.port {port}"
    command = [sys.executable, "-m", "streamlit", "run", str(app), *options.split()]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"Streamlit did not start for {app}; see {log.name}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server's process group (started in its own session)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process from /proc (no psutil needed)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of stat(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def read_runs(page: Page) -> int | None:
    """The demo's 'runs: N' caption (None for apps without one)."""
    match = re.search(r"runs: (\d+)", page.locator("body").inner_text())
    return int(match.group(1)) if match else None


def task_seconds(cdp: Any) -> float:
    """Seconds the page's main thread has spent in tasks so far (DevTools metric)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(metric["value"] for metric in metrics if metric["name"] == "TaskDuration")


def measure(
    browser: Any, app: Path, variant: Variant, args: argparse.Namespace, log_dir: Path
) -> Result:
    """Start a server, let `args.viewers` pages play for warm-up + args.seconds, sample them."""
    port = free_port()
    log_path = log_dir / f"{port}.log"
    result = Result(variant.name, args.seconds, viewers=args.viewers)
    with log_path.open("wb") as log:
        server = start_streamlit(app, port, log)
    received = {"bytes": 0, "counting": False}

    def count_frame(payload: str | bytes) -> None:
        if received["counting"]:
            received["bytes"] += len(payload)

    try:
        contexts, pages, cdps = [], [], []
        for _ in range(args.viewers):
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            page = context.new_page()
            page.on("websocket", lambda ws: ws.on("framereceived", count_frame))
            page.goto(f"http://127.0.0.1:{port}/?{variant.query}")
            page.wait_for_selector(f"{args.chart_selector} .main-svg", timeout=60_000)
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")
            contexts.append(context)
            pages.append(page)
            cdps.append(cdp)
        for page in pages:
            page.locator(args.play_selector).first.click()
        # Playwright's sync API delivers events (websocket frames) only while it waits.
        pages[0].wait_for_timeout(WARMUP_S * 1000)

        runs_before = [read_runs(page) for page in pages]
        tasks_before = [task_seconds(cdp) for cdp in cdps]
        cpu_before = cpu_seconds(server.pid)
        for page in pages:
            page.evaluate(SAMPLER_JS, [args.chart_selector, SAMPLE_EVERY_MS])
        received["counting"] = True
        pages[0].wait_for_timeout(args.seconds * 1000)
        received["counting"] = False
        samples = [page.evaluate(STOP_SAMPLER_JS) for page in pages]
        result.server_cpu_s = cpu_seconds(server.pid) - cpu_before
        result.browser_busy_s = sum(task_seconds(c) for c in cdps) - sum(tasks_before)
        runs_after = [read_runs(page) for page in pages]

        for sample in samples:
            for field in ("changes", "samples", "missing", "blank", "faded"):
                setattr(result, field, getattr(result, field) + sample[field])
        if None not in runs_before + runs_after:
            result.reruns = sum(runs_after) - sum(runs_before)
        result.ws_bytes = received["bytes"]
        for context in contexts:
            context.close()
    finally:
        stop(server)
    return result


def print_table(results: list[Result], fps: float) -> None:
    """Markdown table, one row per variant."""
    print(
        f"\n{fps:g} fps target, {results[0].seconds:g} s per variant, "
        f"{results[0].viewers} viewer(s); percentages are of {SAMPLE_EVERY_MS} ms samples\n"
    )
    print(
        "| variant | delivered fps | missing % | blank % | faded % | reruns/s "
        "| payload/rerun | server CPU/rerun | server cores | browser busy |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        rate = f"{r.reruns / r.seconds:.1f}" if r.reruns else "n/a"
        payload = f"{r.ws_bytes / r.reruns / 1024:.0f} KiB" if r.reruns else "n/a"
        per_rerun = f"{1000 * r.server_cpu_s / r.reruns:.0f} ms" if r.reruns else "n/a"
        busy = r.browser_busy_s / r.seconds / r.viewers
        print(
            f"| {r.variant} | {r.fps:.1f} | {r.percent(r.missing):.1f} | {r.percent(r.blank):.1f} "
            f"| {r.percent(r.faded):.1f} | {rate} | {payload} | {per_rerun} "
            f"| {r.server_cpu_s / r.seconds:.2f} | {busy:.2f} |"
        )


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, help="app to measure instead of the demo variants")
    parser.add_argument("--play-selector", default='label:has-text("Play")')
    parser.add_argument("--chart-selector", default=".js-plotly-plot")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--fps", type=float, default=10.0, help="target fps of the demo")
    parser.add_argument("--viewers", type=int, default=1, help="pages playing at once")
    parser.add_argument("--only", help="run only demo variants whose name contains this")
    return parser.parse_args()


def main() -> None:
    """Measure every variant, print the table and the verdict against the targets."""
    args = parse_args()
    if args.app:
        app, variants = args.app.resolve(), [Variant(args.app.name, "")]
    else:
        app, variants = DEMO_APP, demo_variants(args.fps)
    if args.only:
        variants = [variant for variant in variants if args.only in variant.name]
    results = []
    with tempfile.TemporaryDirectory() as log_dir, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(find_chromium()), args=CHROMIUM_ARGS
        )
        for variant in variants:
            print(f"measuring {variant.name} ...", flush=True)
            results.append(measure(browser, app, variant, args, Path(log_dir)))
        browser.close()
    print_table(results, args.fps)
    for r in results:
        if r.variant.startswith("live_chart"):
            bad = r.percent(r.missing + r.blank + r.faded)
            ok = r.fps >= TARGET_FPS and bad < TARGET_BAD_PERCENT
            verdict = "meets" if ok else "MISSES"
            print(
                f"{r.variant}: {verdict} the target (>= {TARGET_FPS:g} fps, "
                f"< {TARGET_BAD_PERCENT:g} % missing/blank/faded): {r.fps:.1f} fps, {bad:.1f} %"
            )


if __name__ == "__main__":
    main()
