"""Loss and accuracy curves."""

import numpy as np

from playground.figures.curves import EMPTY_HINT, as_series, loss_figure


def layout_dict(fig) -> dict:
    return fig.to_dict()["layout"]


def test_train_and_test_loss_are_plotted_against_epochs_without_accuracy_axis():
    epochs = [0.5, 1.0, 1.5]
    fig = loss_figure(epochs, [0.9, 0.6, 0.4], [1.0, 0.7, 0.5])
    assert [trace.name for trace in fig.data] == ["train loss 0.400", "test loss 0.500"]
    np.testing.assert_allclose(fig.data[0].x, epochs)
    np.testing.assert_allclose(fig.data[1].y, [1.0, 0.7, 0.5])
    assert all(trace.yaxis == "y" for trace in fig.data)
    assert "yaxis2" not in layout_dict(fig)
    assert fig.layout.hovermode == "x unified"
    assert fig.layout.yaxis.type == "linear"


def test_accuracy_goes_on_a_zero_to_one_right_axis_when_given():
    fig = loss_figure([1, 2], [0.5, 0.3], [0.6, 0.4], [0.7, 0.9], [0.65, 0.85])
    accuracy = [trace for trace in fig.data if trace.yaxis == "y2"]
    assert [trace.name for trace in accuracy] == ["train accuracy 90%", "test accuracy 85%"]
    axis = layout_dict(fig)["yaxis2"]
    assert axis["range"] == [0, 1] and axis["side"] == "right" and axis["overlaying"] == "y"
    assert axis["tickformat"] == ".0%"
    assert "%{y:.1%}" in accuracy[0].hovertemplate


def test_series_of_none_are_left_out_and_gaps_become_nan():
    fig = loss_figure([1, 2, 3], [0.5, None, 0.3], [None, None, None], [None, None, None])
    assert len(fig.data) == 1
    assert np.isnan(fig.data[0].y[1]) and fig.data[0].y[2] == 0.3
    assert "yaxis2" not in layout_dict(fig)


def test_log_scale_switches_the_loss_axis():
    fig = loss_figure(np.arange(4), np.array([1.0, 0.1, 0.01, 0.001]), log_scale=True)
    assert fig.layout.yaxis.type == "log"


def test_empty_history_gives_axes_and_a_hint():
    fig = loss_figure([], [], [], [], [])
    assert len(fig.data) == 0
    assert [annotation.text for annotation in fig.layout.annotations] == [EMPTY_HINT]
    assert tuple(fig.layout.xaxis.range) == (0, 1)
    assert fig.layout.xaxis.title.text == "epoch"


def test_single_point_history_is_drawn_as_markers():
    fig = loss_figure([0.1], [0.7])
    assert fig.data[0].mode == "markers"


def test_as_series_keeps_arrays_and_turns_none_into_nan():
    assert as_series(None) is None
    np.testing.assert_array_equal(as_series(np.array([1, 2])), [1.0, 2.0])
    assert np.isnan(as_series([1.0, None])[1])
