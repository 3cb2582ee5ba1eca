"""Widgets of the settings: each key is its URL parameter, bounded by the config's field table.

Choices go through `choice`, which never acts on a stale value: in the browser, a selectbox whose
options were rebuilt sends its old label back as its value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from playground import state
from playground.config import Config
from playground.config.fields import FIELDS, format_number

T = TypeVar("T")


def choice(
    container: Any,
    label: str,
    options: Sequence[T],
    key: str,
    format_func: Callable[[T], str] = str,
    fallback: T | None = None,
    kind: str = "selectbox",
    **kwargs: Any,
) -> T:
    """A selectbox (or radio) over `options` that always returns one of them.

    A value that no longer belongs to the options (the browser's stale label after the options
    were rebuilt, a point index past the end of new data) quietly falls back to `fallback`, or to
    the first option.
    """
    options = list(options)
    kept = state.keep_valid(key, options, fallback, [format_func(option) for option in options])
    widget = getattr(container, kind)
    chosen = widget(label, options, key=key, format_func=format_func, **kwargs)
    return chosen if state.is_option(chosen, options) else kept


def shown(cfg: Config, name: str) -> bool:
    """Whether a control is visible (a link can hide it with hide=name)."""
    return name not in cfg.hide


def select(cfg: Config, name: str, format_func: Callable[[Any], str] = str) -> None:
    """A config field's choice, unless hidden."""
    spec = FIELDS[name]
    if shown(cfg, name):
        choice(st, spec.label, spec.options, key=name, help=spec.help, format_func=format_func)


def slider(cfg: Config, name: str, step: int = 1) -> None:
    """A config field's whole-number slider, unless hidden."""
    spec = FIELDS[name]
    if shown(cfg, name):
        low, high = int(spec.minimum), int(spec.maximum)
        st.slider(spec.label, low, high, step=step, key=name, help=spec.help)


def snap(cfg: Config, name: str) -> None:
    """A config field's slider over its few allowed numbers, unless hidden."""
    spec = FIELDS[name]
    if shown(cfg, name):
        st.select_slider(
            spec.label, spec.options, key=name, help=spec.help, format_func=format_number
        )
