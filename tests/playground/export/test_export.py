"""Export files read back exactly; every malformed import is refused with a message."""

import csv
import io
import json
import re

import numpy as np
import pytest

from engine import datasets
from playground.config import Config
from playground.experiment import Experiment
from playground.export.files import (
    MAX_IMPORT_BYTES,
    WEIGHTS_FORMAT,
    WEIGHTS_VERSION,
    LoadError,
    config_json,
    data_csv,
    history_csv,
    load_network,
    read_upload,
    weights_json,
)

TRAINED = Config(dataset="xor", layers=(5, 3), activation=("tanh", "relu"), lr=0.1, seed=7)


@pytest.fixture(scope="module")
def trained() -> Experiment:
    experiment = Experiment(TRAINED)
    experiment.trainer.step(3)
    experiment.trainer.run_epochs(2)
    experiment.trainer.step(4)
    return experiment


def weights_document(experiment: Experiment) -> dict:
    return json.loads(weights_json(experiment))


def refused(payload, pattern: str) -> str:
    """Assert read_upload refuses the payload (dict -> JSON) with a matching message."""
    raw = json.dumps(payload) if isinstance(payload, dict | list) else payload
    with pytest.raises(LoadError, match=pattern) as caught:
        read_upload(raw)
    return str(caught.value)


# --- round trips --------------------------------------------------------------------------------


def test_weights_carry_the_loss_curve_and_give_it_back(trained):
    loaded = read_upload(weights_json(trained))
    assert loaded.history.to_rows() == trained.trainer.history.to_rows()
    document = weights_document(trained)
    del document["history"]  # a file saved before curves were kept still loads, without one
    assert read_upload(json.dumps(document)).history is None


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        (lambda rows: "lots", "must be a list of rows"),
        (lambda rows: [*rows[:-1], {"step": 1}], "history row 4 is not a saved history row"),
        (lambda rows: [*rows[:-1], {**rows[-1], "train_loss": "x"}], "row 4 is not a saved"),
        (lambda rows: list(reversed(rows)), "steps must rise"),
        (lambda rows: [*rows[:-1], {**rows[-1], "step": 10**6}], "steps must rise"),
        (lambda rows: [*rows[:-1], {**rows[-1], "train_loss": "HUGE"}], "not a finite number"),
    ],
    ids=["not a list", "missing columns", "text loss", "falling steps", "past steps", "infinite"],
)
def test_a_damaged_loss_curve_is_refused_with_a_reason(trained, change, pattern):
    document = weights_document(trained)
    document["history"] = change(document["history"])
    # 1e400 is valid JSON that reads as infinity (a literal Infinity is refused earlier).
    refused(json.dumps(document).replace('"HUGE"', "1e400"), pattern)


def test_a_long_curve_is_thinned_in_the_file_keeping_the_latest_point():
    experiment = Experiment(Config(points=100, batch=1))
    for _ in range(2500):
        experiment.trainer.step(1)
    rows = weights_document(experiment)["history"]
    assert len(rows) == 2000 and rows[-1]["step"] == 2500
    assert read_upload(weights_json(experiment)).history.step[-1] == 2500


def test_weights_round_trip_gives_an_identical_network(trained):
    loaded = read_upload(weights_json(trained).encode())
    assert loaded.config == TRAINED
    assert loaded.steps == trained.trainer.steps == 3 + 2 * 25 - 3 + 4  # run_epochs ends epochs
    fresh = Experiment(loaded.config)
    load_network(fresh.net, loaded.network)
    for layer in range(trained.net.n_layers):
        assert fresh.net.weights[layer].tobytes() == trained.net.weights[layer].tobytes()
        assert fresh.net.biases[layer].tobytes() == trained.net.biases[layer].tobytes()
    assert fresh.trainer.evaluate() == trained.trainer.evaluate()


def test_weights_file_has_format_version_config_and_steps(trained):
    document = weights_document(trained)
    assert document["format"] == WEIGHTS_FORMAT and document["version"] == WEIGHTS_VERSION
    assert document["steps"] == trained.trainer.steps
    assert document["epoch"] == pytest.approx(trained.trainer.epoch_fraction)
    assert Config.from_query(document["config"]) == (TRAINED, [])
    assert document["network"]["sizes"] == [2, 5, 3, 1]


def test_settings_file_round_trip():
    cfg = Config(dataset="spiral", features=("x1", "sinx2"), layers=(8, 2), reg="l1", rate=0.3)
    loaded = read_upload(config_json(cfg))
    assert loaded.config == cfg and loaded.network is None and loaded.steps == 0


