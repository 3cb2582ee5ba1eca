"""The Export & import tab in a running Streamlit session: loads apply fully or not at all."""

import json

import numpy as np
import pytest
from app_session import live_payload, open_app, open_tab
from streamlit.testing.v1 import AppTest

from playground.config import Config
from playground.experiment import Experiment
from playground.export.files import config_json, weights_json

SAVED = Config(dataset="xor", layers=(3, 2), activation=("relu",), lr=0.1, seed=5)


def export_app():
    """The app's order of calls around the tab: experiment, pending weights, then the tab."""
    from playground import state
    from playground.export import view as export_view

    state.start_session()
    cfg = state.read_config()
    experiment = state.experiment(cfg)
    export_view.apply_pending_weights(experiment)
    export_view.render(experiment)


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_function(export_app, default_timeout=30)
    at.run()
    assert not at.exception
    return at


@pytest.fixture(scope="module")
def saved() -> Experiment:
    experiment = Experiment(SAVED)
    experiment.trainer.run_epochs(3)
    return experiment


def upload(at: AppTest, content: bytes, name: str = "saved.json") -> None:
    at.file_uploader(key="export_upload").set_value((name, content, "application/json"))
    at.run()
    at.button(key="export_load").click()
    at.run()
    assert not at.exception


def session_weights(at: AppTest) -> list[np.ndarray]:
    net = at.session_state["_experiment"].net
    return [w.copy() for w in net.weights] + [b.copy() for b in net.biases]


def test_tab_offers_five_downloads_and_a_loader(app):
    labels = [button.label for button in app.get("download_button")]
    assert labels == [
        "Settings (JSON)",
        "Weights (JSON)",
        "Data (CSV)",
        "Loss history (CSV)",
        "Python script",
    ]
    assert app.button(key="export_load").disabled  # nothing uploaded yet
    assert app.file_uploader(key="export_upload").allowed_type == [".json"]


def test_loading_weights_applies_config_and_weights(app, saved):
    upload(app, weights_json(saved).encode())
    assert app.session_state["_config"] == SAVED
    experiment = app.session_state["_experiment"]
    # The run goes on where the file left it: its steps, epoch and loss curve.
    trainer = experiment.trainer
    assert experiment.cfg == SAVED and trainer.steps == saved.trainer.steps == 75
    assert trainer.epoch_fraction == saved.trainer.epoch_fraction
    assert trainer.history.to_rows() == saved.trainer.history.to_rows()
    for layer in range(saved.net.n_layers):
        np.testing.assert_array_equal(experiment.net.weights[layer], saved.net.weights[layer])
        np.testing.assert_array_equal(experiment.net.biases[layer], saved.net.biases[layer])
    assert app.session_state["_pending_weights"] is None  # applied once, not on every run
    assert app.session_state["_export_loaded"][0] is experiment.net
    assert "75 steps" in app.success[0].value
    assert app.session_state["layers"] == "3,2"  # the controls show the loaded settings


def test_loading_settings_only(app):
    cfg = Config(dataset="moons", layers=(6,), optimizer="adam", lr=0.01)
    upload(app, config_json(cfg).encode(), "settings.json")
    assert app.session_state["_config"] == cfg
    assert app.session_state["_experiment"].cfg == cfg
    # The file name is shown literally: Markdown in it is escaped.
    assert "Settings from settings\\.json applied" in app.success[0].value


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"format": "nn-playground-weights", "version": 9}', "version 9"),
        (b'{"layers": "1,2,3,4,5,6,7"}', "not valid"),
        (b'{"noise": NaN}', "NaN"),
    ],
)
def test_a_bad_file_keeps_the_session(app, content, pattern):
    before_cfg = app.session_state["_config"]
    before_experiment = app.session_state["_experiment"]
    before_weights = session_weights(app)
    upload(app, content, "bad.json")
    assert pattern in app.error[0].value and "bad\\.json was not loaded" in app.error[0].value
    assert app.session_state["_config"] == before_cfg
    assert app.session_state["_experiment"] is before_experiment
    for old, new in zip(before_weights, session_weights(app), strict=True):
        np.testing.assert_array_equal(old, new)


def test_weights_that_do_not_fit_their_settings_change_nothing(app, saved):
    document = json.loads(weights_json(saved))
    document["network"]["weights"][0] = [[0.5, 0.5, 0.5]]  # layer 1 must be (2, 3)
    before_cfg = app.session_state["_config"]
    upload(app, json.dumps(document).encode())
    assert "shape (2, 3)" in app.error[0].value
    assert app.session_state["_config"] == before_cfg != SAVED


def test_loaded_weights_go_on_from_the_saved_step_in_the_live_view(saved):
    at = open_tab(open_app(), "Export & import")
    upload(at, weights_json(saved).encode())
    payload = live_payload(at)
    assert payload["frames"][-1]["step"] == 75  # not 0: the epoch read-out goes on from 3
    assert payload["frames"][-1]["epoch"] == 3.0
    assert payload["history"]["step"] == saved.trainer.history.step  # the loss curve is back
    at.button(key="step_epoch").click().run()
    trainer = at.session_state["_experiment"].trainer
    assert trainer.steps == 100 and trainer.history.step == [*saved.trainer.history.step, 100]
