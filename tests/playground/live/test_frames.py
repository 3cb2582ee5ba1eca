"""What the live view receives: scenes, frames and curves built from the experiment."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from engine.datasets import from_csv
from playground.config import Config
from playground.experiment import Experiment
from playground.live import frames


def _decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4")


def test_flat_parameters_use_the_layout_the_browser_reads() -> None:
    experiment = Experiment(Config(layers=(3, 2)))
    experiment.trainer.run_epochs(1)
    flat = frames.flat_parameters(experiment)
    net = experiment.net
    assert flat.size == net.n_parameters
    # Rebuild z = a W + b from the flat vector as the browser's Model does, and compare.
    X = experiment.X_train[:7]
    a, offset = X, 0
    for layer in range(net.n_layers):
        fan_in, fan_out = net.sizes[layer], net.sizes[layer + 1]
        block = flat[offset : offset + (fan_in + 1) * fan_out].reshape(fan_in + 1, fan_out)
        offset += block.size
        np.testing.assert_array_equal(block[:-1], net.weights[layer])
        np.testing.assert_array_equal(block[-1], net.biases[layer])
        a = a @ block[:-1] + block[-1]  # (n, fan_out)
        a = np.tanh(a) if layer < net.n_layers - 1 else 1 / (1 + np.exp(-a))
    np.testing.assert_allclose(a, net.predict(X), rtol=1e-12)


def test_floats_round_trip_as_little_endian_float32() -> None:
    values = np.array([0.1, -2.5, 1e38, 3e39, -np.inf])
    decoded = _decode(frames.floats(values))
    np.testing.assert_array_equal(decoded[:3], values[:3].astype(np.float32))
    assert decoded[3] == np.inf and decoded[4] == -np.inf  # beyond float32: inf, no warning


def test_a_frame_carries_the_step_losses_and_parameters() -> None:
    experiment = Experiment(Config(dataset="xor", layers=(4,)))
    experiment.trainer.step(30)
    scores = experiment.trainer.evaluate()
    frame = frames.frame(experiment, scores, gradients=True, marker="w¹₁₁ set to 1")
    assert frame["step"] == 30 and frame["epoch"] == pytest.approx(30 / 25)
    assert frame["loss"] == [scores["train_loss"], scores["test_loss"]]
    assert frame["acc"] == [scores["train_accuracy"], scores["test_accuracy"]]
    np.testing.assert_array_equal(
        _decode(frame["p"]), frames.flat_parameters(experiment).astype(np.float32)
    )
    grads = _decode(frame["g"])
    assert grads.shape == _decode(frame["p"]).shape and np.abs(grads).max() > 0
    assert len(frame["gn"]) == experiment.net.n_layers
    assert frame["marker"] == "w¹₁₁ set to 1" and frame["status"] == "ok"
    assert "g" not in frames.frame(experiment, scores, gradients=False)


def test_a_diverged_loss_is_sent_as_missing_not_as_nan() -> None:
    experiment = Experiment(Config())
    scores = {"train_loss": float("nan"), "test_loss": float("inf"), "train_accuracy": 0.5}
    frame = frames.frame(experiment, {**scores, "test_accuracy": None}, gradients=False)
    assert frame["loss"] == [None, None] and frame["acc"] == [0.5, None]


def test_the_scene_changes_with_the_network_and_with_the_data() -> None:
    cfg = Config(dataset="spiral", features=("x1", "x2", "sinx1"), layers=(5,))
    experiment = Experiment(cfg)
    scene = frames.scene(experiment)
    assert scene["sizes"] == [3, 5, 1] and scene["activations"] == ["tanh"]
    assert scene["feature_labels"] == ["x₁", "x₂", "sin x₁"]
    assert scene["extent"] == [-6.0, 6.0, -6.0, 6.0]
    train_x = _decode(scene["data"]["train_x"]).reshape(-1, 2)
    np.testing.assert_array_equal(train_x, experiment.train.X.astype(np.float32))
    first = scene["id"]
    experiment.update(cfg.replace(seed=1), keep_network=True)  # Regenerate: new data, same net
    assert frames.scene_id(experiment) != first
    second = frames.scene_id(experiment)
    experiment.reset()
    assert frames.scene_id(experiment) not in (first, second)


def test_regression_scenes_carry_the_target_range_in_its_own_units() -> None:
    rows = "\n".join(f"{i % 7},{i % 5},{i}" for i in range(30))
    upload = from_csv(f"x1,x2,price\n{rows}".encode())
    experiment = Experiment(Config(dataset="csv"), upload)
    scene = frames.scene(experiment)
    assert scene["task"] == "regression" and scene["target_range"] == [-1.0, 1.0]  # trained on
    units = scene["target_units"]  # shown as price = offset + scale * value
    assert units == {"name": "price", "offset": 14.5, "scale": 14.5}
    plane = frames.scene(Experiment(Config(dataset="plane")))["target_units"]
    assert plane == {"name": "y", "offset": 0.0, "scale": 1.0}


def test_history_is_thinned_and_keeps_the_latest_row() -> None:
    experiment = Experiment(Config(batch=1, points=100, train=50))
    for _ in range(1500):
        experiment.trainer.step(1)
    history = frames.history(experiment)
    assert len(history["step"]) == frames.MAX_HISTORY_POINTS
    assert history["step"][0] == 1 and history["step"][-1] == 1500
    assert len(history["grad_norms"][0]) == experiment.net.n_layers
    experiment.set_parameter("bias", 0, None, 0, 0.5)
    assert frames.history(experiment)["markers"] == [{"epoch": 30.0, "text": "b¹₁ set to 0.5"}]


def test_layer_space_points_are_the_engines_own_activations_exactly() -> None:
    experiment = Experiment(Config(dataset="circle", layers=(5, 3), activation=("relu", "tanh")))
    experiment.trainer.run_epochs(2)
    space = frames.layer_space(experiment, layer=1, units=(4, 2))
    forward = experiment.net.forward(experiment.X_train).a[0]  # (n_train, 5)
    points = _decode(space["points"]).reshape(-1, 2)
    np.testing.assert_array_equal(points, forward[:, [4, 2]].astype(np.float32))
    assert space["layer"] == 1 and space["units"] == [4, 2]
