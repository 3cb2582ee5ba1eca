"""The playground in headless Chromium: press Play, see the boundary change and the loss fall."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "streamlit_app.py"
SCREENSHOTS = REPO_ROOT / "artifacts"
BOUNDARY = "[class*='st-key-boundary'] .live-chart"
EXCEPTION = "[data-testid='stException']"

# The boundary chart's background image (binary task: a heatmap image) as the browser drew it.
BOUNDARY_IMAGE = """
() => {
  const root = document.querySelector("[class*='st-key-boundary'] .live-chart");
  const image = root && root.querySelector('.heatmaplayer image');
  return image ? (image.getAttribute('href') || image.getAttribute('xlink:href')) : null;
}
"""


# The train-loss read-out as a number, read the way _train_loss reads it.
TRAIN_LOSS = """
() => {
  const metric = [...document.querySelectorAll("[data-testid='stMetric']")]
    .find((element) => element.innerText.includes('Train loss'));
  const value = metric && metric.querySelector("[data-testid='stMetricValue']");
  return value ? parseFloat(value.innerText.replace(/[^0-9.eE+-]/g, '')) : NaN;
}
"""


def _train_loss(page: Any) -> float:
    metric = page.locator("[data-testid='stMetric']", has_text="Train loss")
    text = metric.locator("[data-testid='stMetricValue']").inner_text()
    return float(re.sub(r"[^0-9.eE+-]", "", text))


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(f"{BOUNDARY} .main-svg", timeout=60_000)
    page.wait_for_function(f"({BOUNDARY_IMAGE})() !== null", timeout=30_000)


def test_play_trains_the_network_in_the_browser(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    _open(page, f"{url}/?dataset=xor&layers=4&lr=0.1&seed=1")
    first_image = page.evaluate(BOUNDARY_IMAGE)
    first_loss = _train_loss(page)

    page.get_by_role("button", name="Play").click()
    page.wait_for_selector("button:has-text('Pause')", timeout=10_000)
    # Train until the loss has fallen by a tenth (under a second here), however fast the machine.
    page.wait_for_function(
        f"(limit) => ({TRAIN_LOSS})() < limit", arg=first_loss * 0.9, timeout=60_000
    )
    page.get_by_role("button", name="Pause").click()
    page.wait_for_selector("button:has-text('Play')", timeout=10_000)
    page.wait_for_timeout(1_500)

    assert page.evaluate(BOUNDARY_IMAGE) != first_image, "the decision boundary never changed"
    last_loss = _train_loss(page)
    assert last_loss < first_loss * 0.9, (first_loss, last_loss)
    assert page.locator(EXCEPTION).count() == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "playground-after-play.png"))


def test_bad_link_shows_a_notice_not_a_traceback(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    _open(page, f"{url}/?points=1e309&layers=99,x&seed=inf&lr=nan&bogus=%3Cscript%3E")
    notice = page.locator("[data-testid='stAlert']").first
    assert "points" in notice.inner_text()
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator("script", has_text="bogus").count() == 0


def test_play_after_a_dataset_change_keeps_the_page(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    """A selectbox rebuilt from new data sends its old label back; nothing may act on it."""
    url = streamlit_server(APP)
    _open(page, url)
    for name in ("Spiral", "Plane (regression)", "Blobs (3–5 classes)"):
        page.locator(".st-key-dataset").get_by_role("combobox").click()
        page.get_by_role("option", name=name, exact=True).click()
        page.wait_for_timeout(1_500)
        page.get_by_role("button", name="Play").click()
        page.wait_for_selector("button:has-text('Pause')", timeout=10_000)
        page.wait_for_timeout(2_000)
        page.get_by_role("button", name="Pause").click()
        page.wait_for_selector("button:has-text('Play')", timeout=10_000)
        assert page.locator(EXCEPTION).count() == 0, name
