"""Tests of reading URL parameters into a Config: parsing, clamping, snapping and warnings."""

from urllib.parse import parse_qs, urlsplit

import pytest

from playground.config import Config


def parse(**params):
    return Config.from_query(params)


def test_example_url_parses_and_shares_back_without_defaults():
    url = "https://host/app?dataset=spiral&layers=8,8&activation=tanh&lr=0.03&seed=4"
    cfg, warnings = Config.from_query(parse_qs(urlsplit(url).query))
    assert warnings == []
    assert (cfg.dataset, cfg.layers, cfg.activation, cfg.lr, cfg.seed) == (
        "spiral",
        (8, 8),
        ("tanh",),
        0.03,
        4,
    )
    assert cfg.share_url("https://host/app") == "https://host/app?dataset=spiral&seed=4&layers=8,8"


@pytest.mark.parametrize(
    ("name", "raw", "expected", "warning"),
    [
        ("points", "99999", 2000, "points=99999 is above the maximum 2000; using 2000."),
        ("points", "-5", 50, "points=-5 is below the minimum 50; using 50."),
        ("points", "500.0", 500, None),
        ("points", " 700 ", 700, None),
        ("points", "99.6", 100, "points=99.6 is not a whole number; using 100."),
        ("points", "abc", 500, "points=abc is not a number; using 500."),
        ("points", "nan", 500, "points=nan is not a number; using 500."),
        ("points", "inf", 2000, "points=inf is above the maximum 2000; using 2000."),
        ("points", "1e309", 2000, "points=1e309 is above the maximum 2000; using 2000."),
        ("points", "-1e309", 50, "points=-1e309 is below the minimum 50; using 50."),
        ("points", "", 500, "points has no value; using 500."),
        ("noise", "51", 50, "noise=51 is above the maximum 50; using 50."),
        ("train", "5", 10, "train=5 is below the minimum 10; using 10."),
        ("seed", "1000000", 999999, "seed=1000000 is above the maximum 999999; using 999999."),
        ("seed", "123456", 123456, None),
        ("classes", "6", 5, "classes=6 is above the maximum 5; using 5."),
        ("batch", "0", 1, "batch=0 is below the minimum 1; using 1."),
    ],
)
def test_whole_number_fields_clamp_round_and_fall_back(name, raw, expected, warning):
    cfg, warnings = parse(**{name: raw})
    assert getattr(cfg, name) == expected
    assert warnings == ([warning] if warning else [])


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("dataset", "XOR", "xor"),
        ("dataset", " moons ", "moons"),
        ("optimizer", "adam", "adam"),
        ("reg", "L2", "l2"),
        ("init", "he", "he"),
        ("mode", "presenter", "presenter"),
        ("mode", "embed", "embed"),
    ],
)
def test_choice_fields_accept_names_case_insensitively(name, raw, expected):
    assert parse(**{name: raw}) == (Config(**{name: expected}), [])


def test_unknown_choice_falls_back_to_default_and_lists_options():
    cfg, warnings = parse(optimizer="newton")
    assert cfg.optimizer == "sgd"
    assert warnings == ["optimizer=newton is not one of sgd, momentum, adam, rmsprop; using sgd."]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("on", True)]
    + [("false", False), ("0", False), ("No", False), ("off", False)],
)
def test_booleans_accept_common_words(raw, expected):
    cfg, warnings = parse(test=raw, discrete=raw)
    assert (cfg.test, cfg.discrete, warnings) == (expected, expected, [])


def test_unreadable_boolean_warns_and_keeps_default():
    assert parse(test="maybe") == (Config(), ["test=maybe is not true or false; using false."])


