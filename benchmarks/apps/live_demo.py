"""Standalone app that plays synthetic frames: a moving 100x100 uint8 heatmap + 500 points.

Query parameters (used by benchmarks/bench_browser_fps.py and tests/browser):
  variant = component (playground.live_chart, default) | plotly_chart (st.plotly_chart baseline)
  fps     = target frames per second (default 10)
  batch   = frames sent per script run (default 5 for component; plotly_chart always 1)
  delay   = seconds of stand-in work per run before drawing (default 0; shows the stale fade)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import streamlit as st

# `streamlit run benchmarks/apps/live_demo.py` puts only this folder on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from playground.live_chart import ChartClick, live_chart  # noqa: E402

GRID = 100
N_POINTS = 500
EXTENT = 6.0

_axis = np.linspace(-EXTENT, EXTENT, GRID)  # (GRID,)
_GRID_X, _GRID_Y = np.meshgrid(_axis, _axis)  # (GRID, GRID) each
_POINTS = np.random.default_rng(0).uniform(-5.5, 5.5, size=(N_POINTS, 2))  # (N_POINTS, 2)
_INSIDE = np.hypot(_POINTS[:, 0], _POINTS[:, 1]) < 3.5  # (N_POINTS,)


def synthetic_figure(t: int) -> go.Figure:
    """Frame t: a rotating wave as a uint8 heatmap under two slowly turning point clouds."""
    angle = 0.05 * t
    wave = np.sin(_GRID_X * np.cos(angle) + _GRID_Y * np.sin(angle) + 0.3 * t)  # (GRID, GRID)
    z = np.round((wave + 1.0) * 127.5).astype(np.uint8)  # (GRID, GRID)
    turn = 0.01 * t
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    points = (_POINTS @ rotation.T).astype(np.float32)  # (N_POINTS, 2)
    step = 2 * EXTENT / (GRID - 1)
    figure = go.Figure(
        [
            # hoverinfo "none" (not "skip") keeps click events on the background.
            go.Heatmap(
                z=z,
                x0=-EXTENT,
                dx=step,
                y0=-EXTENT,
                dy=step,
                zmin=0,
                zmax=255,
                colorscale="RdBu",
                showscale=False,
                hoverinfo="none",
            ),
            go.Scatter(
                x=points[_INSIDE, 0],
                y=points[_INSIDE, 1],
                mode="markers",
                marker={"color": "#0072B2", "size": 6, "line": {"width": 1, "color": "white"}},
                name="inside",
            ),
            go.Scatter(
                x=points[~_INSIDE, 0],
                y=points[~_INSIDE, 1],
                mode="markers",
                marker={"color": "#E69F00", "size": 6, "line": {"width": 1, "color": "white"}},
                name="outside",
            ),
        ]
    )
    figure.update_layout(
        uirevision="live-demo",
        height=450,
        margin={"l": 30, "r": 10, "t": 10, "b": 30},
        showlegend=False,
        hovermode="closest",
        xaxis={"range": [-EXTENT, EXTENT]},
        yaxis={"range": [-EXTENT, EXTENT]},
    )
    return figure


def describe(click: ChartClick) -> str:
    """One line naming a click, read back by the browser tests."""
    return (
        f"last click: x={click.x:.2f} y={click.y:.2f} "
        f"curve={click.curve_number} point={click.point_index}"
    )


params = st.query_params
variant = params.get("variant", "component")
fps = float(params.get("fps", "10"))
batch = 1 if variant == "plotly_chart" else int(params.get("batch", "5"))
delay = float(params.get("delay", "0"))

st.title("Live chart demo")
playing = st.toggle("Play", key="playing")
st.session_state.setdefault("frame", 0)
st.session_state.setdefault("runs", 0)
if st.button("Reset", key="reset"):
    st.session_state.frame = 0


# The toggle sits outside the fragment and decides its timer: paused means no reruns.
@st.fragment(run_every=batch / fps if playing else None)
def live_view() -> None:
    """Send this run's frames to the chart."""
    if playing:
        time.sleep(delay)
    start = st.session_state.frame
    count = batch if playing else 1
    figures = [synthetic_figure(t) for t in range(start, start + count)]
    if playing:
        st.session_state.frame = start + count
        st.session_state.runs += 1
    if variant == "plotly_chart":
        st.plotly_chart(figures[-1], key="baseline_chart", width="stretch")
    else:
        # After Reset, frames still queued in the browser belong to the old run: drop them.
        flush = st.session_state.get("reset", False)
        click = live_chart(figures, key="live_chart", interval_ms=round(1000 / fps), flush=flush)
        if click is not None:
            st.session_state.last_click = describe(click)
    st.caption(f"runs: {st.session_state.runs} · frame: {st.session_state.frame}")
    st.text(st.session_state.get("last_click", "last click: none"))


live_view()
