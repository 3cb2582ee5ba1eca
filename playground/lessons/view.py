"""The Lessons tab: ready-made experiments a class can open with one click or one link."""

from __future__ import annotations

import streamlit as st

from playground import layout, state
from playground.config import Config
from playground.lessons.catalog import LESSONS, Lesson, lesson
from playground.text import escape_markdown
from playground.widgets import choice

PICK_KEY = "lesson_pick"


def render(cfg: Config) -> None:
    """The lesson titles to pick from, and the picked one: its text, Open, Compare and link.

    One lesson at a time, not all ten: every element on the page costs Streamlit's frontend time
    at each click in the live area (with ten cards, Step took 18 ms longer; README, bench_pair).
    """
    st.caption(
        "Each lesson sets up data and network to show one idea. Open it, press Play, and compare "
        "with what the lesson says you should see."
    )
    titles = {item.slug: item.title for item in LESSONS}
    picker, card = st.columns([2, 3], gap="medium")
    slug = choice(picker, "Lesson", list(titles), PICK_KEY, titles.get, kind="radio")
    with card, st.container(border=True):
        _lesson(lesson(slug), cfg, layout.base_url())


def _lesson(item: Lesson, cfg: Config, base: str) -> None:
    link = item.link(base)
    st.markdown(
        f"**{item.title}**\n\n{item.text}\n\n*You should see:* {item.claim}\n\n"
        f"Link for the class: [{escape_markdown(link)}]({link})"
    )
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


def open_config(lesson_config: Config, current: Config) -> None:
    """Button callback: switch to a lesson's config from fresh weights, keeping the page mode."""
    # A presenter keeps presenter mode and the hidden controls when moving between lessons.
    target = lesson_config.replace(mode=current.mode, hide=current.hide)
    state.current_experiment().reset()  # the lesson starts untrained even if only lr changes
    state.apply_config(target)
    state.set_playing(False)
