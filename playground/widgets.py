"""Choice widgets over options that describe the data or the network: never a stale value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from playground import state

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
