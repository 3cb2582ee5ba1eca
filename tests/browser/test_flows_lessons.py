"""Flows in Chromium: pick each lesson, press its Open or Compare button, then Play.

A lesson sets every control and starts from fresh weights; after it the page must stay whole,
training must move the boundary and the read-outs, and the link must be the lesson's. The
learning-rate lesson diverges on purpose: its Play ends in the divergence notice, not a crash.
One server and one page for the module.
"""

from __future__ import annotations

from typing import Any

import pytest
from live_page import check_flow, click, open_tab, query_of, start_from, widget

from playground.config import Config
from playground.lessons.catalog import LESSONS
from playground.lessons.view import PICK_KEY

pytestmark = pytest.mark.browser

# Compare opens the lesson's comparison: both runs side by side, or the contrast on its own.
BUTTONS = [
    pytest.param(item.title, f"lessons_{kind}_{item.slug}", config, id=f"{kind}-{item.slug}")
    for item in LESSONS
    for kind, config in (("open", item.config), ("compare", item.comparison()))
    if config is not None
]


@pytest.mark.parametrize(("title", "key", "config"), BUTTONS)
def test_lesson_button_then_play(
    app_url: str, flow_page: Any, title: str, key: str, config: Config
) -> None:
    page = flow_page
    start_from(page, app_url, None)  # a lesson sets every control, whatever the page showed
    open_tab(page, "Lessons")
    widget(page, PICK_KEY).get_by_text(title, exact=True).click()  # one lesson at a time
    check_flow(page, lambda: click(page, key), key)
    expected = {name: [value] for name, value in config.to_query().items()}
    assert query_of(page.url) == expected
