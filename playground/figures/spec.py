"""Figure specs: the plain {data, layout} dicts plotly.js draws, and their go.Figure twins.

Building a `go.Figure` validates every property in Python (and `to_plotly_json` deep-copies it
all again): tens of milliseconds for the network diagram. The live area rebuilds its figures
several times a second, so each builder writes the spec directly, with numpy arrays left for the
chart to encode as typed arrays; `figure_builder` gives the validated `go.Figure` for everyone
else (tests, static pages, exports).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec

import plotly.graph_objects as go

FigureSpec = dict[str, Any]  # {"data": [trace dicts], "layout": dict}
P = ParamSpec("P")


def figure_builder(spec_builder: Callable[P, FigureSpec]) -> Callable[P, go.Figure]:
    """The go.Figure builder of `spec_builder`: same parameters, validated by plotly."""

    def build(*args: P.args, **kwargs: P.kwargs) -> go.Figure:
        return go.Figure(spec_builder(*args, **kwargs))

    build.__name__ = spec_builder.__name__.removesuffix("_spec") + "_figure"
    build.__qualname__ = build.__name__
    build.__module__ = spec_builder.__module__
    build.__doc__ = spec_builder.__doc__
    return build


def set_height(figure: FigureSpec, height: int) -> FigureSpec:
    """Set the layout height of a spec in place and return it."""
    figure["layout"]["height"] = int(height)
    return figure
