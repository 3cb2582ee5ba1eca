"""The whole app under AppTest: every control by its key, the transport buttons, task switches."""

from __future__ import annotations

import numpy as np
import pytest
from app_session import (
    ask_for_frames,
    first_picture,
    last_frame,
    live_payload,
    open_app,
    send_action,
)
from streamlit.testing.v1 import AppTest


def _app(**query: str) -> AppTest:
    at = open_app(query)
    assert not at.exception, [e.message for e in at.exception]
    return at


def _experiment(at: AppTest):
    return at.session_state["_experiment"]


def _train_loss(at: AppTest) -> float:
    return last_frame(at)["loss"][0]


def _weights(at: AppTest) -> list[np.ndarray]:
    return [np.array(w) for w in _experiment(at).net.weights]


def test_default_page_sends_the_live_view_its_scene_and_first_frame() -> None:
    at = open_app(shown=False)  # the page's first run, before the browser answers
    assert not at.exception
    payload = live_payload(at)
    scene, frame = payload["scene"], payload["frames"][-1]
    assert scene["sizes"] == [2, 4, 2, 1] and scene["task"] == "binary"
    assert frame["step"] == 0 and frame["epoch"] == 0.0
    assert frame["loss"][0] > 0.3  # an untrained net is near chance
    assert frame["acc"][1] is not None  # accuracy on the test data
    assert payload["code"]  # the drawing code comes with the first render of a session
    assert not payload["playing"]
    assert not at.warning
    assert _experiment(at).net.sizes == (2, 4, 2, 1)


def test_step_advances_and_reset_restores() -> None:
    at = _app()
    initial = _weights(at)
    first = last_frame(at)
    at.button(key="step").click().run()
    assert _experiment(at).trainer.steps == 1
    frame = last_frame(at)
    assert frame["epoch"] == 0.04  # 250 training points / batch 10 = 25 steps an epoch
    assert frame["p"] != first["p"] and live_payload(at)["flush"]
    assert any(not np.array_equal(a, b) for a, b in zip(initial, _weights(at), strict=True))
    at.button(key="step_epoch").click().run()  # to the end of the current epoch
    assert _experiment(at).trainer.steps == 25
    assert last_frame(at)["epoch"] == 1.0
    at.button(key="reset").click().run()
    assert _experiment(at).trainer.steps == 0
    assert last_frame(at)["p"] == first["p"]
    assert all(np.array_equal(a, b) for a, b in zip(initial, _weights(at), strict=True))


def test_play_toggles_to_pause_and_back() -> None:
    at = _app()
    assert at.button(key="play").label == "Play"
    at.button(key="play").click().run()
    assert at.session_state["_playing"] is True
    assert at.button(key="play").label == "Pause"
    at.button(key="play").click().run()
    assert at.session_state["_playing"] is False
    assert at.button(key="play").label == "Play"


def test_training_by_epochs_lowers_the_loss() -> None:
    at = _app(dataset="circle", lr="0.1", features="x1,x2,x1sq,x2sq", layers="")
    before = _train_loss(at)
    for _ in range(5):
        at.button(key="step_epoch").click().run()
    after = _train_loss(at)
    assert after < before * 0.8


def test_playing_sends_batches_of_frames_the_browser_asks_for() -> None:
    at = _app(speed="10")
    at.button(key="play").click().run()
    first = live_payload(at)
    assert first["playing"] and len(first["frames"]) >= 2
    steps = [frame["step"] for frame in first["frames"]]
    assert steps == list(range(10, 10 * len(steps) + 1, 10))  # speed = steps per frame
    ask_for_frames(at, 7)
    more = live_payload(at)["frames"]
    assert len(more) <= 7 and more[0]["step"] == steps[-1] + 10
    assert more[-1]["loss"][0] < first["frames"][0]["loss"][0]
    assert "g" in more[-1]  # the last frame of a batch carries the gradients for hover
    at.button(key="play").click().run()  # pause: one frame of the current state
    paused = live_payload(at)
    assert not paused["playing"] and paused["frames"][-1]["step"] == more[-1]["step"]


