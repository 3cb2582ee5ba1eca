"""Live Plotly chart: frames are played in the browser with Plotly.react, never remounted.

`st.plotly_chart` derives its element id from the figure, so every new frame replaces the
chart (flicker, lost zoom). This v2 component has a constant key: it mounts once, keeps one
plotly div and draws each frame in place. Sending several frames per script run and letting
the browser play them keeps Streamlit's per-rerun cost off the frame rate.
"""

from __future__ import annotations

import base64
import math
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import plotly
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

PLOTLY_JS_NAME = "plotly.min.js"
PLOTLY_JS_SOURCE = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS_NAME
DEFAULT_HEIGHT = 450

# numpy dtype name -> plotly.js typed-array dtype. plotly.js has no 64-bit integer arrays.
PLOTLY_DTYPES = {
    "int8": "i1",
    "uint8": "u1",
    "int16": "i2",
    "uint16": "u2",
    "int32": "i4",
    "uint32": "u4",
    "float32": "f4",
    "float64": "f8",
}
# Keys whose arrays plotly.js reads as plain lists, never as typed-array specs.
_PLAIN_ARRAY_KEYS = frozenset({"range", "geojson", "layer", "layers"})
_INTEGER_LADDERS = {
    "i": (np.int8, np.int16, np.int32),
    "u": (np.uint8, np.uint16, np.uint32),
}

_HERE = Path(__file__).parent
_COMPONENT = st.components.v2.component(
    "nn_playground_live_chart",
    js=(_HERE / "live_chart.js").read_text(encoding="utf-8"),
    css=(_HERE / "live_chart.css").read_text(encoding="utf-8"),
    # Plotly injects its own CSS (modebar, hover labels) into document.head: no shadow root.
    isolate_styles=False,
)


class FigureLike(Protocol):
    """Anything with plotly's `to_plotly_json` (a `go.Figure`)."""

    def to_plotly_json(self) -> dict[str, Any]: ...


Frame = Mapping[str, Any] | FigureLike


@dataclass(frozen=True)
class ChartClick:
    """A click on the chart: cursor in data coordinates and the scatter point hit, if any."""

    x: float
    y: float
    curve_number: int | None = None
    point_index: int | None = None

    @classmethod
    def from_event(cls, event: Mapping[str, Any] | None) -> ChartClick | None:
        """Build from the component's click payload; None when there was no click."""
        if not event or event.get("x") is None or event.get("y") is None:
            return None
        curve, point = event.get("curve_number"), event.get("point_index")
        return cls(
            x=float(event["x"]),
            y=float(event["y"]),
            curve_number=None if curve is None else int(curve),
            point_index=None if point is None else int(point),
        )


def _narrow_integers(array: np.ndarray) -> np.ndarray:
    """Smallest plotly.js integer type holding every value; float64 when none does."""
    if array.size == 0:
        return array.astype(np.int32)
    low, high = int(array.min()), int(array.max())
    for candidate in _INTEGER_LADDERS[array.dtype.kind]:
        info = np.iinfo(candidate)
        if info.min <= low and high <= info.max:
            return array.astype(candidate)
    return array.astype(np.float64)


def to_typed_array(array: np.ndarray) -> dict[str, str] | list[Any]:
    """Encode a numeric array as a plotly.js typed-array spec {dtype, bdata, shape}."""
    if array.dtype.kind == "b":
        array = array.astype(np.uint8)
    elif array.dtype.kind in "iu" and array.dtype.name not in PLOTLY_DTYPES:
        array = _narrow_integers(array)
    elif array.dtype.kind == "f" and array.dtype.name not in PLOTLY_DTYPES:
        array = array.astype(np.float32 if array.dtype.itemsize < 4 else np.float64)
    if array.dtype.name not in PLOTLY_DTYPES or not 1 <= array.ndim <= 3:
        # Strings, dates, objects and >3-d arrays have no typed form: plain JSON lists.
        plain = array.astype(str) if array.dtype.kind == "M" else array
        return to_plotly_json(plain.tolist())
    # Browsers read typed arrays little-endian; C order is what `shape` describes.
    little_endian = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
    spec = {
        "dtype": PLOTLY_DTYPES[array.dtype.name],
        "bdata": base64.b64encode(little_endian.tobytes()).decode("ascii"),
    }
    if array.ndim > 1:
        # plotly.js accepts `shape` only as a string ("rows,cols").
        spec["shape"] = ",".join(str(size) for size in array.shape)
    return spec


