"""Controls read and set from code; a choice widget's value kept among its current options."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import streamlit as st

_LABELS = "_labels_of_"  # + a choice widget's key: a hash of the labels it was drawn with

T = TypeVar("T")


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
