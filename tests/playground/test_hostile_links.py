"""Hostile share links: whatever the URL holds, the page loads, says what it ignored, and every
control holds a valid value (the one the config gate chose)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from app_session import open_app
from streamlit.testing.v1 import AppTest

from playground.config import Config
from playground.state import NOT_WIDGETS

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert(1)</script>"

# (name, query parameters) — every one of them must produce at least one notice.
HOSTILE = [
    ("seed 1e309", {"seed": "1e309"}),
    ("seed inf", {"seed": "inf"}),
    ("seed -inf", {"seed": "-inf"}),
    ("seed NaN", {"seed": "NaN"}),
    ("seed negative", {"seed": "-1"}),
    ("seed with 400 digits", {"seed": "9" * 400}),
    ("noise huge", {"noise": "1e9"}),
    ("noise negative", {"noise": "-5"}),
    ("noise fraction", {"noise": "12.5"}),
    ("points zero", {"points": "0"}),
    ("points a billion", {"points": "1000000000"}),
    ("train 100", {"train": "100"}),
    ("classes 99", {"dataset": "blobs", "classes": "99"}),
    ("learning rate 100", {"lr": "100"}),
    ("learning rate NaN", {"lr": "nan"}),
    ("learning rate negative", {"lr": "-0.1"}),
    ("rate inf", {"reg": "l2", "rate": "inf"}),
    ("batch 0", {"batch": "0"}),
    ("batch 1e6", {"batch": "1000000"}),
    ("speed 10**6", {"speed": "1000000"}),
    ("nine layers of 8", {"layers": "8,8,8,8,8,8,8,8,8"}),
    ("a layer of 999", {"layers": "999"}),
    ("negative width", {"layers": "4,-2"}),
    ("words as layers", {"layers": "a,b"}),
    ("layers 1e309", {"layers": "1e309"}),
    ("unknown feature", {"features": "x1,x2,evil"}),
    ("features as repeated keys", {"features": ["x1", "bogus", "x2"]}),
    ("features empty", {"features": ""}),
    ("unknown activation", {"activation": "relu,evil"}),
    ("too many activations", {"layers": "2", "activation": ",".join(["tanh"] * 100)}),
    ("unknown optimizer", {"optimizer": "rm -rf /"}),
    ("unknown init", {"init": "ones"}),
    ("script tag as dataset", {"dataset": SCRIPT}),
    ("script tag as key", {SCRIPT: "1"}),
    ("path as dataset", {"dataset": "../../etc/passwd"}),
    ("markdown link", {"optimizer": "[click](javascript:alert(1))"}),
    ("emoji", {"dataset": "😀"}),
    ("right-to-left override", {"mode": "normal\u202e"}),
    ("control characters", {"mode": "presenter\x00\x07"}),
    ("bool that is not", {"test": "maybe"}),
    ("hide unknown control", {"hide": "everything"}),
    ("repeated single key", {"seed": ["1", "2", "x"]}),
    ("100 000 characters", {"dataset": "x" * 100_000}),
    ("many unknown keys", {f"key{index}": "value" for index in range(500)}),
]


def widget_query(at: AppTest) -> dict[str, str]:
    """The controls' values as URL text, the way the app reads its widgets back."""
    query = {}
    for name in Config.FIELDS:
        if name in NOT_WIDGETS:  # a drawing and a comparison come from the link, not a widget
            continue
        value = at.session_state[name]
        if isinstance(value, list | tuple):
            query[name] = ",".join(str(item) for item in value)
        elif isinstance(value, bool):
            query[name] = "true" if value else "false"
        else:
            query[name] = str(value)
    return query


def open_link(query: dict) -> AppTest:
    return open_app(query)


@pytest.mark.parametrize(("case", "query"), HOSTILE, ids=[case for case, _ in HOSTILE])
def test_a_hostile_link_loads_with_a_notice_and_valid_controls(case, query):
    at = open_link(query)
    assert not at.exception, at.exception
    assert at.warning, "the page must say which parts of the link it ignored"
    shown, problems = Config.from_query(widget_query(at))
    assert problems == []  # every control holds a value the gate accepts
    assert shown == Config.from_query(query)[0]  # and it is the gate's own choice


@pytest.mark.parametrize(
    ("case", "query"),
    [
        ("script tag", {"dataset": SCRIPT}),
        ("markdown link", {"optimizer": "[click](javascript:alert(1))"}),
        ("markdown image", {"init": "![x](http://tracker.example/p.png)"}),
        ("LaTeX", {"activation": "$\\href{javascript:alert(1)}{x}$"}),
    ],
)
def test_link_text_in_a_notice_is_shown_literally(case, query):
    at = open_link(query)
    notice = " ".join(warning.value for warning in at.warning)
    for special in "<>[]()!$":
        # every special character reaches the page escaped, so Markdown shows it as typed
        assert notice.count(special) == notice.count("\\" + special)


def test_a_link_cannot_start_training_or_switch_to_an_upload():
    at = open_link({"dataset": "csv", "speed": "25"})
    assert not at.exception
    assert at.session_state["_playing"] is False
    experiment = at.session_state["_experiment"]
    # "csv" without an uploaded file: the default points are shown, not someone else's upload
    assert experiment.dataset.name == "circle"
    assert experiment.trainer.steps == 0


def test_unicode_digits_are_read_as_the_number_they_show():
    at = open_link({"seed": "１２３"})  # full-width digits, as a phone keyboard may type them
    assert not at.exception and not at.warning
    assert at.session_state["seed"] == 123


def test_a_valid_link_opens_without_a_notice():
    query = Config(dataset="xor", layers=(3, 3), lr=0.1, seed=7, test=True).to_query()
    at = open_link(query)
    assert not at.exception and not at.warning
    assert Config.from_query(widget_query(at))[0] == Config.from_query(query)[0]


# --- nothing from a user is ever run as code -----------------------------------------------------

SOURCES = sorted(
    path
    for folder in ("engine", "playground")
    for path in (REPO_ROOT / folder).rglob("*.py")
    if "__pycache__" not in path.parts
) + [REPO_ROOT / "streamlit_app.py"]
RUNS_CODE = {"eval", "exec", "compile", "__import__", "execfile"}
LOADS_OBJECTS = {"pickle", "cPickle", "dill", "marshal", "shelve", "joblib", "cloudpickle"}


def code_runners(source: str) -> list[str]:
    """Calls that run text as code, and imports of modules that rebuild objects from bytes."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in RUNS_CODE:
                found.append(f"line {node.lineno}: {node.func.id}()")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            modules.append(getattr(node, "module", None) or "")
            for module in modules:
                if module.split(".")[0] in LOADS_OBJECTS:
                    found.append(f"line {node.lineno}: import {module}")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in {"load", "loads", "unsafe_load"}
            and isinstance(node.value, ast.Name)
            and node.value.id in {"yaml", "pickle", "marshal"}
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_the_scan_finds_what_it_looks_for():
    sample = "import pickle\nfrom marshal import loads\nx = eval(text)\nexec(code)\nyaml.load(f)\n"
    assert len(code_runners(sample)) == 5
    assert code_runners("import re\npattern = re.compile('a')\nvalue = json.loads(text)\n") == []


def test_no_source_runs_user_text_as_code_or_unpickles_it():
    assert len(SOURCES) > 20
    offenders = {
        str(path.relative_to(REPO_ROOT)): found
        for path in SOURCES
        if (found := code_runners(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
