"""Shared fixtures for real-browser tests: Chromium, a Streamlit server, a Playwright page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
LIVE_DEMO_APP = REPO_ROOT / "benchmarks" / "apps" / "live_demo.py"
APP = REPO_ROOT / "streamlit_app.py"
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
SERVER_START_TIMEOUT_S = 60.0
VIEWPORT = {"width": 1200, "height": 900}


def unavailable(reason: str) -> None:
    """Skip locally; under CI a missing browser must fail instead of passing silently."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def find_chromium() -> Path | None:
    """The Debian Chromium binary, if installed."""
    for candidate in CHROMIUM_CANDIDATES:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Poll Streamlit's health endpoint until it answers; fail with the server log otherwise."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    log_tail = log_path.read_text(errors="replace")[-3000:]
    pytest.fail(f"Streamlit did not become healthy at {url}\n{log_tail}", pytrace=False)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server's process group (it was started in its own session)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def launch_streamlit(
    app: Path | str, log_dir: Path, *extra_args: str
) -> tuple[subprocess.Popen[bytes], str, Path]:
    """Start `streamlit run APP` on a free port; return the process, its base URL and its log."""
    port = free_port()
    log_path = log_dir / f"streamlit-{port}.log"
    options = f"--server.headless true --server.address 127.0.0.1 --server.port {port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        *options.split(),
        *extra_args,
    ]
    with log_path.open("wb") as log:
        # The repository root as working directory: .streamlit/config.toml lives there.
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log_path)
    except BaseException:
        stop_process(process)
        raise
    return process, url, log_path


@pytest.fixture
def streamlit_server(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Factory: start `streamlit run APP` on a free port, return its base URL; stop at teardown."""
    started: list[subprocess.Popen[bytes]] = []

    def start(app: Path | str, *extra_args: str) -> str:
        process, url, _ = launch_streamlit(app, tmp_path, *extra_args)
        started.append(process)
        return url

    yield start
    for process in started:
        stop_process(process)
    # A traceback the page never showed (a fragment that died, a callback) is still a failure.
    for log_path in sorted(tmp_path.glob("streamlit-*.log")):
        log = log_path.read_text(errors="replace")
        if "Traceback" in log:
            pytest.fail(f"the server logged a traceback:\n{log[-4000:]}", pytrace=False)


@pytest.fixture
def live_demo_url(streamlit_server: Callable[..., str]) -> str:
    """Base URL of a fresh benchmarks/apps/live_demo.py server."""
    return streamlit_server(LIVE_DEMO_APP)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Path of the Chromium binary Playwright drives."""
    path = find_chromium()
    if path is None:
        unavailable("Chromium not found: apt-get install chromium")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    """One headless Chromium for the session (Playwright's own browser download fails here)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright not installed: pip install playwright")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def live_code(browser: Any) -> Iterator[Any]:
    """An empty page holding the live view's scripts and no server: its code tested alone."""
    from playground.live.component import bundle

    context = browser.new_context()
    blank = context.new_page()
    blank.set_content("<html><body></body></html>")
    code, _ = bundle()
    blank.add_script_tag(content=code)
    yield blank
    context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own browser context."""
    context = browser.new_context(viewport=VIEWPORT)
    yield context.new_page()
    context.close()


class SharedServer:
    """One playground server for a module's tests; each test checks the log it added."""

    def __init__(self, url: str, log_path: Path) -> None:
        self.url = url
        self.log_path = log_path
        self.checked = 0  # bytes of the log already checked for tracebacks

    def fail_on_new_traceback(self) -> None:
        """Fail if the server logged a traceback since the last check."""
        with self.log_path.open("rb") as log:
            log.seek(self.checked)
            data = log.read()
        self.checked += len(data)
        added = data.decode(errors="replace")
        if "Traceback" in added:
            pytest.fail(f"the server logged a traceback:\n{added[-4000:]}", pytrace=False)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedServer]:
    """The playground served once for a whole test module (flows reuse one server)."""
    process, url, log_path = launch_streamlit(APP, tmp_path_factory.mktemp("shared-server"))
    server = SharedServer(url, log_path)
    yield server
    stop_process(process)
    server.fail_on_new_traceback()  # logged after the last test's own check


@pytest.fixture
def app_url(shared_server: SharedServer) -> Iterator[str]:
    """The shared server's URL; a traceback it logs during the test fails the test."""
    # A traceback logged after the previous test's check fails here, before this test runs.
    shared_server.fail_on_new_traceback()
    yield shared_server.url
    shared_server.fail_on_new_traceback()


@pytest.fixture(scope="module")
def module_page(browser: Any) -> Iterator[Any]:
    """One page kept open for a whole test module, in its own browser context."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    yield context.new_page()
    context.close()


FAILED_BEFORE = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember that a test failed in any phase (a traceback fails it only at teardown)."""
    report = yield
    if report.failed:
        item.config.stash[FAILED_BEFORE] = True
    return report


@pytest.fixture
def flow_page(module_page: Any, request: pytest.FixtureRequest) -> Any:
    """The module's page; after a failed test it starts blank, so no test inherits a broken one."""
    if request.config.stash.get(FAILED_BEFORE, False):
        module_page.goto("about:blank")
        request.config.stash[FAILED_BEFORE] = False
    return module_page
