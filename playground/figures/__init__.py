"""Pure plotly figure builders: numpy arrays and plain values in, go.Figure out (no Streamlit).

Each `*_figure` has a `*_spec` twin returning the same figure as a plain {data, layout} dict,
built without plotly's validation, for the live area that redraws several times a second.
"""

from playground.figures.boundary import boundary_figure, boundary_spec
from playground.figures.curves import loss_figure, loss_spec
from playground.figures.gradients import (
    grad_norm_figure,
    grad_norm_spec,
    layer_gradient_figure,
    layer_gradient_spec,
)
from playground.figures.network_diagram import (
    network_figure,
    network_spec,
    neuron_map_figure,
    neuron_map_spec,
)
from playground.figures.spec import FigureSpec, set_height

__all__ = [
    "FigureSpec",
    "boundary_figure",
    "boundary_spec",
    "grad_norm_figure",
    "grad_norm_spec",
    "layer_gradient_figure",
    "layer_gradient_spec",
    "loss_figure",
    "loss_spec",
    "network_figure",
    "network_spec",
    "neuron_map_figure",
    "neuron_map_spec",
    "set_height",
]
