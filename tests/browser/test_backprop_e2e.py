"""The backprop explainer in headless Chromium: formulas with live numbers; a click on a point."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from live_page import LIVE, no_exception, open_page

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "streamlit_app.py"
EXPLAINER = "Backprop step by step"

SELECTED_POINT = """
() => {
  const input = document.querySelector('.st-key-bp_point input');
  return input ? input.value : null;
}
"""
# Where training point `index` is drawn on the page, from the live view's own coordinates.
POINT_ON_PAGE = f"""
(index) => {{
  const live = {LIVE};
  const boundary = live.boundary;
  const [px, py] = boundary.toPixel(boundary.train.x[2 * index], boundary.train.x[2 * index + 1]);
  const box = boundary.overlay.getBoundingClientRect();
  return [box.left + px, box.top + py];
}}
"""


def test_backprop_tab_renders_formulas(streamlit_server: Callable[..., str], page: Any) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?dataset=xor&layers=3&seed=2")
    page.get_by_role("tab", name=EXPLAINER).click()
    page.wait_for_selector("[data-testid='stMarkdownContainer'] .katex", timeout=60_000)
    formulas = page.locator(".katex")
    assert formulas.count() > 10
    text = " ".join(formulas.all_inner_texts())
    # The forward pass names z and a; the backward pass names the derivative of L.
    assert "z" in text and "a" in text and "∂L" in text.replace("\n", "")
    assert no_exception(page)
    page.get_by_role("tab", name=EXPLAINER).scroll_into_view_if_needed()
    (REPO_ROOT / "artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO_ROOT / "artifacts" / "backprop-tab.png"))


def test_clicking_a_training_point_explains_it(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?dataset=xor&layers=4")
    x, y = page.evaluate(POINT_ON_PAGE, 17)
    page.mouse.click(x, y)
    # The explainer opens on that point, and the plot rings it.
    page.wait_for_function(f"({SELECTED_POINT})() !== null", timeout=30_000)
    page.wait_for_function(f"({SELECTED_POINT})().startsWith('#17:')", timeout=20_000)
    assert page.get_by_role("tab", name=EXPLAINER).get_attribute("aria-selected") == "true"
    assert "point #17" in page.inner_text("[data-view=boundary] .nnp-legend")
    assert no_exception(page)
