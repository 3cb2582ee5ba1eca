"""Tests of the config's table, defaults, validation, serialization and helpers for the app."""

import dataclasses
import json

import numpy as np
import pytest

from playground.config import (
    ACTIVATION_NAMES,
    DATASET_NAMES,
    DATASET_TASKS,
    FEATURE_NAMES,
    FIELDS,
    HIDEABLE_CONTROLS,
    INITIALIZER_NAMES,
    LEARNING_RATES,
    OPTIMIZER_NAMES,
    REGULARIZATION_RATES,
    REGULARIZER_NAMES,
    Config,
)
from playground.config.drawn import Drawing

CONTRACT_FIELDS = [
    *("dataset", "noise", "train", "points", "seed", "classes", "features", "layers"),
    *("activation", "lr", "optimizer", "batch", "reg", "rate", "init", "test", "discrete"),
    *("speed", "hide", "mode", "drawn", "compare"),
]


def test_fields_follow_the_contract_order_and_metadata_table():
    assert [field.name for field in dataclasses.fields(Config)] == CONTRACT_FIELDS
    assert list(FIELDS) == CONTRACT_FIELDS
    assert Config.FIELDS is FIELDS
    for spec in FIELDS.values():
        assert spec.label and "\n" not in spec.label
        assert spec.help and "\n" not in spec.help


def test_option_lists_match_the_engine_registry_names():
    generated = ("circle", "xor", "gauss", "spiral", "moons", "blobs", "spiral3", "plane", "bumps")
    assert set(DATASET_NAMES) == {*generated, "drawn", "csv"}
    assert set(ACTIVATION_NAMES) == {
        "relu",
        "leaky_relu",
        "elu",
        "tanh",
        "sigmoid",
        "softplus",
        "sine",
        "linear",
    }
    assert OPTIMIZER_NAMES == ("sgd", "momentum", "adam", "rmsprop")
    assert REGULARIZER_NAMES == ("none", "l1", "l2")
    assert INITIALIZER_NAMES == ("auto", "xavier", "he", "uniform", "zeros")
    assert FEATURE_NAMES == ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
    assert LEARNING_RATES[0] == 0.00001 and LEARNING_RATES[-1] == 10
    assert len(LEARNING_RATES) == 11
    assert REGULARIZATION_RATES[:2] == (0.0, 0.001) and len(REGULARIZATION_RATES) == 10
    assert "hide" not in HIDEABLE_CONTROLS and "mode" not in HIDEABLE_CONTROLS
    assert "lr" in HIDEABLE_CONTROLS


def test_dataset_tasks_cover_every_generated_dataset():
    assert set(DATASET_TASKS) == set(DATASET_NAMES) - {"drawn", "csv"}  # theirs is in the data
    assert DATASET_TASKS["plane"] == DATASET_TASKS["bumps"] == "regression"
    assert DATASET_TASKS["blobs"] == DATASET_TASKS["spiral3"] == "multiclass"
    assert DATASET_TASKS["spiral"] == "binary"


def test_defaults_are_the_contract_defaults_and_serialize_to_nothing():
    cfg = Config()
    assert (cfg.dataset, cfg.noise, cfg.train, cfg.points, cfg.seed, cfg.classes) == (
        "circle",
        0,
        50,
        500,
        0,
        3,
    )
    assert cfg.features == ("x1", "x2") and cfg.layers == (4, 2) and cfg.activation == ("tanh",)
    assert (cfg.lr, cfg.optimizer, cfg.batch, cfg.reg, cfg.rate, cfg.init) == (
        0.03,
        "sgd",
        10,
        "none",
        0.0,
        "auto",
    )
    assert (cfg.test, cfg.discrete, cfg.speed, cfg.hide, cfg.mode) == (
        False,
        False,
        25,
        (),
        "normal",
    )
    assert cfg.to_query() == {}
    assert cfg.share_url("https://host/app") == "https://host/app"
    assert Config.from_query({}) == (cfg, [])


def test_to_query_is_minimal_and_readable():
    cfg = Config(
        lr=0.00001,
        rate=0.003,
        layers=(),
        test=True,
        features=("x1", "x2", "x1sq"),
        activation=("relu",),
        hide=("lr", "seed"),
    )
    assert cfg.to_query() == {
        "features": "x1,x2,x1sq",
        "layers": "0",
        "activation": "relu",
        "lr": "0.00001",
        "rate": "0.003",
        "test": "true",
        "hide": "lr,seed",
    }
    assert Config(lr=1.0, rate=10.0).to_query() == {"lr": "1", "rate": "10"}


def test_share_url_appends_to_an_existing_query():
    assert Config(seed=7).share_url("https://host/app?lesson=1") == (
        "https://host/app?lesson=1&seed=7"
    )


