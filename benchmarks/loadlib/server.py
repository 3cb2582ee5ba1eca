"""Start and stop a Streamlit server for a load run, and read its CPU time and memory from /proc."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

LAUNCHER = Path(__file__).with_name("launch.py")
MB = 1024 * 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_streamlit(
    app: Path, port: int, options: dict[str, str], log: IO[bytes], probe_file: Path, nice: int = 0
) -> subprocess.Popen[bytes]:
    """`streamlit run app` on 127.0.0.1:port from the app's folder (its .streamlit/config.toml)."""
    # Every thread the server starts inherits the niceness (below 0 needs root).
    command = ["nice", "-n", str(nice)] if nice else []
    command += [sys.executable, str(LAUNCHER), "run", str(app)]
    settings = {
        "server.headless": "true",
        "server.address": "127.0.0.1",
        "server.port": str(port),
        "browser.gatherUsageStats": "false",
        **options,
    }
    command += [f"--{name}={value}" for name, value in settings.items()]
    environment = {**os.environ, "LOAD_PROBE_FILE": str(probe_file)}
    return subprocess.Popen(
        command, cwd=app.parent, stdout=log, stderr=subprocess.STDOUT, env=environment
    )


def wait_healthy(url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    """Block until GET /_stcore/health answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not become healthy in {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGINT (Streamlit's clean shutdown), then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/<pid>/stat fields 14 and 15)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name may contain spaces
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU seconds all cores of the machine have been busy (/proc/stat: all but idle, iowait)."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLOCK_TICKS


def cpu_pressure_seconds() -> float:
    """Time some runnable task waited for a CPU (/proc/pressure/cpu "some" total), 0 if absent."""
    path = Path("/proc/pressure/cpu")
    if not path.exists():
        return 0.0
    fields = dict(item.split("=") for item in path.read_text().splitlines()[0].split()[1:])
    return int(fields["total"]) / 1e6


def rss_bytes(pid: int) -> int:
    """Resident set size of a process (/proc/<pid>/statm, second field)."""
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE


def probe(pid: int, probe_file: Path, timeout: float = 20.0) -> dict[str, Any] | None:
    """Ask a launch.py server what is still alive (SIGUSR1); None if it does not answer."""
    probe_file.unlink(missing_ok=True)
    os.kill(pid, signal.SIGUSR1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe_file.exists():
            return json.loads(probe_file.read_text())
        time.sleep(0.1)
    return None


def children(pid: int) -> list[int]:
    """Direct child processes (nginx's workers under its master)."""
    listing = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in listing.read_text().split()] if listing.exists() else []


def descendants(pid: int, skip: set[int]) -> list[int]:
    """Every process below pid, except the subtrees of the pids in `skip`."""
    found, todo = [], [child for child in children(pid) if child not in skip]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            todo += [child for child in children(current) if child not in skip]
        except OSError:  # it has just exited
            continue
    return found


def tree_cpu_seconds(pid: int, skip: set[int]) -> float:
    """CPU seconds of a process and its live descendants (not those in `skip`)."""
    total = 0.0
    for member in [pid, *descendants(pid, skip)]:
        try:
            total += cpu_seconds(member)
        except OSError:
            continue
    return total


def pids_from_files(paths: list[Path]) -> list[int]:
    """Process ids in pid files (deploy/start.sh writes one per process), with their children."""
    pids = [int(path.read_text().split()[0]) for path in paths]
    return pids + [child for pid in pids for child in children(pid)]


@dataclass
class Target:
    """The server(s) under load: base URL and the process ids whose CPU and memory count."""

    url: str
    pids: list[int]
    processes: range = range(1)  # server processes to warm up
    probe_file: Path | None = None  # set when this script started the server through launch.py
    skip: set[int] = field(default_factory=set)  # processes that are not the load generator

    def cpu_seconds(self) -> float:
        """CPU seconds used so far by all server processes."""
        return sum(cpu_seconds(pid) for pid in self.pids)

    def resident_mb(self) -> float:
        """Resident memory of all server processes, MB (0 when no pid is known)."""
        return sum(rss_bytes(pid) for pid in self.pids) / MB

    def probe(self) -> tuple[str, float | None]:
        """AppSessions alive (as found, after gc) and the RSS (MB) after malloc_trim, if probed."""
        if self.probe_file is None:
            return "n/a", None
        found = probe(self.pids[0], self.probe_file)
        if found is None:
            return "no answer", None
        alive, collected = found["found"]["AppSession"], found["collected"]["AppSession"]
        text = str(alive) if alive == collected else f"{alive} ({collected} after gc)"
        trimmed = found.get("rss_trimmed")
        return text, trimmed / MB if trimmed else None


@dataclass(frozen=True)
class Counters:
    """CPU counters read at one moment: the server, the load generator, the whole machine."""

    at: float
    server: float
    client: float  # this process and its children (Chromium), not the server
    machine: float
    pressure: float  # time some runnable task waited for a CPU

    @classmethod
    def read(cls, target: Target) -> Counters:
        """Read them now."""
        return cls(
            at=time.monotonic(),
            server=target.cpu_seconds(),
            client=tree_cpu_seconds(os.getpid(), target.skip),
            machine=machine_busy_seconds(),
            pressure=cpu_pressure_seconds(),
        )
