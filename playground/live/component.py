"""The live view's Streamlit component: a tiny loader, and the drawing code sent once per page.

A v2 component's inline JavaScript travels with every rerun of its element, so the element carries
only a loader of a few hundred bytes. The drawing code (playground/live/js, ~60 KB) goes in the
data of the first render of a session, or again when the loader asks for it (a page reload in a
session Streamlit kept, a new version of the code).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

JS_DIR = Path(__file__).with_name("js")
# Order matters: each file adds to window.NNPlayground what the later ones use.
JS_FILES = (
    "core.js",
    "forward.js",
    "colors.js",
    "drawtools.js",
    "interaction.js",
    "boundary.js",
    "diagram.js",
    "chart.js",
    "gradients.js",
    "readouts.js",
    "popup.js",
    "space.js",
    "playback.js",
    "layout.js",
    "view.js",
)

LOADER = """
const WATCH_MS = 4000;
export default function (args) {
  const data = args.data || {};
  let ns = window.NNPlayground;
  if (data.code && !(ns && ns.version === data.v)) {
    const script = document.createElement("script");
    script.textContent = data.code;
    document.head.appendChild(script);
    ns = window.NNPlayground;
  }
  const el = args.parentElement;
  if (!el.__nnpWatch) {
    // The page's controls wait for the first picture: a view that cannot draw lets them come.
    el.__nnpWatch = setTimeout(() => {
      const live = el.__nnpLive;
      if (!(live && live.shownFor)) args.setTriggerValue("action", { type: "shown", seq: 0 });
    }, WATCH_MS);
  }
  if (ns && ns.version === data.v && ns.render) return ns.render(args);
  if (el.__nnpAsked !== data.run) {
    el.__nnpAsked = data.run;
    args.setTriggerValue("action", { type: "code", seq: 0 });
  }
}
"""

_COMPONENT = st.components.v2.component(
    "nn_playground_live_view",
    js=LOADER,
    # The view's own stylesheet is installed by its code; no shadow root, so tests and the
    # page's theme reach it.
    isolate_styles=False,
)


@cache
def bundle() -> tuple[str, str]:
    """The drawing code as one script, and its version (a hash of the sources)."""
    sources = [(JS_DIR / name).read_text(encoding="utf-8") for name in JS_FILES]
    css = (JS_DIR / "live.css").read_text(encoding="utf-8")
    version = hashlib.sha256("\n".join([*sources, css]).encode()).hexdigest()[:12]
    code = "\n".join(
        [
            *sources,
            f"window.NNPlayground.version = {json.dumps(version)};",
            f"window.NNPlayground.installStyle({json.dumps(css)});",
        ]
    )
    return code, version


def render(data: dict[str, Any], key: str, on_action: Callable[[], None]) -> None:
    """Draw the live view with this payload; the browser's actions arrive through on_action."""
    _COMPONENT(key=key, data=data, on_action_change=on_action)
