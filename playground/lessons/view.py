"""The Lessons tab: ready-made experiments a class can open with one click or one link."""

from __future__ import annotations

import streamlit as st

from playground import layout, state
from playground.config import Config
from playground.lessons.catalog import LESSONS, Lesson
from playground.text import escape_markdown


def render(cfg: Config) -> None:
    """List every lesson with its text, an Open button and the link a teacher can hand out."""
    st.caption(
        "Each lesson sets up data and network to show one idea. Open it, press Play, and compare "
        "with what the lesson says you should see."
    )
    base = layout.base_url()
    for item in LESSONS:
        with st.container(border=True):
            _lesson(item, cfg, base)


def _lesson(item: Lesson, cfg: Config, base: str) -> None:
    st.markdown(f"**{item.title}**")
    st.markdown(item.text)
    st.markdown(f"*You should see:* {item.claim}")
    buttons = st.columns([1, 1, 3])
    buttons[0].button(
        "Open",
        key=f"lessons_open_{item.slug}",
        on_click=open_config,
        args=(item.config, cfg),
        type="primary",
        help="Set every control to this lesson and start from fresh weights",
        width="stretch",
    )
    comparison = item.comparison()
    if comparison is not None:
        buttons[1].button(
            "Compare",
            key=f"lessons_compare_{item.slug}",
            on_click=open_config,
            args=(comparison, cfg),
            help="Open the comparison the lesson suggests",
            width="stretch",
        )
    link = item.link(base)
    st.markdown(f"Link for the class: [{escape_markdown(link)}]({link})")


def open_config(lesson_config: Config, current: Config) -> None:
    """Button callback: switch to a lesson's config from fresh weights, keeping the page mode."""
    # A presenter keeps presenter mode and the hidden controls when moving between lessons.
    target = lesson_config.replace(mode=current.mode, hide=current.hide)
    state.current_experiment().reset()  # the lesson starts untrained even if only lr changes
    state.apply_config(target)
    state.set_playing(False)
