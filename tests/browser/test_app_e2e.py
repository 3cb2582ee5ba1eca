"""The playground in headless Chromium: Play trains, every view moves, Step lands at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from live_page import (
    BOUNDARY_PICTURE,
    LOSS_PICTURE,
    NETWORK_PICTURE,
    VIEWS,
    choose,
    frames_shown,
    no_exception,
    number,
    open_page,
    press,
    readout,
    view_steps,
    wait_for_step_change,
)

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "streamlit_app.py"
SCREENSHOTS = REPO_ROOT / "artifacts"


def test_play_moves_every_view_from_the_same_step(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?dataset=xor&layers=4&lr=0.1&seed=1&speed=5")
    pictures = [page.evaluate(p) for p in (BOUNDARY_PICTURE, NETWORK_PICTURE, LOSS_PICTURE)]
    first_loss = number(readout(page, "Train loss"))
    shown = {view: frames_shown(page, view) for view in VIEWS}

    press(page, "Play")
    page.wait_for_selector("button:has-text('Pause')", timeout=10_000)
    page.wait_for_timeout(4_000)
    moved = {view: frames_shown(page, view) - shown[view] for view in VIEWS}
    steps = view_steps(page)
    press(page, "Pause")
    page.wait_for_selector("button:has-text('Play')", timeout=10_000)

    assert min(moved.values()) >= 20, moved  # every view redrew many times, not once a second
    assert len(set(steps.values())) == 1, steps  # all from the same training step
    after = [page.evaluate(p) for p in (BOUNDARY_PICTURE, NETWORK_PICTURE, LOSS_PICTURE)]
    assert all(a != b for a, b in zip(pictures, after, strict=True)), "a view never changed"
    assert number(readout(page, "Train loss")) < first_loss * 0.9
    assert no_exception(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "playground-after-play.png"))


def test_step_redraws_the_boundary_and_the_readouts(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?dataset=circle&lr=0.3")
    picture = page.evaluate(BOUNDARY_PICTURE)
    loss = readout(page, "Train loss")
    for clicks in range(1, 4):
        press(page, "Step")
        wait_for_step_change(page, clicks - 1)
    assert view_steps(page) == dict.fromkeys(VIEWS, 3)
    assert readout(page, "Epoch") == "0" and "step 3" in page.inner_text("[data-view=readouts]")
    assert page.evaluate(BOUNDARY_PICTURE) != picture
    assert readout(page, "Train loss") != loss
    press(page, "Epoch")
    page.wait_for_function(
        "() => document.querySelector('[data-view=boundary]').dataset.step === '25'"
    )
    assert readout(page, "Epoch") == "1"
    press(page, "Reset")
    wait_for_step_change(page, 25)
    assert page.evaluate(BOUNDARY_PICTURE) == picture and readout(page, "Train loss") == loss
    assert no_exception(page)


def test_bad_link_shows_a_notice_not_a_traceback(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?points=1e309&layers=99,x&seed=inf&lr=nan&bogus=%3Cscript%3E")
    notice = page.locator("[data-testid='stAlert']").first
    assert "points" in notice.inner_text()
    assert no_exception(page)
    assert page.locator("script", has_text="bogus").count() == 0


def test_play_after_a_dataset_change_keeps_the_page(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    """A selectbox rebuilt from new data sends its old label back; nothing may act on it."""
    url = streamlit_server(APP)
    open_page(page, url)
    for name in ("Spiral", "Plane (regression)", "Blobs (3–5 classes)"):
        choose(page, "dataset", name)
        page.wait_for_timeout(1_500)
        press(page, "Play")
        page.wait_for_selector("button:has-text('Pause')", timeout=10_000)
        page.wait_for_timeout(2_000)
        press(page, "Pause")
        page.wait_for_selector("button:has-text('Play')", timeout=10_000)
        assert no_exception(page), name
