"""Page styling per mode: normal, presenter (projector) and embed (compact, for an iframe)."""

from __future__ import annotations

import streamlit as st

from playground.config import Config

_COMMON = """
<style>
/* Tighter page so the whole playground fits a 1280x800 laptop screen. */
.block-container {padding-top: 3rem; padding-bottom: 1rem; max-width: 1800px;}
/* The live area redraws in place several times a second: Streamlit's stale fade would make
   every read-out blink, so elements keep full opacity during fragment reruns. */
.stElementContainer[data-stale="true"] {opacity: 1 !important; transition: none !important;}
[data-testid="stMetricValue"] {font-size: 1.35rem;}
</style>
"""

_PRESENTER = """
<style>
/* A projector at the back of a lecture hall: bigger text, bigger numbers. */
[data-testid="stMarkdownContainer"] p, [data-testid="stWidgetLabel"] p,
[data-testid="stCaptionContainer"] {font-size: 1.25rem !important;}
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {font-size: 2.4rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.2rem !important;}
[data-testid="stHeading"] h3, [data-testid="stMarkdownContainer"] h3 {font-size: 2.2rem !important;}
[data-testid="stHeading"] h4, [data-testid="stMarkdownContainer"] h4 {font-size: 1.6rem !important;}
.stButton button p {font-size: 1.2rem;}
</style>
"""

_EMBED = """
<style>
/* Inside another page: no Streamlit chrome, minimal margins. */
header[data-testid="stHeader"], [data-testid="stToolbar"], footer {display: none;}
.block-container {padding: 0.4rem 0.6rem;}
h3 {font-size: 1.1rem !important;}
</style>
"""

# Live view sizes per mode (pixels): the output plot, the loss chart and a neuron's map.
LIVE_SIZES = {
    "normal": {"boundary": 400, "chart": 190, "node": 38},
    "presenter": {"boundary": 560, "chart": 260, "node": 54},
    "embed": {"boundary": 300, "chart": 140, "node": 30},
}


def apply_mode(cfg: Config) -> None:
    """Inject the stylesheet of the config's mode."""
    css = _COMMON + {"presenter": _PRESENTER, "embed": _EMBED}.get(cfg.mode, "")
    st.html(css)


def live_sizes(cfg: Config) -> dict[str, int]:
    """Sizes of the live view's parts in the config's mode."""
    return LIVE_SIZES[cfg.mode]


def base_url() -> str:
    """The address of this page without its query string (for links a teacher hands out)."""
    url = st.context.url or "http://localhost:8501/"
    return url.split("?", 1)[0]
