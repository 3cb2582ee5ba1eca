"""Two runs side by side in Chromium: both outputs move from the same steps; Compare starts one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from live_page import no_exception, open_page, press

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
SIDES = """() => ['boundary', 'boundary-b', 'readouts', 'readouts-b'].map((view) => {
  const node = document.querySelector(`[data-view=${view}]`);
  return node ? [Number(node.dataset.frames), Number(node.dataset.step)] : null;
})"""
PICTURES = "() => [...document.querySelectorAll('.nnp-heat')].map((c) => c.toDataURL())"


def test_a_compare_link_plays_both_runs_side_by_side(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?dataset=xor&layers=4&compare=activation:relu,lr:0.1&speed=5")
    titles = page.locator(".nnp-side-title").all_inner_texts()
    assert titles == [
        "This run: Activation tanh · Learning rate 0.03",
        "Compared with: Activation relu · Learning rate 0.1",
    ]
    before = page.evaluate(PICTURES)
    assert len(before) == 2
    press(page, "Play")
    page.wait_for_timeout(3_000)
    sides = page.evaluate(SIDES)
    press(page, "Pause")
    assert all(side is not None and side[0] >= 20 for side in sides), sides
    assert len({side[1] for side in sides}) == 1  # all four from the same training step
    after = page.evaluate(PICTURES)
    assert after[0] != before[0] and after[1] != before[1] and after[0] != after[1]
    assert no_exception(page)


def test_the_compare_box_starts_and_stops_a_comparison(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?dataset=circle")
    box = "[data-testid=stPopoverButton]:has-text('Compare')"
    page.click(box)
    page.get_by_label("The second run differs in").fill("optimizer:adam, lr:0.01")
    page.click(".st-key-compare_start button")
    page.wait_for_selector("[data-view=boundary-b]", timeout=20_000)
    assert "compare=lr" in page.url and "optimizer" in page.url
    stop = page.locator(".st-key-compare_stop button")
    if not stop.is_visible():  # the box may still be open from the first click
        page.click(box)
    stop.click()
    page.wait_for_selector("[data-view=network]", state="visible", timeout=20_000)
    assert page.locator("[data-view=boundary-b]").is_hidden()
    assert no_exception(page)