def test_load_network_refuses_other_sizes(trained):
    loaded = read_upload(weights_json(trained))
    other = Experiment(TRAINED.with_layers((4,)))
    with pytest.raises(LoadError, match="sizes"):
        load_network(other.net, loaded.network)


# --- malformed files ----------------------------------------------------------------------------


def test_invalid_json_names_the_place():
    message = refused('{"format": "nn-playground-weights",\n "version": }', "not valid JSON")
    assert "line 2" in message


@pytest.mark.parametrize(
    ("raw", "pattern"),
    [
        (b"\xff\xfe\x00{", "not UTF-8"),
        (b"[1, 2]", "one JSON object"),
        (b'"text"', "one JSON object"),
        (b'{"noise": NaN}', "NaN"),
        (b'{"noise": -Infinity}', "-Infinity"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"seed": ' + b"9" * 5000 + b"}", "number too long"),
        (b'{"layers": "9,9"}', "settings file are not valid"),
        (b'{"colour": "red"}', "Unknown parameter"),
        (b" " * (MAX_IMPORT_BYTES + 1), "limit is 1 MB"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_unreadable_or_invalid_files(raw, pattern):
    message = refused(raw, pattern)
    assert message.count("The file") <= 1  # one plain sentence, not a wrapped error


def break_document(document: dict, path: tuple, value) -> dict:
    """A copy with document[path...] set to value (or removed when value is KeyError)."""
    document = json.loads(json.dumps(document))
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "pattern"),
    [
        (("format",), "something-else", "not a playground weights file"),
        (("version",), 2, "version 2; this playground reads version 1"),
        (("version",), "1", 'version "1"'),
        (("version",), True, "version true"),
        (("version",), 1.0, "version 1.0"),
        (("version",), KeyError, "version null"),
        (("config",), KeyError, "lacks 'config'"),
        (("network",), KeyError, "lacks 'network'"),
        (("steps",), KeyError, "lacks 'steps'"),
        (("steps",), -1, "'steps' must be"),
        (("steps",), 2.5, "'steps' must be"),
        (("steps",), True, "'steps' must be"),
        (("steps",), 10**13, "'steps' must be"),
        (("config",), [1, 2], "must be a JSON object"),
        (("config", "layers"), "9", "settings in the weights file are not valid"),
        (("config", "optimizer"), "magic", "settings in the weights file are not valid"),
        (("network",), "weights", "'network' must be a JSON object"),
        (("network", "biases"), KeyError, "lacks 'biases'"),
        (("network", "sizes"), [2, 5, 1], r"sizes \[2, 5, 1\] do not match.*\[2, 5, 3, 1\]"),
        (("network", "sizes"), [2, 5, 3, True], "sizes"),
        (("network", "sizes"), [2.0, 5, 3, 1], "sizes"),
        (("network", "activations"), ["tanh", "tanh"], "activations"),
        (("network", "output"), "softmax", "output"),
        (("network", "weights"), [], "list of 3 arrays"),
        (("network", "weights"), {"0": 1}, "list of 3 arrays"),
        (("network", "weights", 0), [[0.1] * 5], r"layer 1 must be numbers of shape \(2, 5\)"),
        (("network", "weights", 1, 2), [0.1, 0.2], r"layer 2 must be numbers of shape \(5, 3\)"),
        (("network", "weights", 2, 0), ["0.5"], "layer 3 must be numbers"),
        (("network", "weights", 2, 0), [True], "layer 3 must be numbers"),
        (("network", "weights", 2, 0), [None], "layer 3 must be numbers"),
        (("network", "biases", 0), [0.0] * 6, r"biases of layer 1 must be numbers of shape \(5,\)"),
        (("network", "biases", 1), [[0.0, 0.0, 0.0]], "biases of layer 2"),
    ],
)
def test_broken_weights_files_are_refused(trained, path, value, pattern):
    refused(break_document(weights_document(trained), path, value), pattern)


def test_overflowing_number_in_weights_is_refused(trained):
    text = weights_json(trained)
    broken = re.sub(r"(\"weights\": \[\s*\[\s*\[\s*)[-0-9.e]+", r"\g<1>1e999", text, count=1)
    assert broken != text
    refused(broken, "weights of layer 1 hold a value that is not finite")


def test_csv_dataset_weights_are_checked_against_the_uploaded_classes():
    upload = datasets.from_csv(b"x1,x2,label\n0,0,a\n1,1,b\n2,0,c\n0,2,a\n1,2,b\n2,2,c\n")
    experiment = Experiment(Config(dataset="csv", layers=(3,)), upload)
    text = weights_json(experiment)
    assert read_upload(text, upload).network["sizes"] == [2, 3, 3]
    # without the upload a csv config shows the circle: one sigmoid output, so the file is refused
    with pytest.raises(LoadError, match="sizes"):
        read_upload(text, None)


# --- data and history files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["xor", "blobs", "plane"])
def test_data_csv_holds_every_point_with_class_names_and_split(name):
    experiment = Experiment(Config(dataset=name, points=120, noise=20, train=30))
    rows = list(csv.reader(io.StringIO(data_csv(experiment))))
    assert rows[0] == ["x1", "x2", "label", "split"]
    body = rows[1:]
    n_train, n_test = len(experiment.train.y), len(experiment.test.y)
    assert len(body) == n_train + n_test == 120
    assert [row[3] for row in body] == ["train"] * n_train + ["test"] * n_test
    X = np.array([[float(row[0]), float(row[1])] for row in body])
    np.testing.assert_array_equal(X, np.vstack([experiment.train.X, experiment.test.X]))
    y = np.concatenate([experiment.train.y, experiment.test.y])
    if experiment.task == "regression":
        np.testing.assert_array_equal([float(row[2]) for row in body], y)
    else:
        names = experiment.dataset.class_names
        assert [row[2] for row in body] == [names[int(label)] for label in y]


@pytest.mark.parametrize("name", ["circle", "blobs", "plane"])
def test_data_csv_without_split_reads_back_with_from_csv(name):
    experiment = Experiment(Config(dataset=name, points=200, noise=10, classes=4))
    dataset = datasets.from_csv(data_csv(experiment, with_split=False).encode())
    y = np.concatenate([experiment.train.y, experiment.test.y])
    X = np.vstack([experiment.train.X, experiment.test.X])
    assert dataset.X.shape == (200, 2) and dataset.task == experiment.task
    # from_csv maps each column from its min..max onto [-6, 6]
    low, high = X.min(axis=0), X.max(axis=0)
    np.testing.assert_allclose(dataset.X, -6 + (X - low) / (high - low) * 12, atol=1e-9)
    if experiment.task == "regression":
        np.testing.assert_allclose(dataset.y, -1 + (y - y.min()) / (y.max() - y.min()) * 2)
    else:
        np.testing.assert_array_equal(dataset.y, y)
        assert dataset.class_names == experiment.dataset.class_names


def test_history_csv_has_one_row_per_record_with_gradient_norms(trained):
    history = trained.trainer.history
    rows = list(csv.DictReader(io.StringIO(history_csv(history))))
    assert len(rows) == len(history) == 4
    assert list(rows[0])[-4:] == ["grad_norm_1", "grad_norm_2", "grad_norm_3", "event"]
    assert [int(row["step"]) for row in rows] == history.step
    assert [float(row["train_loss"]) for row in rows] == history.train_loss
    assert [float(row["grad_norm_3"]) for row in rows] == [g[2] for g in history.grad_norms]


def test_a_weight_set_by_hand_is_a_line_of_the_history_export():
    experiment = Experiment(Config(layers=(3,)))
    experiment.trainer.step(5)
    experiment.set_parameter("weight", 0, 0, 2, 1.5)
    experiment.trainer.step(5)
    rows = list(
        csv.DictReader(io.StringIO(history_csv(experiment.trainer.history, experiment.markers)))
    )
    assert [(row["step"], row["event"]) for row in rows] == [
        ("5", ""),
        ("5", "w¹₁₃ set to 1.5"),
        ("10", ""),
    ]
    after = experiment.markers[0].scores["train_loss"]
    assert float(rows[1]["train_loss"]) == after != float(rows[0]["train_loss"])


def test_empty_history_csv_is_a_header():
    experiment = Experiment(Config())
    assert history_csv(experiment.trainer.history).startswith("step,epoch,train_loss")


def test_regression_history_has_empty_accuracy_cells():
    experiment = Experiment(Config(dataset="plane"))
    experiment.trainer.step(2)
    row = next(csv.DictReader(io.StringIO(history_csv(experiment.trainer.history))))
    assert row["train_accuracy"] == "" and row["test_accuracy"] == ""
