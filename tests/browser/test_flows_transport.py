"""Play and Pause in Chromium, again and again: every Pause must stop training and say so.

A Pause pressed while the live view is asking for its next frames must still bring the Play
button back and stop the steps; the transport must never read "Pause" over a stopped run.
"""

from __future__ import annotations

from typing import Any

import pytest
from live_page import pause, press, settle, shot, start_from, widget

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
