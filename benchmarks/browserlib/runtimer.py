"""Run `streamlit` and log each script run's wall-clock start and end to a JSON-lines file.

    BENCH_RUN_LOG=/tmp/runs.jsonl python benchmarks/browserlib/runtimer.py run streamlit_app.py

Only for bench_browser.py --diagnose: the page's clock (performance.timeOrigin + now) and
time.time() are the same wall clock on one machine, so a click's time can be split into the
browser's part, the wait for the script thread, the script run and the way back.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

LOCK = threading.Lock()


def install() -> None:
    """Wrap the call that executes the script: one line per run with its start, end and kind."""
    from streamlit.runtime.scriptrunner import script_runner

    execute = script_runner.exec_func_with_error_handling
    path = os.environ["BENCH_RUN_LOG"]

    def timed(code: Callable[[], Any], ctx: Any) -> Any:
        start = time.time()
        try:
            return execute(code, ctx)
        finally:
            fragments = list(getattr(ctx, "fragment_ids_this_run", None) or [])
            line = json.dumps(
                {"start": start, "end": time.time(), "fragment": bool(fragments), "ids": fragments}
            )
            with LOCK, open(path, "a", encoding="utf-8") as log:
                log.write(line + "\n")

    script_runner.exec_func_with_error_handling = timed


def main() -> None:
    """Install the timer and hand over to Streamlit's command line."""
    # This folder's modules (server.py, ...) must not shadow anything the server imports.
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(__file__)]
    install()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
