"""Pure plotly figure builders: numpy arrays and plain values in, go.Figure out (no Streamlit)."""

from playground.figures.boundary import boundary_figure
from playground.figures.curves import loss_figure
from playground.figures.gradients import grad_norm_figure, layer_gradient_figure
from playground.figures.network_diagram import network_figure, neuron_map_figure

__all__ = [
    "boundary_figure",
    "grad_norm_figure",
    "layer_gradient_figure",
    "loss_figure",
    "network_figure",
    "neuron_map_figure",
]
