"""Weight/gradient heatmaps and per-layer gradient norms."""

import numpy as np
import pytest

from playground.figures.gradients import grad_norm_figure, layer_gradient_figure


def test_weight_and_gradient_share_one_symmetric_scale_spanning_both():
    W = np.array([[0.5, -2.0], [1.0, 0.25], [0.0, 1.5]])  # (3, 2)
    dW = np.array([[1e-3, -4e-3], [2e-3, 0.0], [5e-4, -1e-4]])
    db = np.array([3e-3, -6e-3])
    fig = layer_gradient_figure(W, dW, db, layer_index=1)
    weights, gradients, bias = fig.data
    for trace in (weights, gradients, bias):
        assert (trace.zmin, trace.zmax) == (-2.0, 2.0)
    np.testing.assert_array_equal(np.asarray(weights.z), W)
    np.testing.assert_array_equal(np.asarray(gradients.z), dW)
    assert np.asarray(bias.z).shape == (1, 2)
    assert weights.xaxis == "x" and gradients.xaxis == bias.xaxis == "x2"


def test_titles_state_each_panels_own_maximum_so_tiny_gradients_stay_readable():
    W = np.array([[3.0, -1.0]])
    dW = np.array([[2e-5, -7e-5]])
    fig = layer_gradient_figure(W, dW, np.array([1e-6, 0.0]), layer_index=0)
    texts = [annotation.text for annotation in fig.layout.annotations]
    assert any(text.startswith("W¹") and "max |w| = 3" in text for text in texts)
    assert any(text.startswith("∂L/∂W¹") and "max |g| = 7e-05" in text for text in texts)
    assert any(text.startswith("∂L/∂b¹") and "max |g| = 1e-06" in text for text in texts)


def test_small_matrices_print_their_values_and_large_ones_do_not():
    small = layer_gradient_figure(np.ones((8, 8)), np.ones((8, 8)), np.ones(8), 0)
    assert all(trace.texttemplate for trace in small.data)
    large = layer_gradient_figure(np.ones((9, 8)), np.ones((9, 8)), np.ones(8), 0)
    assert not any(trace.texttemplate for trace in large.data)


def test_mismatched_shapes_are_rejected():
    with pytest.raises(ValueError):
        layer_gradient_figure(np.ones((2, 3)), np.ones((3, 2)), np.ones(3), 0)


def test_grad_norms_one_log_line_per_layer_named_w_superscript():
    steps = np.arange(5)
    norms = np.array([[1e-1, 1e-3, 1e-6]] * 5) * np.arange(1, 6)[:, None]  # (T, L)
    fig = grad_norm_figure(steps, norms)
    assert fig.layout.yaxis.type == "log"
    assert [trace.name for trace in fig.data] == ["W¹", "W²", "W³"]
    for layer, trace in enumerate(fig.data):
        np.testing.assert_allclose(trace.y, norms[:, layer])
    assert len({trace.line.color for trace in fig.data}) == 3


def test_zero_norms_are_gaps_on_log_axes_but_kept_on_linear_axes():
    norms = np.array([[0.0, 1.0], [0.5, 2.0]])
    log = grad_norm_figure([0, 1], norms)
    assert np.isnan(log.data[0].y[0])
    linear = grad_norm_figure([0, 1], norms, log_scale=False)
    assert linear.layout.yaxis.type == "linear" and linear.data[0].y[0] == 0.0


def test_grad_norms_accept_history_rows_and_an_empty_history():
    rows = [np.array([0.1, 0.2]), np.array([0.3, 0.4])]  # history.grad_norms
    assert len(grad_norm_figure([1, 2], rows).data) == 2
    empty = grad_norm_figure([], [])
    assert len(empty.data) == 0 and len(empty.layout.annotations) == 1
    with pytest.raises(ValueError):
        grad_norm_figure([1, 2, 3], rows)