@pytest.mark.parametrize(
    ("raw", "expected", "warning"),
    [
        ("0.03", 0.03, None),
        ("3e-2", 0.03, None),
        ("0.00001", 0.00001, None),
        ("1e-5", 0.00001, None),
        ("10", 10.0, None),
        ("0.05", 0.03, "lr=0.05 is not an allowed value; using 0.03."),
        ("0.002", 0.003, "lr=0.002 is not an allowed value; using 0.003."),  # nearer in log space
        ("0.0015", 0.001, "lr=0.0015 is not an allowed value; using 0.001."),
        ("100", 10.0, "lr=100 is above the maximum 10; using 10."),
        ("inf", 10.0, "lr=inf is above the maximum 10; using 10."),
        ("0", 0.00001, "lr=0 is below the minimum 0.00001; using 0.00001."),
        ("-1", 0.00001, "lr=-1 is below the minimum 0.00001; using 0.00001."),
        ("nan", 0.03, "lr=nan is not a number; using 0.03."),
        ("fast", 0.03, "lr=fast is not a number; using 0.03."),
    ],
)
def test_learning_rate_snaps_to_nearest_allowed_value(raw, expected, warning):
    cfg, warnings = parse(lr=raw)
    assert cfg.lr == expected
    assert warnings == ([warning] if warning else [])


@pytest.mark.parametrize(
    ("raw", "expected", "warning"),
    [
        ("0", 0.0, None),
        ("0.003", 0.003, None),
        ("0.0001", 0.0, "rate=0.0001 is not an allowed value; using 0."),
        ("0.0006", 0.001, "rate=0.0006 is not an allowed value; using 0.001."),
        ("-3", 0.0, "rate=-3 is below the minimum 0; using 0."),
        ("20", 10.0, "rate=20 is above the maximum 10; using 10."),
    ],
)
def test_regularization_rate_snaps_with_zero_allowed(raw, expected, warning):
    cfg, warnings = parse(rate=raw)
    assert cfg.rate == expected
    assert warnings == ([warning] if warning else [])


@pytest.mark.parametrize(
    ("raw", "expected", "warning"),
    [
        ("25", 25, None),
        ("10", 10, None),
        ("2000", 2000, None),
        ("37", 50, "speed=37 is not an allowed value; using 50."),
        ("3000", 2000, "speed=3000 is above the maximum 2000; using 2000."),
        ("0", 1, "speed=0 is below the minimum 1; using 1."),
        ("fast", 25, "speed=fast is not a number; using 25."),
    ],
)
def test_speed_snaps_to_a_whole_number_of_steps_per_frame(raw, expected, warning):
    cfg, warnings = parse(speed=raw)
    assert cfg.speed == expected and type(cfg.speed) is int
    assert warnings == ([warning] if warning else [])


@pytest.mark.parametrize(
    ("raw", "expected", "warnings"),
    [
        ("", (), []),
        ("0", (), []),
        ("8,8", (8, 8), []),
        (["4", "2", "1"], (4, 2, 1), []),
        ("9", (8,), ["layers: width 9 is above the maximum 8; using 8."]),
        ("4,0", (4, 1), ["layers: width 0 is below the minimum 1; using 1."]),
        ("2.6", (3,), ["layers: width 2.6 is not a whole number; using 3."]),
        (
            "1,2,3,4,5,6,7,8",
            (1, 2, 3, 4, 5, 6),
            [
                "layers=1,2,3,4,5,6,7,8 lists 8 hidden layers, more than the maximum 6; "
                "keeping the first 6."
            ],
        ),
        ("a,b", (4, 2), ["layers=a,b is not a comma list of numbers; using 4,2."]),
        ("4,", (4, 2), ["layers=4, is not a comma list of numbers; using 4,2."]),
    ],
)
def test_layers_parse_clamp_and_truncate(raw, expected, warnings):
    cfg, got = parse(layers=raw)
    assert cfg.layers == expected
    assert got == warnings


def test_activation_single_name_or_one_per_layer():
    assert parse(activation="relu")[0].activation == ("relu",)
    cfg, warnings = parse(layers="4,2", activation="relu,Sigmoid")
    assert (cfg.activation, warnings) == (("relu", "sigmoid"), [])
    assert cfg.hidden_activations == ("relu", "sigmoid")


def test_activation_list_of_wrong_length_uses_first_name_for_all():
    cfg, warnings = parse(layers="4,2", activation="relu,tanh,elu")
    assert cfg.activation == ("relu",)
    assert warnings == [
        "activation=relu,tanh,elu names 3 activations for 2 hidden layers; "
        "using the first one for all."
    ]
    cfg, warnings = parse(layers="", activation="relu,tanh")
    assert cfg.activation == ("relu",) and len(warnings) == 1