@pytest.mark.parametrize(
    ("key", "value", "check"),
    [
        ("dataset", "xor", lambda e: e.dataset.name == "xor"),
        ("noise", 30, lambda e: e.cfg.noise == 30),
        ("train", 70, lambda e: len(e.train.X) == 350),
        ("points", 200, lambda e: len(e.dataset.X) == 200),
        ("seed", 7, lambda e: e.cfg.seed == 7),
        ("layers", "3", lambda e: e.net.sizes == (2, 3, 1)),
        ("activation", "relu", lambda e: e.net.activations == ("relu", "relu")),
        ("lr", 0.3, lambda e: e.trainer.learning_rate == 0.3),
        ("optimizer", "adam", lambda e: e.cfg.optimizer == "adam"),
        ("batch", 32, lambda e: e.cfg.batch == 32),
        ("reg", "l2", lambda e: e.cfg.reg == "l2"),
        ("rate", 0.01, lambda e: e.cfg.rate == 0.01),
        ("init", "zeros", lambda e: not np.any(np.array(e.net.weights[0]))),
        ("test", True, lambda e: e.cfg.test),
        ("discrete", True, lambda e: e.cfg.discrete),
        ("speed", 5, lambda e: e.cfg.speed == 5),
        ("log_loss", True, lambda e: True),
        ("edge_gradients", True, lambda e: True),
    ],
)
def test_each_control_changes_the_experiment(key: str, value: object, check) -> None:
    at = _app()
    widget = next(w for w in at.main if getattr(w, "key", None) == key)
    widget.set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    assert check(_experiment(at))
    if key in ("log_loss", "edge_gradients"):  # display options: in the view, not the link
        view = live_payload(at)["view"]
        assert view["log_loss"] if key == "log_loss" else view["edge_mode"] == "gradient"
        return
    assert at.query_params[key] == (str(value).lower() if isinstance(value, bool) else str(value))


def test_features_control_changes_the_input_layer() -> None:
    at = _app()
    at.session_state["features"] = ["x1", "x2", "x1sq"]
    at.run()
    assert _experiment(at).net.sizes[0] == 3
    assert at.query_params["features"] == "x1,x2,x1sq"


def test_classes_control_for_blobs() -> None:
    at = _app(dataset="blobs")
    at.slider(key="classes").set_value(5).run()
    experiment = _experiment(at)
    assert experiment.dataset.n_classes == 5
    assert experiment.net.sizes[-1] == 5


def test_layer_buttons_add_and_remove() -> None:
    at = _app()
    at.button(key="add_layer").click().run()
    assert _experiment(at).net.sizes == (2, 4, 2, 4, 1)
    at.button(key="add_neuron_0").click().run()
    assert _experiment(at).net.sizes == (2, 5, 2, 4, 1)
    at.button(key="remove_neuron_1").click().run()
    assert _experiment(at).net.sizes == (2, 5, 1, 4, 1)
    at.button(key="remove_layer").click().run()
    assert _experiment(at).net.sizes == (2, 5, 1, 1)
    assert at.query_params["layers"] == "5,1"


def test_hyperparameter_change_keeps_training_the_same_network() -> None:
    at = _app()
    at.button(key="step_epoch").click().run()
    trained = _weights(at)
    at.select_slider(key="lr").set_value(0.1).run()
    experiment = _experiment(at)
    assert experiment.trainer.steps == 25
    assert all(np.array_equal(a, b) for a, b in zip(trained, _weights(at), strict=True))


def test_architecture_change_resets_the_network() -> None:
    at = _app()
    at.button(key="step_epoch").click().run()
    at.text_input(key="layers").set_value("5").run()
    assert _experiment(at).trainer.steps == 0


def test_regenerate_changes_data_and_keeps_weights() -> None:
    at = _app()
    at.button(key="step").click().run()
    trained = _weights(at)
    old_points = np.array(_experiment(at).dataset.X)
    at.button(key="regenerate").click().run()
    experiment = _experiment(at)
    assert experiment.cfg.seed == 1
    assert not np.array_equal(old_points, experiment.dataset.X)
    assert all(np.array_equal(a, b) for a, b in zip(trained, _weights(at), strict=True))


def test_multiclass_and_regression_switch() -> None:
    at = _app()
    at.selectbox(key="dataset").select("spiral3").run()
    assert not at.exception
    assert _experiment(at).net.output == "softmax"
    assert live_payload(at)["scene"]["sizes"][-1] == 3  # a new scene: three output units
    at.button(key="step_epoch").click().run()
    assert "scene" not in live_payload(at)  # the browser has it already
    assert last_frame(at)["acc"][0] is not None
    at.selectbox(key="dataset").select("plane").run()
    assert not at.exception
    assert _experiment(at).net.output == "linear"
    scene = live_payload(at)["scene"]
    assert scene["task"] == "regression" and scene["target_range"][0] < scene["target_range"][1]
    at.button(key="step_epoch").click().run()
    assert last_frame(at)["acc"] == [None, None]
    assert _train_loss(at) < 1.0


