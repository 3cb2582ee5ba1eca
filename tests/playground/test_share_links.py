"""Share links in the running app: a link sets the controls and reproduces the same training."""

from __future__ import annotations

from app_session import ask_for_frames, open_app
from streamlit.testing.v1 import AppTest

from playground.config import Config

LINK = {
    "dataset": "spiral",
    "layers": "8,8",
    "activation": "tanh",
    "lr": "0.03",
    "seed": "4",
    "optimizer": "adam",
    "batch": "16",
    "features": "x1,x2,sinx1",
    "noise": "10",
}


def _open(query: dict[str, str]) -> AppTest:
    at = open_app(query)
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_link_sets_every_widget() -> None:
    at = _open(LINK)
    assert at.selectbox(key="dataset").value == "spiral"
    assert at.text_input(key="layers").value == "8,8"
    assert at.selectbox(key="activation").value == "tanh"
    assert at.select_slider(key="lr").value == 0.03
    assert at.number_input(key="seed").value == 4
    assert at.selectbox(key="optimizer").value == "adam"
    assert at.slider(key="batch").value == 16
    assert at.slider(key="noise").value == 10
    assert at.session_state["features"] == ["x1", "x2", "sinx1"]
    assert at.session_state["_experiment"].net.sizes == (3, 8, 8, 1)
    assert not at.warning


def test_same_link_stepped_twice_gives_identical_losses() -> None:
    losses = []
    for _ in range(2):
        at = _open(LINK)
        for _ in range(3):
            at.button(key="step_epoch").click().run()
        for _ in range(4):
            at.button(key="step").click().run()
        history = at.session_state["_experiment"].trainer.history
        losses.append(list(history.train_loss))
    assert len(losses[0]) == 7
    assert losses[0] == losses[1]


def test_the_url_is_the_config_and_defaults_are_left_out() -> None:
    at = _open(LINK)
    cfg, warnings = Config.from_query(dict(LINK))
    assert warnings == []
    assert Config.from_query(dict(at.query_params)) == (cfg, [])
    at.select_slider(key="lr").set_value(0.1).run()
    changed = cfg.replace(lr=0.1)
    assert dict(at.query_params) == changed.to_query()
    assert at.query_params["lr"] == "0.1"
    assert "activation" not in at.query_params  # tanh is the default: left out


def test_playing_does_not_rewrite_the_url() -> None:
    at = _open(LINK)
    before = dict(at.query_params)
    at.button(key="step").click().run()
    at.button(key="play").click().run()
    ask_for_frames(at, 5)
    assert at.session_state["_experiment"].trainer.steps > 1
    assert dict(at.query_params) == before


def test_bad_link_shows_a_notice_and_no_exception() -> None:
    at = _open({"points": "1e309", "layers": "9,9,9,9,9,9,9,9", "lr": "nan", "foo": "<b>x</b>"})
    assert len(at.warning) == 1
    text = at.warning[0].value
    assert "points" in text and "layers" in text and "foo" in text
    assert at.slider(key="points").value == 2000
    assert at.session_state["_experiment"].net.sizes == (2, 8, 8, 8, 8, 8, 8, 1)


def test_presenter_mode_and_hidden_controls() -> None:
    at = _open({"mode": "presenter", "hide": "lr,optimizer,dataset"})
    keys = {getattr(w, "key", None) for w in at.main}
    assert not {"lr", "optimizer", "dataset", "upload"} & keys
    assert {"batch", "layers", "play"} <= keys
    assert any("2.4rem" in str(h.proto) for h in at.get("html"))  # presenter stylesheet
