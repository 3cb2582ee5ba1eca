"""The backprop explainer in headless Chromium: its formulas render as KaTeX with live numbers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "streamlit_app.py"
EXCEPTION = "[data-testid='stException']"


def test_backprop_tab_renders_formulas(streamlit_server: Callable[..., str], page: Any) -> None:
    url = streamlit_server(APP)
    page.goto(f"{url}/?dataset=xor&layers=3&seed=2")
    page.get_by_role("tab", name="Backprop step by step").click()
    page.wait_for_selector("[data-testid='stMarkdownContainer'] .katex", timeout=60_000)
    formulas = page.locator(".katex")
    assert formulas.count() > 10
    text = " ".join(formulas.all_inner_texts())
    # The forward pass names z and a; the backward pass names the derivative of L.
    assert "z" in text and "a" in text and "∂L" in text.replace("\n", "")
    assert page.locator(EXCEPTION).count() == 0
    page.get_by_role("tab", name="Backprop step by step").scroll_into_view_if_needed()
    (REPO_ROOT / "artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO_ROOT / "artifacts" / "backprop-tab.png"))


SELECTED_POINT = """
() => {
  const input = document.querySelector('.st-key-bp_point input');
  return input ? input.value : null;
}
"""


def test_clicking_a_training_point_explains_it(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    page.goto(f"{url}/?dataset=xor&layers=4")
    page.wait_for_selector(".st-key-boundary .scatterlayer .points path", timeout=60_000)
    page.wait_for_function(f"({SELECTED_POINT})() !== null", timeout=30_000)
    assert page.evaluate(SELECTED_POINT).startswith("#0:")
    point = page.locator(".st-key-boundary .scatterlayer .trace .points path").nth(17)
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(f"!({SELECTED_POINT})().startsWith('#0:')", timeout=20_000)
    assert page.locator(EXCEPTION).count() == 0
