"""The training settings in Chromium: a change reruns only the settings, yet the link carries it
at once and the next Step trains with it (the read-out equals the engine's loss for it); changed
while playing, training goes on with the frames coming; the Share menu and the settings file
carry it too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from live_page import (
    choose,
    is_playing,
    nudge,
    number,
    open_tab,
    pause,
    press,
    query_of,
    readout,
    settle,
    shot,
    start_from,
    wait_for_step_change,
    widget,
)

from playground.config import Config
from playground.experiment import Experiment

pytestmark = pytest.mark.browser

READOUT_DIGITS = 1e-4  # the read-out shows four decimals

PLAYING_MS = 600  # long enough for several answers to the live view's requests
LIVE_RUN = "() => document.querySelector('.nnp-live').dataset.run"


def loss_after_one_step(query: str) -> float:
    """The engine's training loss after one Step of the experiment a link describes."""
    cfg, warnings = Config.from_query(query_of("?" + query))
    assert not warnings, warnings
    experiment = Experiment(cfg)
    experiment.trainer.step(1)
    return float(experiment.trainer.evaluate()["train_loss"])


def change_optimizer(page: Any) -> None:
    choose(page, "optimizer", "adam")


def change_regularization(page: Any) -> None:
    choose(page, "reg", "L2")


def change_learning_rate(page: Any) -> None:
    nudge(page, "lr", "ArrowRight")


@pytest.mark.parametrize(
    "start, change, expected",
    [
        ("dataset=xor", change_optimizer, "optimizer=adam"),
        ("dataset=xor&rate=0.3", change_regularization, "reg=l2"),
        ("dataset=xor", change_learning_rate, "lr=0.1"),
    ],
    ids=["optimizer", "regularization", "learning-rate"],
)
def test_a_setting_reaches_the_link_and_the_next_step_without_redrawing_the_view(
    app_url: str, flow_page: Any, start: str, change: Any, expected: str
) -> None:
    page = flow_page
    start_from(page, app_url, "?" + start)
    run = page.evaluate(LIVE_RUN)
    change(page)
    page.wait_for_function(f"() => location.search.includes({expected!r})", timeout=10_000)
    settle(page)
    assert page.evaluate(LIVE_RUN) == run, "the live view was drawn again for a setting"

    before = shot(page).step
    press(page, "Step")
    wait_for_step_change(page, before)
    settle(page)
    query = urlsplit(page.url).query
    shown = number(readout(page, "Train loss"))
    assert shown == pytest.approx(loss_after_one_step(query), abs=READOUT_DIGITS)
    # The same Step under the setting before the change would read otherwise.
    old = loss_after_one_step(start)
    assert abs(shown - old) > 2 * READOUT_DIGITS, f"{expected}: one step reads the same"


def test_settings_changed_while_playing_keep_the_frames_coming(
    app_url: str, flow_page: Any
) -> None:
    page = flow_page
    start_from(page, app_url, "?dataset=spiral")
    press(page, "Play")
    widget(page, "play").get_by_role("button", name="Pause").wait_for(timeout=10_000)
    for change, expected in (
        (change_optimizer, "optimizer=adam"),
        (change_learning_rate, "lr=0.1"),
        (change_regularization, "reg=l2"),
    ):
        change(page)
        page.wait_for_function(f"() => location.search.includes({expected!r})", timeout=10_000)
        before = shot(page).step
        page.wait_for_timeout(PLAYING_MS)
        assert shot(page).step > before, f"{expected}: training stopped after the change"
        assert is_playing(page), f"{expected}: the transport stopped reading Pause"
    assert pause(page)
    query = query_of(page.url)
    assert (query["optimizer"], query["lr"], query["reg"]) == (["adam"], ["0.1"], ["l2"])


def test_the_share_menu_and_the_settings_file_carry_a_setting_changed_since_the_page_was_drawn(
    app_url: str, flow_page: Any
) -> None:
    page = flow_page
    start_from(page, app_url, "?dataset=xor")
    change_optimizer(page)
    change_learning_rate(page)
    page.wait_for_function("() => location.search.includes('lr=0.1')", timeout=10_000)
    settle(page)

    page.get_by_role("button", name="Share", exact=True).click()
    link = page.locator("[data-testid=stPopoverBody] a").first
    link.wait_for(timeout=10_000)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stPopoverBody] a')?.textContent"
        ".includes('lr=0.1')",
        timeout=10_000,
    )
    shared = query_of(link.inner_text())
    assert shared == query_of(page.url), f"{link.inner_text()} is not the page's {page.url}"
    assert (shared["optimizer"], shared["lr"]) == (["adam"], ["0.1"])
    page.keyboard.press("Escape")

    open_tab(page, "Export & import")
    with page.expect_download() as download:
        page.get_by_role("button", name="Settings (JSON)").click()
    saved = json.loads(Path(download.value.path()).read_text())
    assert (saved["optimizer"], saved["lr"]) == ("adam", 0.1), saved
