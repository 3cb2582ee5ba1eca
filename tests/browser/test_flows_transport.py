"""Play and Pause in Chromium, again and again: every Pause must stop training and say so.

A Pause pressed while the live view is asking for its next frames must still bring the Play
button back and stop the steps; the transport must never read "Pause" over a stopped run.
"""

from __future__ import annotations

from typing import Any

import pytest
from live_page import LIVE, frames_shown, pause, press, settle, shot, start_from, widget

pytestmark = pytest.mark.browser

CYCLES = 12


def test_every_pause_stops_training(app_url: str, flow_page: Any) -> None:
    page = flow_page
    start_from(page, app_url, "?dataset=spiral")
    for cycle in range(CYCLES):
        press(page, "Play")
        widget(page, "play").get_by_role("button", name="Pause").wait_for(timeout=10_000)
        page.wait_for_timeout(200 + 60 * cycle)  # the Pause lands at another moment each time
        try:
            assert pause(page), "training was not running"
        except AssertionError as error:
            raise AssertionError(f"cycle {cycle}: {error}") from error
        settle(page)  # the paused view jumps once to the server's last step, then stays
        stopped = shot(page).step
        page.wait_for_timeout(300)
        assert shot(page).step == stopped, f"cycle {cycle}: training went on after Pause"


# Pause pressed in the same moment the live view asks for frames: both reach the server in one
# message, which reruns only the live view's fragment.
PAUSE_WITH_A_REQUEST = f"""() => {{
    const live = {LIVE};
    live.playback.setTriggerValue("action", {{type: "more", want: 4, shown: -1, seq: Date.now()}});
    document.querySelector('.st-key-play button').click();
}}"""


def test_a_pause_sent_with_a_request_for_frames_still_shows_play(
    app_url: str, flow_page: Any
) -> None:
    page = flow_page
    start_from(page, app_url, "?dataset=xor")
    for attempt in range(3):
        press(page, "Play")
        widget(page, "play").get_by_role("button", name="Pause").wait_for(timeout=10_000)
        page.wait_for_timeout(300)
        page.evaluate(PAUSE_WITH_A_REQUEST)
        try:
            widget(page, "play").get_by_role("button", name="Play").wait_for(timeout=10_000)
        except Exception as error:
            raise AssertionError(f"attempt {attempt}: the transport still reads Pause") from error
        settle(page)
        stopped = shot(page).step
        page.wait_for_timeout(300)
        assert shot(page).step == stopped, f"attempt {attempt}: training went on after Pause"


PRESS_PAUSE = """(type) => document.querySelector('.st-key-play button')
    .dispatchEvent(new PointerEvent(type, {bubbles: true}))"""
LET_GO_ELSEWHERE = """() => document.body
    .dispatchEvent(new PointerEvent('pointerup', {bubbles: true}))"""


@pytest.mark.parametrize(
    "release",
    [
        LET_GO_ELSEWHERE,
        "() => document.querySelector('.st-key-play button')"
        ".dispatchEvent(new PointerEvent('pointercancel', {bubbles: true}))",
    ],
    ids=["released-elsewhere", "turned-into-a-scroll"],
)
def test_pressing_pause_holds_the_picture_until_the_press_ends_without_a_click(
    app_url: str, flow_page: Any, release: str
) -> None:
    page = flow_page
    start_from(page, app_url, "?dataset=xor")
    press(page, "Play")
    widget(page, "play").get_by_role("button", name="Pause").wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    page.evaluate(PRESS_PAUSE, "pointerdown")
    page.wait_for_timeout(100)  # a frame already on its way to the screen may still land
    held = frames_shown(page, "boundary")
    page.wait_for_timeout(500)
    assert frames_shown(page, "boundary") == held, "frames were drawn while Pause was pressed"
    assert widget(page, "play").get_by_role("button", name="Pause").count() == 1  # no click yet
    page.evaluate(release)  # no click: training goes on, and so does the picture
    page.wait_for_timeout(500)
    assert frames_shown(page, "boundary") > held + 5, "the picture stayed still after the press"
    assert pause(page)
