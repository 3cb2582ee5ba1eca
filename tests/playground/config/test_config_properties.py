"""Property tests of the config gate: valid configs round-trip, hostile input never breaks it."""

import json
import math
from urllib.parse import parse_qs, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.config import FIELDS, Config, compare
from playground.config.compare import COMPARABLE
from playground.config.drawn import Drawing

FAST = settings(max_examples=200, deadline=None)


@st.composite
def configs(draw) -> Config:
    """Any valid Config, drawn from the bounds and options of the field table."""
    values = {}
    for spec in FIELDS.values():
        if spec.kind in ("choice", "snap"):
            strategy = st.sampled_from(spec.options)
        elif spec.kind == "int":
            strategy = st.integers(int(spec.minimum), int(spec.maximum))
        elif spec.kind == "bool":
            strategy = st.booleans()
        elif spec.kind == "names":
            names = st.lists(st.sampled_from(spec.options), unique=True, min_size=spec.min_items)
            strategy = names.map(tuple)
        elif spec.kind == "layers":
            widths = st.integers(int(spec.minimum), int(spec.maximum))
            strategy = st.lists(widths, max_size=spec.max_items).map(tuple)
        elif spec.kind == "drawn":
            strategy = drawings
        elif spec.kind == "compare":
            continue  # drawn last: it depends on the other fields
        else:
            depth = len(values["layers"])
            per_layer = depth > 1 and draw(st.booleans())
            count = depth if per_layer else 1
            names = st.lists(st.sampled_from(spec.options), min_size=count, max_size=count)
            strategy = names.map(tuple)
        values[spec.name] = draw(strategy)
    base = Config(**values)
    differ = draw(st.dictionaries(st.sampled_from(COMPARABLE), st.integers(0, 10), max_size=3))
    text = ",".join(f"{name}:{_option(name, k)}" for name, k in differ.items())
    pairs, _ = compare.parse(text, base.layers)
    cfg = base.replace(compare=pairs)
    return cfg if cfg.compared() != base else base


def _option(name: str, k: int) -> str:
    """The k-th allowed value of a comparable setting, as URL text."""
    spec = FIELDS[name]
    if spec.kind == "layers":
        return ",".join(["3"] * (k % 4)) or "0"
    if spec.kind == "int":
        return str(int(spec.minimum) + k)
    return str(spec.options[k % len(spec.options)])


@st.composite
def _drawing(draw) -> str:
    task = draw(st.sampled_from(["binary", "regression"]))
    drawing = Drawing(task, draw(st.sampled_from(["marked", "percent"])))
    coordinate = st.floats(-6.5, 6.5)
    for _ in range(draw(st.integers(0, 30))):
        label = draw(st.integers(0, 1)) if task == "binary" else draw(st.floats(-1, 1))
        drawing = drawing.with_point(draw(coordinate), draw(coordinate), label, draw(st.booleans()))
    return drawing.encode()


drawings = _drawing()


SPECIAL_TEXTS = [
    *("nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309", "1e-400", "-0", "0", ""),
    *(" ", ",", ",,", "0,0", "x1,x1", "9" * 400, "-" + "9" * 400, "1_000", "0x10", "١٢"),
    *("true", "off", "relu,tanh,elu", "4,2,8,8,8,8,8,8", "\x00\n\t", "😀" * 50, "a" * 5000),
]
FIELD_KEYS = [*FIELDS, *(name.upper() for name in FIELDS), " seed "]

hostile_texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(SPECIAL_TEXTS),
    st.integers().map(str),
    st.floats().map(repr),
    st.lists(st.integers(-10, 30).map(str), max_size=3).map(",".join),
    st.lists(st.integers(-10, 30).map(str), min_size=5, max_size=12).map(",".join),
    st.lists(st.sampled_from(SPECIAL_TEXTS + list(FIELDS)), max_size=8).map(",".join),
)
hostile_values = st.one_of(
    hostile_texts,
    st.lists(hostile_texts, max_size=6),
    st.none(),
    st.integers(),
    st.just(10**5000),
    st.floats(),
    st.booleans(),
)
# Every field gets a fair chance at a hostile value, plus up to 1000 other (often unknown) keys.
hostile_params = st.builds(
    lambda targeted, others: {**others, **targeted},
    st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, hostile_values)),
    st.dictionaries(
        st.one_of(st.sampled_from(FIELD_KEYS), st.text(max_size=30)), hostile_values, max_size=1000
    ),
)


def assert_within_contract_bounds(cfg: Config) -> None:
    """Check each field against the contract's numbers, independently of Config's own checks."""
    assert 0 <= cfg.noise <= 50 and 10 <= cfg.train <= 90 and 50 <= cfg.points <= 2000
    assert 0 <= cfg.seed <= 999_999 and 3 <= cfg.classes <= 5
    assert 1 <= cfg.batch <= 64
    assert cfg.speed in (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2000)
    for value in (cfg.noise, cfg.train, cfg.points, cfg.seed, cfg.classes, cfg.batch, cfg.speed):
        assert type(value) is int
    assert cfg.lr in (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
    assert cfg.rate in (0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
    assert math.isfinite(cfg.lr) and math.isfinite(cfg.rate)
    assert len(cfg.layers) <= 6 and all(1 <= width <= 8 for width in cfg.layers)
    assert len(cfg.activation) in (1, len(cfg.layers))
    assert len(cfg.hidden_activations) == len(cfg.layers)
    assert cfg.features and len(set(cfg.features)) == len(cfg.features)
    assert set(cfg.features) <= set(FIELDS["features"].options)
    assert set(cfg.activation) <= set(FIELDS["activation"].options)
    assert set(cfg.hide) <= set(FIELDS["hide"].options)
    assert type(cfg.test) is bool and type(cfg.discrete) is bool
    for name in ("dataset", "optimizer", "reg", "init", "mode"):
        assert getattr(cfg, name) in FIELDS[name].options


@FAST
@given(configs())
def test_valid_config_round_trips_through_query_url_and_json(cfg):
    assert Config.from_query(cfg.to_query()) == (cfg, [])
    url = cfg.share_url("https://host/app")
    parsed = parse_qs(urlsplit(url).query)
    assert parsed == {name: [text] for name, text in cfg.to_query().items()}
    assert Config.from_query(parsed) == (cfg, [])
    assert Config.from_json(cfg.to_json()) == (cfg, [])


@FAST
@given(configs())
def test_query_holds_only_non_default_short_values(cfg):
    query = cfg.to_query()
    defaults = Config()
    assert all(getattr(cfg, name) != getattr(defaults, name) for name in query)
    numbers = [text for name, text in query.items() if name != "drawn"]  # base64 has e-
    assert all("e-" not in text and "e+" not in text for text in numbers)
    assert all(text == text.strip() and text for text in query.values())


@FAST
@given(hostile_params)
def test_hostile_parameters_never_raise_and_give_a_valid_config(params):
    cfg, warnings = Config.from_query(params)
    assert isinstance(cfg, Config)
    assert_within_contract_bounds(cfg)
    assert all(isinstance(warning, str) and len(warning) < 250 for warning in warnings)
    assert Config.from_query(cfg.to_query()) == (cfg, [])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)
json_texts = st.dictionaries(st.sampled_from(FIELD_KEYS) | st.text(max_size=10), json_values).map(
    json.dumps
)


@FAST
@given(json_texts | st.text(max_size=200) | st.binary(max_size=50))
def test_arbitrary_json_text_never_raises(text):
    cfg, warnings = Config.from_json(text)
    assert_within_contract_bounds(cfg)
    assert all(len(warning) < 250 for warning in warnings)