def test_unknown_activation_is_replaced_by_default_keeping_layer_alignment():
    cfg, warnings = parse(layers="4,2", activation="relu,swish")
    assert cfg.activation == ("relu", "tanh")
    assert warnings == [
        "activation=swish is not one of relu, leaky_relu, elu, tanh, sigmoid, softplus, sine, "
        "linear; using tanh."
    ]


def test_features_accept_comma_lists_and_repeated_keys():
    assert parse(features="x1,x2,x1sq")[0].features == ("x1", "x2", "x1sq")
    assert parse(features=["x1", "SINX2"]) == (Config(features=("x1", "sinx2")), [])


def test_features_drop_unknown_and_repeated_names():
    cfg, warnings = parse(features="x1,cosx1,x1")
    assert cfg.features == ("x1",)
    assert warnings == [
        "features: unknown name 'cosx1' ignored.",
        "features: x1 is listed twice; the repeat is ignored.",
    ]


def test_features_with_no_valid_name_fall_back_to_default():
    cfg, warnings = parse(features="z")
    assert cfg.features == ("x1", "x2")
    assert warnings == [
        "features: unknown name 'z' ignored.",
        "features: no valid name was given; using x1, x2.",
    ]
    assert parse(features="")[1] == ["features: no valid name was given; using x1, x2."]
    assert parse(layers="999,999")[1] == [
        "layers: width 999 is above the maximum 8; using 8 (2 layers)."
    ]


def test_many_bad_names_are_summarized():
    cfg, warnings = parse(features=",".join(f"f{i}" for i in range(50)))
    assert cfg.features == ("x1", "x2")
    assert len(warnings) == 7
    assert warnings[5] == "features: … and 45 more names ignored."


def test_hide_keeps_known_control_names():
    assert parse(hide="lr,optimizer") == (Config(hide=("lr", "optimizer")), [])
    cfg, warnings = parse(hide="lr,mode,everything")
    assert cfg.hide == ("lr",)
    assert warnings == [
        "hide: unknown name 'mode' ignored.",
        "hide: unknown name 'everything' ignored.",
    ]
    assert parse(hide="") == (Config(), [])


def test_unknown_parameters_warn_and_are_capped():
    assert parse(foo="1") == (Config(), ["Unknown parameter 'foo' ignored."])
    cfg, warnings = Config.from_query({f"k{i}": "v" for i in range(1000)})
    assert cfg == Config()
    assert len(warnings) == 6
    assert warnings[0] == "Unknown parameter 'k0' ignored."
    assert warnings[-1] == "… and 995 more unknown parameters ignored."


def test_parameter_names_are_trimmed_and_case_insensitive():
    assert Config.from_query({" Points ": "700"}) == (Config(points=700), [])


def test_repeated_scalar_uses_last_value_with_warning():
    cfg, warnings = parse(points=["100", "200"])
    assert cfg.points == 200
    assert warnings == ["points was given 2 times; using the last value."]


def test_echoed_user_text_is_short_and_escaped():
    cfg, warnings = parse(dataset="a" * 10_000, mode="bad\nline\x00")
    assert cfg == Config()
    assert all(len(warning) < 200 for warning in warnings)
    assert "a" * 40 + "…" in warnings[0] and "a" * 41 not in warnings[0]
    assert "\n" not in warnings[1] and "\\n" in warnings[1] and "\\x00" in warnings[1]
    assert len(parse(**{"k" * 5000: "1"})[1][0]) < 80


def test_non_string_values_are_read_as_text():
    cfg, warnings = Config.from_query(
        {"points": 700, "lr": 0.1, "test": True, "seed": None, "noise": 10**5000}
    )
    assert (cfg.points, cfg.lr, cfg.test, cfg.seed, cfg.noise) == (700, 0.1, True, 0, 50)
    assert warnings == [
        "noise=1e999 is above the maximum 50; using 50.",
        "seed has no value; using 0.",
    ]
    assert Config.from_query({1: "x", "layers": [[4, 2]]})[0].layers == (4, 2)


@pytest.mark.parametrize("params", [None, "points=5", [("points", "5")], 42])
def test_non_mapping_input_gives_defaults_with_warning(params):
    assert Config.from_query(params) == (
        Config(),
        ["Settings must be name=value pairs; using the defaults."],
    )
