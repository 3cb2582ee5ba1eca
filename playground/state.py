"""The one place that reads and writes Streamlit's session state and the page URL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from engine.datasets import Dataset
from playground.config import Config
from playground.config.tfp import from_tfp_parameter
from playground.experiment import Experiment

_EXPERIMENT = "_experiment"
_SECOND = "_experiment_b"  # the second run of a comparison
_UPLOAD = "_uploaded_dataset"
_REFUSED_UPLOADS = "_refused_uploads"
_URL_WRITTEN = "_url_written"
_NOTICES = "_notices"
_NOTICES_SHOWN = "_notices_shown"
_PLAYING = "_playing"
_KEEP_NETWORK = "_keep_network"
_STARTED = "_started"
_CONFIG = "_config"
_LIVE = "_live_session"
_LIVE_FLUSH = "_live_flush"
_LABELS = "_labels_of_"  # + a choice widget's key: a hash of the labels it was drawn with

TFP_PARAMETER = "tfp"  # a TensorFlow Playground link's #... part, in our URL

# Widgets hold these fields as text or lists; everything else is stored as the config value itself.
_LIST_FIELDS = ("features", "hide")
# Set by the live view (points drawn by hand) or a link (a comparison), never by a widget.
NOT_WIDGETS = ("drawn", "compare")

T = TypeVar("T")


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
    st.session_state[_PLAYING] = False
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
    """Queue again the messages on the page: the next page run shows them too."""
    shown = st.session_state.get(_NOTICES_SHOWN, [])
    st.session_state[_NOTICES] = [*shown, *st.session_state.get(_NOTICES, [])]


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


def set_control(key: str, value: object) -> None:
    """Change one control's value from a callback."""
    st.session_state[key] = value


def control(key: str) -> object:
    """One control's current value."""
    return st.session_state.get(key)


def is_option(value: object, options: Sequence[object]) -> bool:
    """Whether value is one of options, of the same type (True is not the option 1)."""
    # `==` alone would accept True for 1 and a numpy scalar; options are plain values.
    return any(type(value) is type(option) and value == option for option in options)


def valid_choice(key: str, options: Sequence[T]) -> T | None:
    """A control's value if it is still one of `options`, else None.

    In the browser, a selectbox whose options were rebuilt (new data, a new network) sends its
    old *label* back as its value; AppTest never does. Every reader of such a control goes
    through here, so a stale value can never reach the code that uses it.
    """
    value = st.session_state.get(key)
    return value if is_option(value, options) else None


def keep_valid(
    key: str, options: Sequence[T], fallback: T | None = None, labels: Sequence[str] = ()
) -> T:
    """Before drawing a control over `options`: a value no longer among them falls back.

    When the options' labels changed (new data behind the same indices), the value is written
    again even if still valid: the browser shows the label it was sent last, and only a value set
    from the server replaces it.
    """
    value = valid_choice(key, options)
    signature = hash(tuple(labels))
    relabelled = st.session_state.get(_LABELS + key, signature) != signature
    st.session_state[_LABELS + key] = signature
    if value is None:
        value = fallback if fallback is not None and is_option(fallback, options) else options[0]
        relabelled = True
    if relabelled:
        st.session_state[key] = value
    return value


def live_session() -> dict[str, object]:
    """What this session's live view has been sent: code version, scene id, last action answered."""
    return st.session_state.setdefault(_LIVE, {"code": None, "scene": None, "ack": 0, "run": 0})


def component_event(key: str, event: str) -> dict[str, object] | None:
    """The value a component's event just sent (read in its callback), or None."""
    value = st.session_state.get(key)
    sent = value.get(event) if isinstance(value, dict) else None
    return sent if isinstance(sent, dict) else None


def request_flush() -> None:
    """The browser drops the frames it has queued (a Step, a Reset: the picture jumps)."""
    st.session_state[_LIVE_FLUSH] = True


def take_flush() -> bool:
    """Whether a flush was requested since the last frame was sent, cleared."""
    return bool(st.session_state.pop(_LIVE_FLUSH, False))


def in_fragment_run() -> bool:
    """Whether this script run reruns fragments only (not the whole page)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)
