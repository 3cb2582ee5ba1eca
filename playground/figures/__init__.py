"""Plotly figures the explainer draws (the live view draws itself in the browser), and the shared
palette and notation."""

from playground.figures.network_diagram import network_figure
from playground.figures.spec import FigureSpec

__all__ = ["FigureSpec", "network_figure"]