def test_replace_validates_and_normalizes():
    cfg = Config().replace(points=np.int64(800), layers=[3, 3], activation="relu", lr=1)
    assert cfg.points == 800 and type(cfg.points) is int
    assert cfg.layers == (3, 3) and cfg.activation == ("relu",)
    assert cfg.lr == 1.0 and type(cfg.lr) is float
    with pytest.raises(ValueError, match="Config.points must be a whole number in 50..2000"):
        cfg.replace(points=10)
    with pytest.raises(ValueError, match="no field colour"):
        cfg.replace(colour="red")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dataset": "mnist"}, "Config.dataset must be one of circle"),
        ({"lr": 0.05}, "Config.lr must be one of 0.00001, 0.0001"),
        ({"points": True}, "Config.points must be a whole number"),
        ({"points": 500.0}, "Config.points must be a whole number"),
        ({"features": ()}, "Config.features needs at least 1 name"),
        ({"features": ("x1", "x1")}, "Config.features must not repeat a name"),
        ({"layers": (9,)}, "Config.layers must be a tuple of at most 6 widths in 1..8"),
        ({"layers": (1,) * 7}, "Config.layers must be a tuple of at most 6 widths"),
        ({"activation": ("relu", "tanh", "elu")}, "one activation or one per hidden layer"),
        ({"activation": ("swish",)}, "Config.activation must be a tuple of names"),
        ({"test": "yes"}, "Config.test must be True or False"),
        ({"hide": ("mode",)}, "Config.hide must be a tuple of names"),
    ],
)
def test_constructing_an_invalid_config_raises_clear_value_error(changes, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        Config(**changes)


def test_hidden_activations_expand_one_name():
    assert Config(layers=(4, 2, 3)).hidden_activations == ("tanh", "tanh", "tanh")
    assert Config(layers=()).hidden_activations == ()


def test_with_layers_keeps_per_layer_activations_aligned():
    cfg = Config(layers=(4, 2), activation=("relu", "sigmoid"))
    assert cfg.with_layers((4, 2, 2)).activation == ("relu", "sigmoid", "sigmoid")
    assert cfg.with_layers((4,)).activation == ("relu",)
    assert cfg.with_layers(()).activation == ("relu",)
    assert Config().with_layers((5, 5, 5)) == Config(layers=(5, 5, 5))


def test_data_and_network_keys_change_only_with_their_fields():
    base = Config()
    assert base.data_key() == ("circle", 0, 50, 500, 0, 3, "")
    # A drawing is the data only when the drawn dataset is chosen.
    text = Drawing().with_point(1.0, 2.0, 1, False).encode()
    assert base.replace(drawn=text).data_key() == base.data_key()
    drawn = base.replace(dataset="drawn", drawn=text)
    assert drawn.data_key() != base.replace(dataset="drawn").data_key()
    hyper = base.replace(lr=0.3, optimizer="adam", speed=5, test=True)
    assert hyper.data_key() == base.data_key() and hyper.network_key() == base.network_key()
    shape = base.replace(layers=(3,))
    assert shape.data_key() == base.data_key() and shape.network_key() != base.network_key()
    assert base.replace(noise=10).data_key() != base.data_key()
    assert base.replace(init="zeros").network_key() != base.network_key()
    # Naming the same activation per layer is the same network.
    same = base.replace(activation=("tanh", "tanh"))
    assert same.network_key() == base.network_key()


def test_json_export_round_trips_and_is_readable():
    cfg = Config(dataset="blobs", classes=4, layers=(), lr=0.00001, hide=("seed",))
    text = cfg.to_json()
    data = json.loads(text)
    assert data["layers"] == [] and data["lr"] == 0.00001 and data["hide"] == ["seed"]
    assert Config.from_json(text) == (cfg, [])
    assert Config.from_json(text.encode()) == (cfg, [])


def test_json_import_reports_problems_without_raising():
    cfg, warnings = Config.from_json("{not json")
    assert cfg == Config() and warnings[0].startswith("The settings file is not valid JSON (")
    assert Config.from_json("[1, 2]") == (
        Config(),
        ["The settings file must hold one JSON object; using the defaults."],
    )
    for hostile in ["[" * 100_000, "1" * 5000, None, b"\xff\xfe"]:
        cfg, warnings = Config.from_json(hostile)
        assert cfg == Config() and len(warnings) == 1 and len(warnings[0]) < 200
    cfg, warnings = Config.from_json('{"points": 5, "layers": [4, "x"], "hue": 1}')
    assert cfg == Config(points=50)
    assert warnings == [
        "Unknown parameter 'hue' ignored.",
        "points=5 is below the minimum 50; using 50.",
        "layers=4,x is not a comma list of numbers; using 4,2.",
    ]
