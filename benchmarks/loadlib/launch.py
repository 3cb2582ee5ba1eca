"""Run `streamlit` with a probe: on SIGUSR1 the server writes what is still alive to a JSON file.

    LOAD_PROBE_FILE=/tmp/probe.json python benchmarks/loadlib/launch.py run app.py [options]

The probe counts live AppSession and Experiment objects and the RSS, once as found and once after
a full garbage collection: "memory not returned" is told apart from "garbage not yet collected".
Then it asks the C allocator to hand its free pages back (malloc_trim) and reads the RSS again:
what remains is memory still in use, not memory the allocator merely keeps for later.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import json
import os
import signal
import sys
from pathlib import Path

PROBED_TYPES = ("AppSession", "Experiment")


def rss_bytes() -> int:
    """Resident set size of this process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def live_counts() -> dict[str, int]:
    """Objects of the probed classes that the garbage collector tracks now."""
    counts = dict.fromkeys(PROBED_TYPES, 0)
    for obj in gc.get_objects():
        name = type(obj).__name__
        if name in counts:
            counts[name] += 1
    return counts


def write_probe(_signum: int, _frame: object) -> None:
    """Signal handler: counts and RSS before and after gc.collect(), written atomically."""
    target = Path(os.environ["LOAD_PROBE_FILE"])
    report = {"found": live_counts(), "rss_found": rss_bytes()}
    gc.collect()
    report.update(collected=live_counts(), rss_collected=rss_bytes())
    libc = ctypes.util.find_library("c")
    if libc and hasattr(ctypes.CDLL(libc), "malloc_trim"):  # glibc only
        ctypes.CDLL(libc).malloc_trim(0)
        report["rss_trimmed"] = rss_bytes()
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps(report))
    partial.replace(target)


def main() -> None:
    """Install the probe and hand over to Streamlit's command line."""
    signal.signal(signal.SIGUSR1, write_probe)
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
