"""Figure specs: the plain {data, layout} dicts plotly.js draws, and their go.Figure twins.

A builder writes the spec directly (fast, and easy to inspect in tests); `figure_builder` gives
the validated `go.Figure` that st.plotly_chart draws.
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
