"""Start `streamlit run streamlit_app.py` for the browser benchmark, optionally timing its runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.loadlib.server import free_port, stop, wait_healthy

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "streamlit_app.py"
FLOOR_APP = Path(__file__).with_name("floor_app.py")
RUN_TIMER = Path(__file__).with_name("runtimer.py")
START_TIMEOUT_S = 90.0


@dataclass
class Server:
    """A server this benchmark started: its URL, process, log and (when timed) its run log."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    run_log: Path | None

    def runs(self) -> list[dict]:
        """Script runs the server finished so far (wall-clock start and end, fragment or page)."""
        if self.run_log is None or not self.run_log.exists():
            return []
        lines = self.run_log.read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def tracebacks(self) -> int:
        """How many tracebacks the server logged."""
        return self.log_path.read_text(errors="replace").count("Traceback")

    def stop(self) -> None:
        """Stop the server (SIGINT, then SIGKILL)."""
        stop(self.process)


def start(work_dir: Path, time_runs: bool, app: Path = APP) -> Server:
    """Plain `streamlit run` (headless, 127.0.0.1, a free port) from the repository root.

    With `time_runs`, the same command goes through runtimer.py, which only records when each
    script run starts and ends, for the diagnosis.
    """
    port = free_port()
    options = [
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
    ]
    run_log = work_dir / f"runs-{port}.jsonl" if time_runs else None
    launcher = [str(RUN_TIMER)] if time_runs else ["-m", "streamlit"]
    command = [sys.executable, *launcher, "run", str(app), *options]
    environment = dict(os.environ)
    if run_log is not None:
        environment["BENCH_RUN_LOG"] = str(run_log)
    log_path = work_dir / f"streamlit-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,  # .streamlit/config.toml lives there
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, START_TIMEOUT_S, process)
    except (RuntimeError, TimeoutError):
        stop(process)
        raise
    return Server(url, process, log_path, run_log)
