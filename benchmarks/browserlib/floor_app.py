"""Streamlit's floor for a first picture: a page with one v2 component that draws at once.

bench_browser.py --diagnose loads it like the playground; its element carries the same
data-view="boundary" data-frames="1" that the probe waits for. It sets TCP_NODELAY on the server's
sockets as the playground does, so that both load their files alike.
"""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for playground
from playground import sockets  # noqa: E402

sockets.disable_nagle()

DRAW = """
export default function ({ parentElement }) {
  if (parentElement.querySelector("[data-view]")) return;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 100;
  canvas.getContext("2d").fillRect(0, 0, 100, 100);
  canvas.dataset.view = "boundary";
  canvas.dataset.frames = "1";
  parentElement.appendChild(canvas);
}
"""

st.components.v2.component("bench_floor", js=DRAW, isolate_styles=False)(key="floor")