def to_plotly_json(value: Any, *, typed: bool = True) -> Any:
    """JSON-ready copy of a figure part: numpy arrays as typed arrays, NaN/inf as null."""
    # Exact type checks first: a spec is mostly plain strings, numbers, lists and dicts, and an
    # abstract-class isinstance (Mapping) costs several times more on every one of them.
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float or isinstance(value, np.floating):
        # json.dumps writes NaN, which the browser's JSON.parse rejects.
        return float(value) if math.isfinite(value) else None
    if kind is list or kind is tuple or isinstance(value, (list, tuple)):
        if all(type(item) is str for item in value):  # hover texts and names: nothing to convert
            return list(value)
        return [to_plotly_json(item, typed=typed) for item in value]
    if kind is dict or isinstance(value, Mapping):
        return {
            str(key): to_plotly_json(item, typed=typed and key not in _PLAIN_ARRAY_KEYS)
            for key, item in value.items()
        }
    if isinstance(value, np.ndarray):
        return to_typed_array(value) if typed else to_plotly_json(value.tolist(), typed=False)
    return value.item() if isinstance(value, np.generic) else value


def figure_dict(frame: Frame) -> Mapping[str, Any]:
    """The {data, layout} dict of a frame given as a dict or a `go.Figure`."""
    return frame.to_plotly_json() if hasattr(frame, "to_plotly_json") else frame


def build_frames(frames: Sequence[Frame]) -> list[dict[str, Any]]:
    """JSON-ready frames; a frame whose layout equals the previous frame's omits it."""
    built: list[dict[str, Any]] = []
    previous_layout: dict[str, Any] | None = None
    for frame in frames:
        figure = figure_dict(frame)
        entry: dict[str, Any] = {"data": to_plotly_json(list(figure.get("data", ())))}
        # Layouts stay plain lists: plotly.js decodes typed arrays in traces only.
        layout = to_plotly_json(figure.get("layout", {}), typed=False)
        if layout != previous_layout:
            entry["layout"] = layout
            previous_layout = layout
        built.append(entry)
    return built


def app_static_dir() -> Path:
    """The `static` folder Streamlit serves: next to the running app's main script."""
    ctx = get_script_run_ctx(suppress_warning=True)
    base = Path(ctx.main_script_path).parent if ctx is not None else Path.cwd()
    return base / "static"


def ensure_plotly_js(static_dir: Path | None = None) -> Path:
    """Copy plotly.min.js from the installed plotly package into the static folder if missing."""
    target = (static_dir if static_dir is not None else app_static_dir()) / PLOTLY_JS_NAME
    # A size mismatch means another plotly version (or a half-written copy): replace it.
    if target.is_file() and target.stat().st_size == PLOTLY_JS_SOURCE.stat().st_size:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{PLOTLY_JS_NAME}.{os.getpid()}.partial")
    shutil.copyfile(PLOTLY_JS_SOURCE, partial)
    # Atomic rename: a browser asking meanwhile never receives half a file.
    os.replace(partial, target)
    return target


def plotly_js_url() -> str:
    """Browser URL of the served plotly.js; the version query busts stale browser caches."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/app/static/{PLOTLY_JS_NAME}?v={plotly.__version__}"


def _layout_height(frame: Mapping[str, Any]) -> int | None:
    height = frame.get("layout", {}).get("height")
    return int(height) if isinstance(height, (int, float)) else None


def _ignore_click() -> None:
    """Streamlit registers a trigger only when it has a callback; the value is read directly."""


def live_chart(
    frames: Sequence[Frame],
    key: str,
    interval_ms: int = 100,
    height: int | None = None,
    *,
    flush: bool = False,
) -> ChartClick | None:
    """Play figure frames in one in-place Plotly chart; return the click that caused this run."""
    if not frames:
        raise ValueError("live_chart needs at least one frame")
    if interval_ms <= 0:
        raise ValueError(f"interval_ms must be positive, got {interval_ms}")
    if not st.get_option("server.enableStaticServing"):
        raise RuntimeError(
            "live_chart serves plotly.js itself: set [server] enableStaticServing = true "
            "in .streamlit/config.toml"
        )
    built = build_frames(frames)
    # The browser asks for plotly.js only after this element arrives, so copying now is in time.
    ensure_plotly_js()
    payload = {
        "frames": built,
        "interval_ms": int(interval_ms),
        "height": height or _layout_height(built[0]) or DEFAULT_HEIGHT,
        "plotly_url": plotly_js_url(),
        "flush": flush,
    }
    result = _COMPONENT(key=key, data=payload, on_click_change=_ignore_click)
    return ChartClick.from_event(result.get("click"))
