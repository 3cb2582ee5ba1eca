"""Experiment: what a config builds, which changes reset the network, what a frame holds."""

from __future__ import annotations

import numpy as np

from engine import datasets
from playground.config import Config
from playground.experiment import GRID_SIZE, MAP_STRIDE, Experiment


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
    assert blobs.frame().output.shape == (GRID_SIZE, GRID_SIZE, 4)
    plane = Experiment(Config(dataset="plane"))
    assert plane.net.output == "linear"
    frame = plane.frame()
    assert frame.output.shape == (GRID_SIZE, GRID_SIZE) and frame.train_accuracy is None


def test_frame_maps_every_neuron_and_matches_predict() -> None:
    experiment = Experiment(Config(layers=(3, 2)))
    frame = experiment.frame()
    g = GRID_SIZE // MAP_STRIDE
    assert [m.shape for m in frame.layer_maps] == [(2, g, g), (3, g, g), (2, g, g), (1, g, g)]
    # Grid row i is x2 = axis[i], column j is x1 = axis[j]; the map of x1 grows along columns.
    assert np.all(np.diff(frame.layer_maps[0][0], axis=1) > 0)
    corner = experiment.net.predict(np.array([[-6.0, -6.0], [6.0, 6.0]]))[:, 0]
    np.testing.assert_allclose(frame.output[[0, -1], [0, -1]], corner, rtol=1e-4)


def test_frame_output_is_not_overwritten_by_the_next_frame() -> None:
    experiment = Experiment(Config())
    first = experiment.frame().output
    kept = first.copy()
    experiment.trainer.run_epochs(3)
    experiment.frame()
    np.testing.assert_array_equal(first, kept)


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
