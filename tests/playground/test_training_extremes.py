"""Training at the edges of the controls: never an exception; a blow-up is shown, Reset recovers."""

from __future__ import annotations

import numpy as np
import pytest
from app_session import ask_for_frames, live_payload, open_app, open_tab
from streamlit.testing.v1 import AppTest

from playground.config import Config

MAX_CLICKS = 12
LARGEST = {
    "features": "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2",
    "layers": "8,8,8,8,8,8",
    "batch": "64",
    "points": "2000",
    "speed": "25",
}
DIVERGES = {"dataset": "plane", "lr": "10"}  # linear output, MSE: blows up within a few epochs


def open_link(query: dict[str, str]) -> AppTest:
    at = open_app(query)
    assert not at.exception
    assert not at.warning, "the link itself must be valid"
    return at


def experiment(at: AppTest):
    return at.session_state["_experiment"]


def diverged_notice(at: AppTest) -> bool:
    return any("Training diverged" in error.value for error in at.error)


def click_epochs_until_diverged(at: AppTest) -> int:
    """Press Epoch until training blows up; the number of presses it took."""
    for clicks in range(1, MAX_CLICKS + 1):
        at.button(key="step_epoch").click().run()
        assert not at.exception
        if experiment(at).trainer.status != "ok":
            return clicks
    pytest.fail(f"no divergence within {MAX_CLICKS} epochs")


def weights_finite(at: AppTest) -> bool:
    return all(np.isfinite(np.asarray(w)).all() for w in experiment(at).net.weights)


def test_a_blow_up_is_shown_and_reset_recovers():
    at = open_link(DIVERGES)
    click_epochs_until_diverged(at)
    assert diverged_notice(at)
    assert weights_finite(at)  # the last finite weights are kept
    for key in ("play", "step", "step_epoch"):
        assert at.button(key=key).disabled
    at.button(key="reset").click().run()
    assert not at.exception
    assert experiment(at).trainer.status == "ok"
    assert experiment(at).trainer.steps == 0
    assert not diverged_notice(at)
    assert not at.button(key="play").disabled


def test_a_blow_up_while_playing_stops_play_and_shows_the_notice():
    at = open_link({**DIVERGES, "speed": "25"})
    at.button(key="play").click().run()
    for _ in range(MAX_CLICKS):
        if experiment(at).trainer.status != "ok":
            break
        ask_for_frames(at, 10)  # what the browser does while its queue runs low
        assert not at.exception
    assert experiment(at).trainer.status == "diverged"
    at.run()
    assert diverged_notice(at)
    assert at.session_state["_playing"] is False
    assert at.button(key="play").label == "Play"
    payload = live_payload(at)
    assert not payload["playing"] and payload["status"] == "diverged"


@pytest.mark.parametrize(
    "query",
    [
        {"lr": "10"},
        {"lr": "10", "activation": "relu", "optimizer": "adam"},
        {"reg": "l1", "rate": "10"},
        {"reg": "l2", "rate": "10", "lr": "1"},
        {"reg": "l1", "rate": "10", "lr": "10"},
        {"init": "zeros"},
        {"init": "zeros", "activation": "relu", "dataset": "spiral3"},
        {"dataset": "bumps", "lr": "10", "optimizer": "momentum"},
    ],
    ids=lambda query: "&".join(f"{key}={value}" for key, value in query.items()),
)
def test_extreme_settings_never_raise(query):
    at = open_link(query)
    for _ in range(4):
        at.button(key="step_epoch").click().run()
        assert not at.exception
    status = experiment(at).trainer.status
    # Either it trains on with finite numbers, or the page says that it blew up.
    if status == "ok":
        assert np.isfinite(experiment(at).trainer.evaluate()["train_loss"])
        assert not diverged_notice(at)
    else:
        assert diverged_notice(at)
    assert weights_finite(at)


def test_zero_initialisation_trains_but_hidden_units_stay_identical():
    at = open_link({"init": "zeros", "layers": "3", "activation": "sigmoid", "lr": "1"})
    for _ in range(3):
        at.button(key="step_epoch").click().run()
    assert not at.exception
    first_layer = np.asarray(experiment(at).net.weights[0])  # (2, 3)
    assert np.abs(first_layer).max() > 1e-6  # the weights did move
    # Zero weights get identical gradients: the units never become different (the lesson).
    np.testing.assert_allclose(first_layer, first_layer[:, :1].repeat(3, axis=1), atol=1e-12)


def test_the_largest_network_plays_without_error():
    at = open_link(LARGEST)
    cfg = Config.from_query(LARGEST)[0]
    assert experiment(at).net.sizes == (7, 8, 8, 8, 8, 8, 8, 1)
    at.button(key="play").click().run()
    steps = experiment(at).trainer.steps
    sent = 0
    for _ in range(3):
        ask_for_frames(at, 8)
        assert not at.exception
        sent += len(live_payload(at)["frames"])
    # every frame sent is `speed` steps of training (a run may stop early on its work budget)
    assert experiment(at).trainer.steps - steps == sent * cfg.speed
    assert experiment(at).trainer.status == "ok"
    assert at.button(key="play").label == "Pause"


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_blow_up_is_quiet_on_the_console_and_the_explainer_names_the_activation():
    at = open_link({"dataset": "plane", "lr": "10", "layers": "8,8", "activation": "tanh"})
    click_epochs_until_diverged(at)
    at = open_tab(at, "Backprop step by step")
    assert not at.exception  # a RuntimeWarning would have been raised as an error
    notes = []
    for layer in (1, 2):
        at.selectbox(key="bp_layer").set_value(layer).run()
        assert not at.exception
        notes += [info.value for info in at.info]
    # The blown-up tanh units are saturated: their slope is 0, and the text says why.
    assert any("tanh neuron is saturated" in note for note in notes)
    assert not any("ReLU" in note for note in notes)
