"""This session's experiments (a comparison's second run too), its upload, and whether it plays."""

from __future__ import annotations

import streamlit as st

from engine.datasets import Dataset
from playground.config import Config
from playground.experiment import Experiment

_EXPERIMENT = "_experiment"
_SECOND = "_experiment_b"  # the second run of a comparison
_UPLOAD = "_uploaded_dataset"
_REFUSED_UPLOADS = "_refused_uploads"
_PLAYING = "_playing"
_KEEP_NETWORK = "_keep_network"


def upload_key() -> str:
    """The CSV uploader's key; a new key gives an empty uploader after a refused file."""
    refused = int(st.session_state.get(_REFUSED_UPLOADS, 0))
    return "upload" if not refused else f"upload_{refused}"


def clear_upload() -> None:
    """Empty the CSV uploader (from its callback, after the file was refused)."""
    st.session_state[_REFUSED_UPLOADS] = int(st.session_state.get(_REFUSED_UPLOADS, 0)) + 1


def uploaded_dataset() -> Dataset | None:
    """The last CSV dataset this session uploaded successfully."""
    return st.session_state.get(_UPLOAD)


def set_uploaded_dataset(dataset: Dataset) -> None:
    """Keep a successfully parsed upload and switch the dataset control to it."""
    st.session_state[_UPLOAD] = dataset
    st.session_state["dataset"] = "csv"


def experiment(cfg: Config) -> Experiment:
    """This session's experiment, brought up to date with the config (and its comparison)."""
    current: Experiment | None = st.session_state.get(_EXPERIMENT)
    keep = st.session_state.pop(_KEEP_NETWORK, False)
    if current is None:
        current = Experiment(cfg, uploaded_dataset())
        st.session_state[_EXPERIMENT] = current
    elif current.update(cfg, uploaded_dataset(), keep_network=keep) == "reset":
        st.session_state[_PLAYING] = False
    _update_second(cfg.compared(), keep)
    return current


def _update_second(cfg: Config | None, keep: bool) -> None:
    """The comparison's second run: built as if its config were opened alone, or dropped."""
    second: Experiment | None = st.session_state.get(_SECOND)
    if cfg is None:
        st.session_state[_SECOND] = None
    elif second is None:
        st.session_state[_SECOND] = Experiment(cfg, uploaded_dataset())
    else:
        second.update(cfg, uploaded_dataset(), keep_network=keep)


def runs() -> list[Experiment]:
    """The experiment, and the second run of a comparison when there is one."""
    second = st.session_state.get(_SECOND)
    return [current_experiment()] + ([second] if second is not None else [])


def current_experiment() -> Experiment:
    """The experiment the last full run prepared (fragments read it)."""
    return st.session_state[_EXPERIMENT]


def is_playing() -> bool:
    """Whether training advances on its own."""
    return bool(st.session_state.get(_PLAYING))


def set_playing(playing: bool) -> None:
    """Start or stop live training."""
    st.session_state[_PLAYING] = playing


def toggle_playing() -> None:
    """Play/Pause."""
    st.session_state[_PLAYING] = not is_playing()


def request_keep_network() -> None:
    """The next data change keeps the network's weights (Regenerate)."""
    st.session_state[_KEEP_NETWORK] = True
