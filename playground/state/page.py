"""The config read from the URL and the controls, the URL kept in step with it, and notices."""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from playground.config import Config
from playground.config.tfp import from_tfp_parameter
from playground.state.experiments import experiment, set_playing

_URL_WRITTEN = "_url_written"
_NOTICES = "_notices"
_NOTICES_SHOWN = "_notices_shown"
_STARTED = "_started"
_CONFIG = "_config"

TFP_PARAMETER = "tfp"  # a TensorFlow Playground link's #... part, in our URL

# Widgets hold these fields as text or lists; everything else is stored as the config value itself.
_LIST_FIELDS = ("features", "hide")
# Set by the live view (points drawn by hand) or a link (a comparison), never by a widget.
NOT_WIDGETS = ("drawn", "compare")


def widget_values(cfg: Config) -> dict[str, object]:
    """The value each control's widget shows for a config (keyed by URL name)."""
    values: dict[str, object] = {}
    for field in fields(Config):
        if field.name in NOT_WIDGETS:
            continue
        value = getattr(cfg, field.name)
        if field.name in _LIST_FIELDS:
            value = list(value)
        elif field.name == "layers":
            value = ",".join(str(width) for width in value)
        elif field.name == "activation":
            value = ",".join(value)
        values[field.name] = value
    return values


def _query_from_widgets(base: Config) -> dict[str, object]:
    # A control that was hidden last run has no widget state: it keeps the config's value.
    query: dict[str, object] = dict(base.to_query())
    for field in fields(Config):
        if field.name not in st.session_state or field.name in NOT_WIDGETS:
            continue
        value = st.session_state[field.name]
        if isinstance(value, list | tuple):
            query[field.name] = ",".join(str(item) for item in value)
        elif isinstance(value, bool):
            query[field.name] = "true" if value else "false"
        else:
            query[field.name] = str(value)
    return query


def start_session() -> None:
    """On a session's first run: read the URL through the config gate and set every control."""
    if st.session_state.get(_STARTED):
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    if TFP_PARAMETER in params:
        # ?tfp=<the #... part of a TensorFlow Playground link>: that experiment, in our own
        # parameters as soon as the URL is next written.
        cfg, warnings = open_tensorflow_playground(params)
        st.session_state[_URL_WRITTEN] = None
    else:
        cfg, warnings = Config.from_query(params)
        st.session_state[_URL_WRITTEN] = cfg.to_query()
    apply_config(cfg)
    st.session_state[_NOTICES] = warnings
    set_playing(False)
    st.session_state[_STARTED] = True


def open_tensorflow_playground(params: dict[str, list[str]]) -> tuple[Config, list[str]]:
    """The config of a ?tfp= link; a page mode given beside it is kept.

    A link pasted after tfp= without encoding its '&' arrives split into several URL
    parameters (tfp=activation=relu&learningRate=0.1): they are joined back into one.
    """
    pieces = [params[TFP_PARAMETER][-1] if params[TFP_PARAMETER] else ""]
    pieces += [
        f"{name}={value}"
        for name, values in params.items()
        if name not in (TFP_PARAMETER, "mode")
        for value in values
    ]
    cfg, warnings = from_tfp_parameter("&".join(pieces))
    if "mode" in params:
        mode, problems = Config.from_query({"mode": params["mode"]})
        cfg, warnings = cfg.replace(mode=mode.mode), warnings + problems
    return cfg, warnings


def set_compare(pairs: tuple[tuple[str, str], ...]) -> None:
    """Start (or, with no pairs, stop) a comparison; the next run builds the second run."""
    st.session_state[_CONFIG] = st.session_state[_CONFIG].replace(compare=pairs)


def set_drawing(cfg: Config) -> None:
    """A config whose drawing (and dataset, when drawing begins) changed in the live view."""
    st.session_state[_CONFIG] = cfg
    if st.session_state.get("dataset") != cfg.dataset:
        st.session_state["dataset"] = cfg.dataset


def apply_config(cfg: Config) -> None:
    """Set every control to a config's values (a lesson, an import, a link)."""
    for key, value in widget_values(cfg).items():
        st.session_state[key] = value
    st.session_state[_CONFIG] = cfg


def read_config() -> Config:
    """The config the controls describe now; values the gate had to fix become notices."""
    cfg, warnings = Config.from_query(_query_from_widgets(st.session_state[_CONFIG]))
    if warnings:
        add_notices(warnings)
    for key, value in widget_values(cfg).items():
        # Show the gate's value in the control too (a clamped number, a dropped list item).
        if key not in st.session_state or warnings:
            st.session_state[key] = value
    st.session_state[_CONFIG] = cfg
    return cfg


def apply_controls() -> Config:
    """The config the controls describe, applied to the runs and written to the link."""
    cfg = read_config()
    experiment(cfg)
    sync_url(cfg)
    return cfg


def sync_url(cfg: Config) -> None:
    """Write the URL when the config changed; never on a training tick (each write adds history)."""
    query = cfg.to_query()
    if st.session_state.get(_URL_WRITTEN) != query:
        st.query_params.from_dict(query)  # also replaces a ?tfp= link by our own parameters
        st.session_state[_URL_WRITTEN] = query


def add_notices(messages: list[str]) -> None:
    """Queue messages for the notice box."""
    st.session_state.setdefault(_NOTICES, []).extend(messages)


def take_notices() -> list[str]:
    """The queued messages, emptied (and remembered as the ones on the page)."""
    messages = st.session_state.pop(_NOTICES, [])
    st.session_state[_NOTICES_SHOWN] = messages
    return messages


def keep_notices() -> None:
    """Queue again the messages on the page: the next page run shows them too (once each)."""
    shown = st.session_state.get(_NOTICES_SHOWN, [])
    queued = [m for m in st.session_state.get(_NOTICES, []) if m not in shown]
    st.session_state[_NOTICES] = [*shown, *queued]
