"""The load benchmark's emulated live view uses the browser's playback constants."""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.loadlib import liveview

PLAYBACK_JS = Path(__file__).resolve().parents[3] / "playground" / "live" / "js" / "playback.js"
NAMES = (
    "MAX_FPS",
    "AHEAD_MS",
    "BATCH_MS",
    "MAX_LATENCY_MS",
    "SPREAD",
    "RISE",
    "FALL",
    "OVERDUE",
    "RESEND_MS",
    "MAX_RESEND_MS",
    "INTERVALS_KEPT",
)


def test_every_playback_constant_has_the_same_value_in_the_emulation() -> None:
    source = PLAYBACK_JS.read_text(encoding="utf-8")
    in_js = {
        name: float(value) for name, value in re.findall(r"const ([A-Z_]+) = ([0-9.]+);", source)
    }
    assert set(NAMES) <= set(in_js)
    assert {name: float(getattr(liveview, name)) for name in NAMES} == {
        name: in_js[name] for name in NAMES
    }
