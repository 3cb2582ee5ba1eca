"""Drawing data by hand in Chromium: clicks add points, shift-click erases, training follows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from live_page import BOUNDARY_PICTURE, LIVE, no_exception, open_page, press

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
DRAWN = f"() => {{ const live = {LIVE}; return live && live.scene && live.scene.drawing; }}"
POINTS = f"() => {LIVE}.scene.drawing.points"
# Where the point (x1, x2) of the input plane is on the page.
WHERE = f"""([x1, x2]) => {{
  const boundary = {LIVE}.boundary;
  const [px, py] = boundary.toPixel(x1, x2);
  const box = boundary.overlay.getBoundingClientRect();
  return [box.left + px, box.top + py];
}}"""


def _click(page: Any, x1: float, x2: float, shift: bool = False) -> None:
    x, y = page.evaluate(WHERE, [x1, x2])
    if shift:
        page.keyboard.down("Shift")
    page.mouse.click(x, y)
    if shift:
        page.keyboard.up("Shift")


def _wait_points(page: Any, count: int) -> None:
    page.wait_for_function(f"() => ({POINTS})() === {count}", timeout=10_000)


def test_points_drawn_on_an_empty_plane_are_learned_and_travel_in_the_link(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?layers=4&lr=0.3&speed=5")
    page.get_by_role("button", name="✎ Draw your own data").click()
    page.get_by_role("button", name="an empty plane: two classes").click()
    page.wait_for_function(DRAWN, timeout=15_000)
    for k in range(10):
        page.get_by_role("button", name="● class 0" if k % 2 == 0 else "● class 1").click()
        _click(page, -3.0 if k % 2 == 0 else 3.0, -4.5 + k)
        _wait_points(page, k + 1)
    assert "drawn=" in page.url and "dataset=drawn" in page.url
    picture = page.evaluate(BOUNDARY_PICTURE)
    press(page, "Play")
    page.wait_for_timeout(2_000)
    _click(page, 0.0, 5.0)  # the network keeps training while a point is added
    _wait_points(page, 11)
    _click(page, 0.0, 5.0, shift=True)  # and shift-click erases it
    _wait_points(page, 10)
    press(page, "Pause")
    assert page.evaluate(BOUNDARY_PICTURE) != picture
    # Far left (x1 = -4.7, x2 = 0) is class 0 now, far right class 1 (grid row 50, columns).
    assert page.evaluate(f"() => {LIVE}.boundary.outputs[5010]") < 0.5
    assert page.evaluate(f"() => {LIVE}.boundary.outputs[5090]") > 0.5
    assert no_exception(page)
    shared = page.url
    page.goto(shared)  # the link opens the same drawing
    page.wait_for_function(DRAWN, timeout=30_000)
    assert page.evaluate(POINTS) == 10
    assert no_exception(page)
