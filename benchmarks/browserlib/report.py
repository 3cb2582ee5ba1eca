"""The benchmark's table: measured value (median and range), target, met, the issue's numbers."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchmarks.machine import cpu_model

HEADER = (
    "| measure | measured: median (range) | target | met | issue: TF Playground / this app before |"
)
RULE = "|---|---:|---|:---:|---|"


@dataclass(frozen=True)
class Row:
    """One line of the table; `met` is None where there is no target."""

    measure: str
    values: list[float]
    unit: str
    target: str
    met: bool | None
    issue: str = ""
    digits: int = 0

    @property
    def median(self) -> float:
        """The median of the repetitions."""
        return statistics.median(self.values)

    def cell(self) -> str:
        """'4.1 s (3.9–4.6)': median, unit, and the range over the repetitions."""
        if not self.values:
            return "n/a"
        low, high = min(self.values), max(self.values)
        text = f"{self.median:,.{self.digits}f} {self.unit}".strip()
        if len(self.values) > 1:
            text += f" ({low:,.{self.digits}f}–{high:,.{self.digits}f})"
        return text

    def line(self) -> str:
        """The row in Markdown."""
        met = "—" if self.met is None else ("yes" if self.met else "**no**")
        return f"| {self.measure} | {self.cell()} | {self.target} | {met} | {self.issue} |"


def row(
    measure: str,
    values: list[float],
    unit: str,
    target: tuple[str, float] | None = None,
    issue: str = "",
    digits: int = 0,
) -> Row:
    """A row judged by its median against `target`, e.g. ("≤", 1.5); no target: not judged."""
    if target is None or not values:
        return Row(measure, values, unit, "—", None, issue, digits)
    sign, limit = target
    median = statistics.median(values)
    met = median <= limit if sign == "≤" else median >= limit
    return Row(measure, values, unit, f"{sign} {limit:g} {unit}".strip(), met, issue, digits)


def text_row(measure: str, value: str, target: str, met: bool | None, issue: str = "") -> Row:
    """A row whose value is not a number (e.g. '96 of 96 instants')."""
    return _TextRow(measure, [], "", target, met, issue, 0, value)


@dataclass(frozen=True)
class _TextRow(Row):
    text: str = ""

    def cell(self) -> str:
        """The value as given."""
        return self.text


def table(rows: list[Row]) -> str:
    """The Markdown table."""
    return "\n".join([HEADER, RULE, *(r.line() for r in rows)])


def verdict(rows: list[Row]) -> str:
    """One line: how many targets hold, and which are missed."""
    judged = [r for r in rows if r.met is not None]
    missed = [r.measure for r in judged if not r.met]
    line = f"Targets met: {len(judged) - len(missed)} of {len(judged)}."
    return line + (f" Missed: {'; '.join(missed)}." if missed else "")


def machine(repo: Path) -> str:
    """Date, commit, CPU, cores, browser and library versions, and the load while measuring."""
    model = cpu_model()
    from importlib.metadata import version

    chromium = _output(["/usr/bin/chromium", "--version"]).replace("Chromium ", "")
    commit = _output(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"]) or "unknown"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    today = datetime.date.today().isoformat()
    return (
        f"{today}, commit {commit}, on {model}, {os.cpu_count()} cores; "
        f"Chromium {chromium.split(' ')[0]} headless, 1440×900; Python "
        f"{platform.python_version()}, streamlit {version('streamlit')}, playwright "
        f"{version('playwright')}; load average (1, 5, 15 min) {load} at the end"
    )


def _output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return ""
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""
