"""Experiment: what a config builds, which changes reset it, and parameters set by hand."""

from __future__ import annotations

import numpy as np
import pytest

from engine import datasets
from playground.config import Config
from playground.experiment import MAP_POINTS, MAX_PARAMETER, Experiment


def _weights(experiment: Experiment) -> list[np.ndarray]:
    return [np.array(w) for w in experiment.net.weights]


def test_config_builds_matching_data_and_network() -> None:
    cfg = Config(dataset="spiral", points=300, train=70, features=("x1", "x2", "x1sq"), layers=(5,))
    experiment = Experiment(cfg)
    assert experiment.net.sizes == (3, 5, 1)
    assert len(experiment.train.X) == 210 and len(experiment.test.X) == 90
    assert experiment.X_train.shape == (210, 3)
    np.testing.assert_allclose(experiment.X_train[:, 2], experiment.train.X[:, 0] ** 2)


def test_multiclass_and_regression_outputs() -> None:
    blobs = Experiment(Config(dataset="blobs", classes=4))
    assert (blobs.net.output, blobs.net.sizes[-1]) == ("softmax", 4)
    plane = Experiment(Config(dataset="plane"))
    assert plane.net.output == "linear"
    assert plane.trainer.evaluate()["train_accuracy"] is None


def test_neuron_maps_cover_every_unit_and_match_predict() -> None:
    experiment = Experiment(Config(layers=(3, 2)))
    maps = experiment.neuron_maps()
    g = MAP_POINTS
    assert [m.shape for m in maps] == [(2, g, g), (3, g, g), (2, g, g), (1, g, g)]
    # Row i is x2 = axis[i], column j is x1 = axis[j]: the map of x1 grows along columns.
    assert np.all(np.diff(maps[0][0], axis=1) > 0)
    corner = experiment.net.predict(np.array([[-6.0, -6.0], [6.0, 6.0]]))[:, 0]
    np.testing.assert_allclose(maps[-1][0][[0, -1], [0, -1]], corner, rtol=1e-12)


def test_a_weight_or_bias_set_by_hand_changes_the_network_and_is_marked() -> None:
    experiment = Experiment(Config(layers=(3,)))
    experiment.trainer.run_epochs(1)
    before = experiment.trainer.evaluate()["train_loss"]
    text = experiment.set_parameter("weight", 0, 1, 2, 2.5)
    assert experiment.net.weights[0][1, 2] == 2.5 and text == "w¹₂₃ set to 2.5"
    assert experiment.set_parameter("bias", 1, None, 0, -1.0) == "b²₁ set to -1"
    assert experiment.net.biases[1][0] == -1.0
    assert experiment.trainer.evaluate()["train_loss"] != before
    assert [(m.step, m.text) for m in experiment.markers] == [(25, text), (25, "b²₁ set to -1")]
    experiment.reset()
    assert experiment.markers == []  # a new run has no marks


@pytest.mark.parametrize(
    ("kind", "layer", "i", "j", "value"),
    [
        ("weight", 0, 0, 0, float("nan")),
        ("weight", 0, 0, 0, float("inf")),
        ("weight", 0, 0, 0, -float("inf")),
        ("weight", 0, 0, 0, 1e308),
        ("weight", 0, 0, 0, MAX_PARAMETER * 1.01),
        ("weight", 0, 0, 0, "3"),
        ("weight", 0, 0, 0, True),
        ("weight", 0, 0, 0, None),
        ("weight", 5, 0, 0, 1.0),
        ("weight", 0, 9, 0, 1.0),
        ("weight", 0, -1, 0, 1.0),
        ("bias", 0, None, 7, 1.0),
        ("gamma", 0, 0, 0, 1.0),
    ],
)
def test_bad_hand_set_values_change_nothing(kind, layer, i, j, value) -> None:
    experiment = Experiment(Config(layers=(3,)))
    weights, biases = _weights(experiment), [b.copy() for b in experiment.net.biases]
    with pytest.raises(ValueError):
        experiment.set_parameter(kind, layer, i, j, value)
    assert all(np.array_equal(a, b) for a, b in zip(weights, _weights(experiment), strict=True))
    assert all(np.array_equal(a, b) for a, b in zip(biases, experiment.net.biases, strict=True))
    assert experiment.markers == []


def test_hyperparameter_change_keeps_weights_architecture_change_resets() -> None:
    cfg = Config()
    experiment = Experiment(cfg)
    experiment.trainer.run_epochs(1)
    trained = _weights(experiment)
    assert experiment.update(cfg.replace(lr=0.1, optimizer="adam")) == "hyper"
    assert all(np.array_equal(a, b) for a, b in zip(trained, _weights(experiment), strict=True))
    assert experiment.trainer.learning_rate == 0.1
    assert experiment.update(cfg.replace(lr=0.1, optimizer="adam", test=True)) == "same"
    assert experiment.update(cfg.replace(layers=(3,))) == "reset"
    assert experiment.trainer.steps == 0


def test_reset_gives_the_seeds_initial_weights_again() -> None:
    experiment = Experiment(Config(seed=3))
    initial = _weights(experiment)
    experiment.trainer.run_epochs(2)
    experiment.reset()
    assert all(np.array_equal(a, b) for a, b in zip(initial, _weights(experiment), strict=True))
    assert len(experiment.trainer.history) == 0


def test_regenerate_keeps_the_network() -> None:
    cfg = Config()
    experiment = Experiment(cfg)
    experiment.trainer.run_epochs(1)
    trained = _weights(experiment)
    assert experiment.update(cfg.replace(seed=1), keep_network=True) == "data"
    assert all(np.array_equal(a, b) for a, b in zip(trained, _weights(experiment), strict=True))
    assert experiment.trainer.steps == 0  # a new trainer over the new data


def test_csv_without_an_upload_falls_back_and_upload_is_used() -> None:
    fallback = Experiment(Config(dataset="csv"))
    assert fallback.dataset.name == "circle"
    rows = "\n".join(f"{i % 7},{i % 5},{'a' if i % 2 else 'b'}" for i in range(40))
    uploaded = datasets.from_csv(rows.encode())
    experiment = Experiment(Config(dataset="csv"), uploaded)
    assert experiment.dataset is uploaded
    assert experiment.dataset.class_names == ("a", "b")


def test_same_config_same_training_bit_for_bit() -> None:
    runs = []
    for _ in range(2):
        experiment = Experiment(Config(dataset="xor", seed=5, optimizer="adam"))
        experiment.trainer.step(37)
        runs.append((_weights(experiment), experiment.trainer.history.train_loss))
    assert all(np.array_equal(a, b) for a, b in zip(runs[0][0], runs[1][0], strict=True))
    assert runs[0][1] == runs[1][1]
