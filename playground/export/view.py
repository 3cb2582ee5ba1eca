"""The Export & import tab: download what the class made, or continue from a saved file."""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from playground import state
from playground.experiment import Experiment
from playground.export.files import (
    MAX_IMPORT_BYTES,
    LoadError,
    config_json,
    data_csv,
    history_csv,
    load_network,
    read_upload,
    weights_json,
)
from playground.export.script import training_script
from playground.text import escape_markdown

PENDING_KEY = "_pending_weights"  # network state waiting for the experiment of the next run
LOADED_KEY = "_export_loaded"  # (network, state it started from) after a successful load
UPLOAD_KEY = "export_upload"
MESSAGE_KEY = "export_message"
SCRIPT_NAME = "playground_run.py"
MIME_TYPES = {"json": "application/json", "csv": "text/csv", "py": "text/x-python"}


def render(experiment: Experiment) -> None:
    """Download buttons for settings, weights, data, history and script; the file loader."""
    st.markdown("**Save**")
    st.caption(
        "Pause training first: each file holds the network as it is when you click. The script "
        "replays the training and prints the same losses; it runs anywhere with only numpy "
        "installed."
    )
    with_split = st.checkbox(
        "Data with a train/test column",
        value=True,
        key="export_split",
        help="The playground's own CSV upload reads files without this column.",
    )
    start = _loaded_start(experiment)  # read here: download callables run outside the session
    downloads = (
        ("Settings (JSON)", "playground-settings.json", partial(_settings_json, experiment)),
        ("Weights (JSON)", "playground-weights.json", partial(weights_json, experiment)),
        ("Data (CSV)", "playground-data.csv", partial(data_csv, experiment, with_split)),
        ("Loss history (CSV)", "playground-history.csv", partial(_history_csv, experiment)),
        ("Python script", SCRIPT_NAME, partial(training_script, experiment, start, SCRIPT_NAME)),
    )
    for column, (label, file_name, data) in zip(st.columns(5), downloads, strict=True):
        column.download_button(
            label,
            data=data,  # a callable: the file is made when clicked, from the state at that moment
            file_name=file_name,
            mime=MIME_TYPES[file_name.rsplit(".", 1)[1]],
            key=f"export_{file_name}",
            on_click="ignore",  # downloading must not interrupt live training
            width="stretch",
        )
    st.markdown("**Load**")
    st.file_uploader(
        "A settings or weights file saved here",
        type=["json"],
        key=UPLOAD_KEY,
        max_upload_size=1,
        help="Weights continue training where the file left off; settings only set the controls.",
    )
    st.button(
        "Continue from this file",
        key="export_load",
        on_click=load_upload,
        disabled=state.control(UPLOAD_KEY) is None,
    )
    message = state.control(MESSAGE_KEY)
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(text)


def load_upload() -> None:
    """Button callback: check the uploaded file; apply it only if everything in it is valid."""
    upload = state.control(UPLOAD_KEY)
    if upload is None:
        return
    upload.seek(0)
    raw = upload.read(MAX_IMPORT_BYTES + 1)  # never more than one byte over the cap
    try:
        loaded = read_upload(raw, state.uploaded_dataset())
    except LoadError as error:
        name = escape_markdown(upload.name)
        state.set_control(MESSAGE_KEY, ("error", f"{name} was not loaded: {error}"))
        return
    state.apply_config(loaded.config)
    state.set_playing(False)
    if loaded.network is not None:
        set_pending_weights({**loaded.network, "steps": loaded.steps, "history": loaded.history})
    name = escape_markdown(upload.name)
    if loaded.network is None:
        text = f"Settings from {name} applied."
    else:
        text = (
            f"Weights from {name} loaded (saved after {loaded.steps:,} steps); press Play "
            "to continue. Reset goes back to the seed's initial weights."
        )
    state.set_control(MESSAGE_KEY, ("success", text))


def set_pending_weights(network: dict[str, Any] | None) -> None:
    """Leave a checked network state (with its steps and history) for apply_pending_weights."""
    state.set_control(PENDING_KEY, network)


def apply_pending_weights(experiment: Experiment) -> None:
    """Load weights an import left behind into the experiment; call right after state.experiment."""
    network = state.control(PENDING_KEY)
    if network is None:
        return
    state.set_control(PENDING_KEY, None)
    experiment.reset()  # a fresh trainer: no optimizer momentum
    try:
        load_network(experiment.net, network)
    except ValueError as error:  # LoadError included; the file was checked, the data may differ
        state.set_control(MESSAGE_KEY, ("error", f"The weights could not be used: {error}"))
        return
    # The run goes on from the file's step count and loss curve (epoch, chart, export).
    experiment.trainer.resume(network.get("steps", 0), network.get("history"))
    state.set_control(LOADED_KEY, (experiment.net, network))


def _settings_json(experiment: Experiment) -> str:
    """The settings as they are at the click: a setting changed since this tab was drawn reran
    only its own fragment, and the experiment holds it."""
    return config_json(experiment.cfg)


def _history_csv(experiment: Experiment) -> str:
    # The trainer, not its history object, is read at click time: Reset replaces both.
    return history_csv(experiment.trainer.history, experiment.markers)


def _loaded_start(experiment: Experiment) -> dict[str, Any] | None:
    """The loaded state this network started from; None once Reset or a new config replaced it."""
    loaded = state.control(LOADED_KEY)
    if loaded is None or loaded[0] is not experiment.net:
        return None
    return loaded[1]
