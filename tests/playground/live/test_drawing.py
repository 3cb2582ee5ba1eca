"""Drawing data by hand in the running app: points come and go, training follows, links carry it."""

from __future__ import annotations

import numpy as np
from app_session import (
    ask_for_frames,
    last_frame,
    live_scene,
    open_app,
    open_tab,
    send_action,
)

from playground.backprop.view import TAB_LABEL
from playground.config import Config
from playground.config.drawn import MAX_POINTS, Drawing
from playground.views import TABS


def _experiment(at):
    return at.session_state["_experiment"]


def _draw(at, x1: float, x2: float, label: float, test: bool = False):
    return send_action(at, {"type": "draw_add", "x1": x1, "x2": x2, "label": label, "test": test})


def test_an_empty_plane_fills_with_clicks_and_the_network_learns_it() -> None:
    at = open_app({"layers": "4", "lr": "0.3"})
    send_action(at, {"type": "draw_start", "from": "empty", "task": "binary"})
    assert at.session_state["dataset"] == "drawn" and not at.exception
    assert live_scene(at)["drawing"] == {
        "split": "marked",
        "points": 0,
        "max": MAX_POINTS,
    }
    assert not _experiment(at).trainer.has_data  # nothing to train on yet
    assert at.button(key="play").disabled and at.button(key="step_epoch").disabled
    at.session_state["_playing"] = True  # a Play pressed just before the points were cleared
    ask_for_frames(at, 3)
    assert not at.exception and last_frame(at)["step"] == 0
    at.session_state["_playing"] = False
    for k in range(8):
        _draw(at, -3.0 + (k % 2) * 6, -4.0 + k, k % 2, test=(k == 7))
    experiment = _experiment(at)
    assert len(experiment.train.y) == 7 and len(experiment.test.y) == 1
    assert live_scene(at)["drawing"]["points"] == 8
    link = dict(at.query_params)
    assert link["dataset"] == "drawn" and Config.from_query(link)[0].drawing.points[0][:2] == (
        -3.0,
        -4.0,
    )
    before = experiment.trainer.evaluate()["train_loss"]
    for _ in range(10):
        at.button(key="step_epoch").click().run()
    assert experiment.trainer.evaluate()["train_loss"] < before / 2


def test_drawing_while_training_keeps_the_network_and_its_count() -> None:
    at = open_app({"dataset": "xor", "points": "200"})
    send_action(at, {"type": "draw_start", "from": "current"})  # the xor points, now drawn
    experiment = _experiment(at)
    assert (len(experiment.train.y), len(experiment.test.y)) == (100, 100)  # train/test kept
    at.button(key="step_epoch").click().run()
    weights, steps = [w.copy() for w in experiment.net.weights], experiment.trainer.steps
    _draw(at, 5.5, 5.5, 0)
    assert _experiment(at) is experiment and experiment.trainer.steps == steps
    assert all(np.array_equal(a, b) for a, b in zip(weights, experiment.net.weights, strict=True))
    assert len(experiment.train.y) == 101


def test_erase_clear_and_split_change_the_data_and_a_full_drawing_says_so() -> None:
    at = open_app()
    send_action(at, {"type": "draw_start", "from": "empty", "task": "regression"})
    _draw(at, 1.0, 1.0, 0.5)
    _draw(at, -2.0, 3.0, -0.5)
    send_action(at, {"type": "draw_remove", "x1": 1.1, "x2": 0.9})
    assert _experiment(at).cfg.drawing.points == ((-2.0, 3.0, -0.5, False),)
    send_action(at, {"type": "draw_split", "split": "percent"})
    assert _experiment(at).cfg.drawing.split == "percent"
    send_action(at, {"type": "draw_clear"})
    assert _experiment(at).cfg.drawing == Drawing("regression", "percent")
    full = Drawing()
    for k in range(MAX_POINTS):
        full = full.with_point((k % 40) / 4 - 5, (k // 40) / 4 - 5, k % 2, False)
    at = open_app({"dataset": "drawn", "drawn": full.encode()})
    _draw(at, 0.0, 0.0, 1)
    assert any("at most 500 points" in w.value for w in at.warning)
    assert len(_experiment(at).cfg.drawing.points) == MAX_POINTS


def test_bad_draw_actions_change_nothing_and_never_raise() -> None:
    at = open_app()
    _draw(at, 1.0, 1.0, 1)  # not drawing yet
    assert any("Press Draw" in w.value for w in at.warning)
    send_action(at, {"type": "draw_start", "from": "empty"})
    for action in (
        {"type": "draw_add", "x1": "a", "x2": 1, "label": 1},
        {"type": "draw_add", "x1": float("nan"), "x2": 1, "label": 1},
        {"type": "draw_add", "x1": 1, "x2": 1, "label": 7},
        {"type": "draw_add"},
        {"type": "draw_remove", "x1": None},
        {"type": "draw_bogus"},
    ):
        send_action(at, action)
        assert not at.exception, action
    assert _experiment(at).cfg.drawing.points == ()


def test_every_tab_takes_an_empty_drawing() -> None:
    at = open_app({"dataset": "drawn"})
    assert not _experiment(at).trainer.has_data
    for label in TABS:
        open_tab(at, label)
        assert not at.exception, label
        if label == TAB_LABEL:
            assert any("no training point to follow yet" in box.value for box in at.info)
    _draw(at, 1.0, 1.0, 1)  # the first point: Play no longer waits
    assert not at.button(key="play").disabled
