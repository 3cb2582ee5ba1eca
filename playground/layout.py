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


# The picture first: until the live view reports its first picture, a page draws the title, the
# transport, the header's menus and the live view only; the controls and the lower tabs come
# with the run that report triggers. Streamlit's browser side fetches and builds the code of
# every kind of element on the page before the live view mounts, and the controls' kinds
# (dropdown, slider, file upload, number box) delayed a first visit's picture by about 0.7 s.
# The rows above the live view keep their height meanwhile (pixels as the browser draws them
# per mode), so the picture does not move when the controls come.
PENDING_ROWS = {
    "normal": {"inputs": 68, "buttons": 40, "toolbar": 68},
    "presenter": {"inputs": 76, "buttons": 42, "toolbar": 90},
}


def pending_row(cfg: Config, row: str) -> int:
    """The height of a row of controls not drawn yet: "inputs", "buttons" or "toolbar"."""
    return PENDING_ROWS.get(cfg.mode, PENDING_ROWS["normal"])[row]


def live_sizes(cfg: Config) -> dict[str, int]:
    """Sizes of the live view's parts in the config's mode."""
    return LIVE_SIZES[cfg.mode]


def base_url() -> str:
    """The address of this page without its query string (for links a teacher hands out)."""
    url = st.context.url or "http://localhost:8501/"
    return url.split("?", 1)[0]
