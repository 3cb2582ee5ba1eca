"""Tests of opening a TensorFlow Playground link: the mapping, cut or escaped links, fuzzing."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.config import HIDEABLE_CONTROLS, Config
from playground.config.tfp import HIDES, MAX_LINK_CHARS, from_tfp_parameter, seed_from_text

FAST = settings(max_examples=200, deadline=None)
TFP = Config(init="uniform")  # TensorFlow Playground's defaults here: its weights are uniform ±0.5
NO_SETTINGS = "The link holds no settings; using TensorFlow Playground's defaults."
TOO_LONG = f"The link is longer than {MAX_LINK_CHARS} characters; only its start was read."

# A full link the way TensorFlow Playground writes it (every property, then the hide flags).
FULL = (
    "https://playground.tensorflow.org/#activation=relu&regularization=L2&batchSize=10"
    "&dataset=xor&regDataset=reg-plane&learningRate=0.03&regularizationRate=0.001&noise=15"
    "&networkShape=8,4&seed=0.74162&showTestData=true&discretize=true&percTrainData=70"
    "&x=true&y=true&xTimesY=true&xSquared=false&ySquared=false&cosX=false&sinX=true"
    "&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false"
    "&hideText=false&regularization_hide=true&regularizationRate_hide=true&batchSize_hide=true"
    "&problem_hide=true&percTrainData_hide=true&noise_hide=true&numHiddenLayers_hide=true"
    "&playButton_hide=false&stepButton_hide=true&numNodes1_hide=true"
)
FULL_CONFIG = Config(
    dataset="xor",
    noise=15,
    train=70,
    seed=74162,
    features=("x1", "x2", "x1x2", "sinx1"),
    layers=(8, 4),
    activation=("relu",),
    reg="l2",
    rate=0.001,
    init="uniform",
    test=True,
    discrete=True,
    hide=("dataset", "noise", "train", "layers", "batch", "reg", "rate", "step", "neurons1"),
)
STATE = FULL.split("#", 1)[1]
# A regression experiment as a course would publish it: no hidden layer, zero initial weights.
REGRESSION = (
    "https://playground.tensorflow.org/#activation=linear&batchSize=30&dataset=circle"
    "&regDataset=reg-gauss&learningRate=0.01&regularizationRate=0&noise=5&networkShape="
    "&seed=0.00042&showTestData=false&discretize=false&percTrainData=80&x=true&y=false"
    "&xTimesY=false&xSquared=true&ySquared=true&cosX=false&sinX=false&cosY=false&sinY=false"
    "&collectStats=false&problem=regression&initZero=true&hideText=true&resetButton_hide=true"
)


def read(link):
    return Config.from_tensorflow_playground(link)


def unknown(name):
    return f"'{name}' is not a TensorFlow Playground setting; ignored."


def test_full_link_gives_the_same_experiment_without_warnings():
    assert Config.from_tensorflow_playground(FULL) == (FULL_CONFIG, [])


def test_regression_link_uses_reg_dataset_and_its_point_count():
    changes = {"dataset": "bumps", "points": 1200, "noise": 5, "train": 80, "seed": 42}
    changes |= {"features": ("x1", "x1sq", "x2sq"), "layers": (), "activation": ("linear",)}
    changes |= {"lr": 0.01, "batch": 30, "init": "zeros", "hide": ("reset",)}
    assert read(REGRESSION) == (TFP.replace(**changes), [])


def test_every_cut_of_a_full_link_gives_at_most_one_warning():
    for end in range(len(FULL) + 1):
        cfg, warnings = read(FULL[:end])
        assert len(warnings) <= 1, (FULL[:end], warnings)
    assert read(FULL[: FULL.index("&x=")]) == (
        FULL_CONFIG.replace(features=("x1", "x2"), hide=()),
        [],
    )


@pytest.mark.parametrize(
    "text",
    [
        FULL.replace("&", "&amp;"),  # copied out of HTML source
        FULL.replace("&", "&amp;amp;"),  # escaped twice
        STATE,  # the #… part alone, without its #
        "#" + STATE,
        FULL.replace("&x=", "&\n  x="),  # wrapped over lines in slides
        FULL.replace(",", "%2C"),
    ],
)
def test_escaped_wrapped_or_partial_forms_read_the_same(text):
    assert read(text) == (FULL_CONFIG, [])


@pytest.mark.parametrize(
    ("tail", "changes", "warning"),
    [
        ("networkShape=4,", {"layers": (4,)}, "'networkShape=4,'; read networkShape as 4."),
        ("networkShape=,", {}, "'networkShape=,'; that setting was ignored."),
        ("learningRa", {}, "'learningRa'; that setting was ignored."),
        ("learningRate=", {}, "'learningRate='; that setting was ignored."),
        ("learningRate=1e", {}, "'learningRate=1e'; that setting was ignored."),
        ("dataset=spi", {}, "'dataset=spi'; that setting was ignored."),
        ("showTestData=fal", {}, "'showTestData=fal'; that setting was ignored."),
        ("numNodes1_hi", {}, "'numNodes1_hi'; that setting was ignored."),
    ],
)
def test_link_cut_mid_parameter_drops_or_keeps_what_is_valid(tail, changes, warning):
    cfg, warnings = read("#activation=relu&noise=10&" + tail)
    assert cfg == TFP.replace(activation=("relu",), noise=10, **changes)
    assert warnings == ["The link is cut off at " + warning]


def test_complete_last_values_are_not_taken_for_a_cut():
    cfg, warnings = read("#networkShape=3&activation=swish")
    assert cfg == TFP.replace(layers=(3,))
    assert warnings == ["activation=swish is not one of relu, tanh, sigmoid, linear; using tanh."]
    assert read("#noise=10&") == (TFP.replace(noise=10), [])


@pytest.mark.parametrize("text", ["", "#", "&&", "https://playground.tensorflow.org/", None])
def test_empty_link_gives_tensorflow_playground_defaults(text):
    assert read(text) == (TFP, [NO_SETTINGS])


def test_garbage_is_named_and_ignored():
    assert read("not a link at all") == (TFP, [unknown("notalinkatall")])
    assert read("%%%&==&x&\x00") == (
        TFP,
        ["x has no value; ignored.", unknown("%%%"), unknown("=="), unknown("\\x00")],
    )


def test_unknown_names_are_listed_once_each_and_capped():
    cfg, warnings = read("#" + "&".join(f"k{i}=1" for i in range(9)))
    assert cfg == TFP
    assert warnings[0] == unknown("k0")
    assert warnings[-1] == "… and 4 more unknown settings ignored." and len(warnings) == 6
    assert len(read("#a=1&a=2&a=3")[1]) == 1
    # Names and values are compared exactly, as there: LearningRate and l1 are not its names.
    assert read("#LearningRate=1&regularization=l1") == (
        TFP,
        [unknown("LearningRate"), "regularization=l1 is not one of none, L1, L2; using none."],
    )


@pytest.mark.parametrize(
    "text",
    [
        "#" + "x=true&" * 200_000 + "learningRate=0.1",
        "a&" * 1_000_000,
        "#" + "=" * 5_000_000,
        "😀" * 1_000_000,
    ],
)
def test_huge_link_is_read_from_its_start_only(text):
    cfg, warnings = read(text)
    assert isinstance(cfg, Config) and len(warnings) <= 8
    assert warnings[0] == TOO_LONG


def test_unicode_values_are_echoed_and_fall_back():
    cfg, warnings = read("#activation=rélu&dataset=円&seed=π&😀=1")
    assert cfg == TFP.replace(seed=seed_from_text("π"))
    assert warnings == [
        unknown("😀"),
        "dataset=円 is not one of circle, xor, gauss, spiral; using circle.",
        "activation=rélu is not one of relu, tanh, sigmoid, linear; using tanh.",
    ]


def test_numbers_pass_the_same_gate_and_warnings_name_the_link_parameter():
    link = (
        "#learningRate=0.05&noise=80&percTrainData=95&batchSize=0&regularizationRate=0.0005"
        "&networkShape=9,0,3,1,1,1,1"
    )
    cfg, warnings = read(link)
    assert cfg == TFP.replace(noise=50, train=90, batch=1, rate=0.001, layers=(8, 1, 3, 1, 1, 1))
    assert warnings == [
        "noise=80 is above the maximum 50; using 50.",
        "percTrainData=95 is above the maximum 90; using 90.",
        "networkShape=9,0,3,1,1,1,1 lists 7 hidden layers, more than the maximum 6; keeping the "
        "first 6.",
        "networkShape: width 9 is above the maximum 8; using 8.",
        "networkShape: width 0 is below the minimum 1; using 1.",
        "learningRate=0.05 is not an allowed value; using 0.03.",
        "batchSize=0 is below the minimum 1; using 1.",
        "regularizationRate=0.0005 is not an allowed value; using 0.001.",
    ]


def test_flags_follow_tensorflow_playground_where_only_false_is_false():
    link = "#showTestData=1&discretize=False&initZero=yes&sinY=&x=false&y=true&xTimesY=on"
    cfg, warnings = read(link)
    assert cfg == TFP.replace(init="zeros", test=True, discrete=True, features=("x2", "x1x2"))
    assert warnings == [
        "sinY has no value; ignored.",
        "initZero=yes counts as true (only false is false there).",
        "showTestData=1 counts as true (only false is false there).",
        "discretize=False counts as true (only false is false there).",
        "xTimesY=on counts as true (only false is false there).",
    ]
    assert read("#x=false&y=false") == (
        TFP,
        ["The link turns every input feature off; using x and y."],
    )


@pytest.mark.parametrize(("theirs", "ours"), sorted(HIDES.items()))
def test_every_hide_flag_hides_a_control_here(theirs, ours):
    assert ours in HIDEABLE_CONTROLS
    cfg, warnings = read(f"#{theirs}_hide=true")
    assert (cfg.hide, warnings) == ((ours,), [])
    assert read(f"#{theirs}_hide=false") == (TFP, [])


def test_other_hide_flags():
    link = "#sinX=true&sinX_hide=true&cosX_hide=true&noise_hide=1&numNodes7_hide=true&z_hide=no"
    assert read(link) == (
        TFP,
        [
            unknown("numNodes7_hide"),
            "sinX_hide=true: inputs cannot be hidden here; sinX is turned off.",
            "noise_hide=1 does not hide (only true hides there).",
        ],
    )


def test_settings_without_counterpart_warn_once_each_and_page_settings_are_silent():
    link = "#cosX=true&cosY=true&tutorial=dp-neuron&collectStats=true&hideText=true&cosX_hide=true"
    assert read(link) == (
        TFP,
        [
            "cosX has no counterpart here (no cos feature); ignored.",
            "cosY has no counterpart here (no cos feature); ignored.",
            "tutorial=dp-neuron has no counterpart here; ignored.",
        ],
    )


@pytest.mark.parametrize(
    ("link", "changes", "warnings"),
    [
        ("#problem=regression", {"dataset": "plane", "points": 1200}, []),
        ("#problem=regression&dataset=bad", {"dataset": "plane", "points": 1200}, []),
        ("#regDataset=reg-gauss&dataset=gauss", {"dataset": "gauss"}, []),
        ("#regularization=L1&activation=sigmoid", {"reg": "l1", "activation": ("sigmoid",)}, []),
        (
            "#problem=regression&regDataset=reg-maximum",
            {"dataset": "plane", "points": 1200},
            ["regDataset=reg-maximum has no counterpart here; using reg-plane."],
        ),
        (
            "#problem=Regression",
            {},
            ["problem=Regression is not one of classification, regression; using classification."],
        ),
        (
            "#learningRate=0.1&learningRate=1",
            {"lr": 1.0},
            ["learningRate was given 2 times; using the last value."],
        ),
    ],
)
def test_problem_datasets_and_choices(link, changes, warnings):
    assert read(link) == (TFP.replace(**changes), warnings)


def test_seed_text_becomes_a_stable_seed_within_bounds():
    assert seed_from_text("0.12345") == 12345 and seed_from_text("0.00042") == 42
    assert seed_from_text(".5") == 5 and seed_from_text("123456") == 123456
    for text in ("0.1234567", "abc", "π", "\ud800", "9" * 400):
        assert seed_from_text(text) == seed_from_text(text)
        assert 0 <= seed_from_text(text) <= 999_999
    assert seed_from_text("abc") != seed_from_text("abd")


@pytest.mark.parametrize(
    "value",
    [
        STATE,
        "%23" + STATE.replace("=", "%3D").replace("&", "%26"),
        [STATE.replace("&", "%26").replace(",", "%252C")],  # encoded twice, then decoded once
        ["noise=99", STATE],  # a repeated parameter: the last one counts
    ],
)
def test_tfp_url_parameter_reads_the_hash_part_even_encoded_again(value):
    assert from_tfp_parameter(value) == (FULL_CONFIG, [])


def test_tfp_url_parameter_is_bounded_and_never_raises():
    assert from_tfp_parameter([]) == (TFP, [NO_SETTINGS])
    assert from_tfp_parameter(None) == (TFP, [NO_SETTINGS])
    cfg, warnings = from_tfp_parameter("%26" * 1_000_000)
    assert cfg == TFP and warnings[0] == TOO_LONG


# Link-shaped text: its real pieces, its names with any value, and any text between them.
PIECES = STATE.split("&")
NAMES = [piece.split("=")[0] for piece in PIECES] + ["seed", "tutorial", "x_hide", "cosX"]
link_pieces = st.one_of(
    st.sampled_from(PIECES),
    st.builds("{}={}".format, st.sampled_from(NAMES), st.text(max_size=12)),
    st.text(max_size=20),
)
link_texts = st.lists(link_pieces, max_size=30).map("&".join)


@FAST
@given(st.one_of(link_texts, st.text(max_size=300), link_texts.map("#".__add__)))
def test_any_text_gives_a_valid_config_and_short_warnings(text):
    for cfg, warnings in (read(text), from_tfp_parameter(text)):
        assert isinstance(cfg, Config)
        assert Config.from_query(cfg.to_query()) == (cfg, [])  # valid and within every bound
        assert all(isinstance(warning, str) and len(warning) < 250 for warning in warnings)
        assert all("\n" not in warning for warning in warnings)


@FAST
@given(link_texts.filter(lambda text: "#" not in text and "/" not in text))
def test_html_escaping_and_a_leading_hash_change_nothing(text):
    assert read(text) == read("https://playground.tensorflow.org/#" + text.replace("&", "&amp;"))
