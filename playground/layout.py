"""Page styling per mode: normal, presenter (projector) and embed (compact, for an iframe)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from playground.config import Config

STYLES = Path(__file__).with_name("styles")


@cache
def _stylesheet(mode: str) -> str:
    """The page's CSS for a mode: common rules (phone layout included) plus the mode's own."""
    names = [
        "common.css",
        *({"presenter": ["presenter.css"], "embed": ["embed.css"]}.get(mode, [])),
    ]
    return "\n".join((STYLES / name).read_text(encoding="utf-8") for name in names)


# Live view sizes per mode (pixels): the output plot, the loss chart and a neuron's map.
LIVE_SIZES = {
    "normal": {"boundary": 400, "chart": 190, "node": 38},
    "presenter": {"boundary": 560, "chart": 260, "node": 54},
    "embed": {"boundary": 300, "chart": 140, "node": 30},
}


def apply_mode(cfg: Config) -> None:
    """Inject the stylesheet of the config's mode."""
    st.html(f"<style>{_stylesheet(cfg.mode)}</style>")


def live_sizes(cfg: Config) -> dict[str, int]:
    """Sizes of the live view's parts in the config's mode."""
    return LIVE_SIZES[cfg.mode]


def base_url() -> str:
    """The address of this page without its query string (for links a teacher hands out)."""
    url = st.context.url or "http://localhost:8501/"
    return url.split("?", 1)[0]