def test_divergence_is_shown_and_reset_recovers() -> None:
    at = _app(dataset="plane", lr="10", layers="8,8", activation="relu")
    for _ in range(10):
        at.button(key="step_epoch").click().run()
        if _experiment(at).trainer.status == "diverged":
            break
    assert _experiment(at).trainer.status == "diverged"
    assert any("diverged" in e.value for e in at.error)
    assert at.button(key="play").disabled
    at.button(key="reset").click().run()
    assert _experiment(at).trainer.status == "ok"
    assert not at.error


def _set(at: AppTest, **action: object) -> AppTest:
    """Do what the weight editor does: send a set_parameter action to the live view."""
    return send_action(at, {"type": "set_parameter", **action})


def test_a_weight_typed_into_the_editor_changes_the_network_and_is_marked() -> None:
    at = _app()
    at.button(key="step_epoch").click().run()
    before = last_frame(at)
    _set(at, kind="weight", layer=0, i=1, j=2, value=3.5)
    assert _experiment(at).net.weights[0][1, 2] == 3.5
    payload = live_payload(at)
    frame = payload["frames"][-1]
    assert payload["flush"] and frame["marker"] == "w¹₂₃ set to 3.5"
    assert frame["step"] == before["step"] and frame["loss"] != before["loss"]
    assert "g" in frame  # the editor and hover read ∂L/∂w of the new network
    _set(at, kind="bias", layer=2, i=None, j=0, value=-2)
    assert _experiment(at).net.biases[2][0] == -2.0
    at.button(key="step").click().run()  # training goes on from the changed network
    assert _experiment(at).trainer.steps == 26


@pytest.mark.parametrize("value", ["3", None, True, 1e308, float("nan"), -5000])
def test_a_bad_value_from_the_editor_changes_nothing_and_says_why(value) -> None:
    at = _app()
    weights = _weights(at)
    _set(at, kind="weight", layer=0, i=0, j=0, value=value)
    assert not at.exception
    assert all(np.array_equal(a, b) for a, b in zip(weights, _weights(at), strict=True))
    assert any("was not set" in warning.value for warning in at.warning)
    assert "marker" not in last_frame(at)


def test_setting_a_weight_while_the_explainer_is_open_redraws_it() -> None:
    at = _app(layers="3")
    at.session_state["lower_tab"] = "Backprop step by step"
    at.run()
    _set(at, kind="weight", layer=0, i=0, j=0, value=2.0)
    shown = " ".join(block.value for block in at.latex)
    assert "2" in shown and _experiment(at).net.weights[0][0, 0] == 2.0
    matrices = [block.value for block in at.latex if "W^{1}" in block.value]
    assert matrices and any("2" in m for m in matrices)


def test_the_first_run_draws_the_transport_and_the_view_and_the_link_reaches_the_controls() -> None:
    link = {"dataset": "spiral", "optimizer": "adam", "layers": "3", "lr": "0.1"}
    at = open_app(link, shown=False)
    assert not at.exception
    header = {"tfp_open", "compare_start", "compare_stop"}  # in the header's menus
    assert {b.key for b in at.button} == {"play", "step", "step_epoch", "reset", *header}
    assert not at.selectbox and not at.slider and not at.select_slider and not at.file_uploader
    assert {t.key for t in at.text_input} == {"tfp_link", "compare_text"}
    assert not at.toggle and not at.tabs
    assert live_payload(at)["scene"]["sizes"] == [2, 3, 1]  # the picture is the link's network
    asked = live_payload(at)["ask_shown"]  # the browser says "shown" once per session it names
    assert isinstance(asked, str) and asked
    at.button(key="step").click().run()  # the transport works before the controls come
    assert _experiment(at).trainer.steps == 1
    first_picture(at)
    assert at.selectbox(key="dataset").value == "spiral"
    assert at.selectbox(key="optimizer").value == "adam"
    assert at.text_input(key="layers").value == "3"
    assert at.select_slider(key="lr").value == 0.1
    assert _experiment(at).trainer.steps == 1  # the controls' arrival keeps the training
    assert "ask_shown" not in live_payload(at)


def test_the_lower_tabs_follow_the_first_picture_and_the_notices_stay() -> None:
    at = open_app({"lr": "100"}, shown=False)
    assert not at.tabs
    assert not any(b.key.startswith("lessons_open_") for b in at.button)
    notice = at.warning[0].value
    first_picture(at)
    assert any(b.key.startswith("lessons_open_") for b in at.button)
    assert at.warning[0].value == notice  # the link's notice is still on the page
    send_action(at, {"type": "shown"})  # a second word changes nothing
    assert any(b.key.startswith("lessons_open_") for b in at.button)
