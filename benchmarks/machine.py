"""The processor a benchmark ran on, for the line under its table."""

from __future__ import annotations

import platform
from pathlib import Path


def cpu_fields() -> dict[str, str]:
    """The first processor's fields in /proc/cpuinfo (none where the file does not exist)."""
    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.exists():
        return {}
    return dict(
        [part.strip() for part in line.split(":", 1)]
        for line in cpuinfo.read_text().split("\n\n")[0].splitlines()
        if ":" in line
    )


def cpu_model() -> str:
    """The processor's model name, or the machine type where /proc/cpuinfo does not name one."""
    return cpu_fields().get("model name", platform.machine())
