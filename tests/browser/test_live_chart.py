"""playground.live_chart in headless Chromium, driven through benchmarks/apps/live_demo.py."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHART = ".live-chart"
EXCEPTION = "[data-testid='stException']"
# Frames to watch while playing: six runs of 5 frames, 3 s at the 10 fps target. The tests wait
# for a number of frames, not for a number of seconds: how many frames a loaded machine paints
# in a given time is benchmarks/bench_browser_fps.py's question, not a pass/fail one.
WATCHED_FRAMES = 30
FRAMES_TIMEOUT_MS = 60_000

# Counts, once per painted frame, how often the heatmap image changed and whether the chart
# was missing or faded (and, as a control, whether the demo's text line was faded); also tags
# the plot node so a remount would be noticed.
WATCH_CHART = """
() => {
  const watch = { changes: 0, samples: 0, missing: 0, faded: 0, textFaded: 0,
                  last: null, running: true };
  const chart = document.querySelector('.live-chart');
  chart.__watchTag = 'original';
  const opacity = (el) => {
    let value = 1;
    for (; el; el = el.parentElement) value *= parseFloat(getComputedStyle(el).opacity);
    return value;
  };
  const tick = () => {
    const root = document.querySelector('.live-chart');
    const image = root && root.querySelector('.heatmaplayer image');
    const text = document.querySelector("[data-testid='stText']");
    watch.samples += 1;
    if (text && opacity(text) < 0.99) watch.textFaded += 1;
    if (!image) watch.missing += 1;
    else {
      if (opacity(root) < 0.99) watch.faded += 1;
      const href = image.getAttribute('href') || image.getAttribute('xlink:href');
      if (href !== watch.last) { watch.changes += 1; watch.last = href; }
    }
    if (watch.running) requestAnimationFrame(tick);
  };
  window.__watch = watch;
  requestAnimationFrame(tick);
}
"""
WATCHED_CHANGES = "(count) => window.__watch.changes >= count"
STOP_WATCH = """
() => {
  window.__watch.running = false;
  const w = window.__watch;
  return { changes: w.changes, samples: w.samples, missing: w.missing, faded: w.faded,
           textFaded: w.textFaded,
           sameNode: document.querySelector('.live-chart').__watchTag === 'original' };
}
"""


def open_demo(page: Any, url: str) -> None:
    """Load the demo and wait until the chart has drawn its first frame."""
    page.goto(url)
    page.wait_for_selector(f"{CHART} .main-svg", timeout=30_000)


def frames_shown(page: Any) -> int:
    """How many frames the component has drawn (its data-frames-shown attribute)."""
    return int(page.locator(CHART).get_attribute("data-frames-shown"))


def last_click_text(page: Any) -> str:
    """The demo's 'last click: ...' line."""
    return page.get_by_text(re.compile(r"^last click:")).inner_text()


def wait_for_click_text(page: Any, previous: str, timeout_s: float = 10.0) -> str:
    """Wait until the demo shows a click line different from `previous`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        text = last_click_text(page)
        if text != previous:
            return text
        time.sleep(0.1)
    raise AssertionError(f"click never reached Python (still {previous!r})")


def parse_click(text: str) -> dict[str, str]:
    """'last click: x=1.00 y=2.00 curve=1 point=3' -> {'x': '1.00', ...}."""
    return dict(re.findall(r"(\w+)=(\S+)", text))


def test_playing_updates_the_chart_in_place_without_errors(page: Any, live_demo_url: str) -> None:
    open_demo(page, live_demo_url)
    page.evaluate(WATCH_CHART)
    page.get_by_text("Play").click()
    page.wait_for_function(WATCHED_CHANGES, arg=WATCHED_FRAMES, timeout=FRAMES_TIMEOUT_MS)
    watch = page.evaluate(STOP_WATCH)

    assert watch["sameNode"], "the chart was remounted"
    assert watch["missing"] == 0, watch
    assert watch["faded"] <= 0.01 * watch["samples"], watch
    assert page.locator(EXCEPTION).count() == 0


def test_a_slow_run_fades_other_elements_but_not_the_chart(page: Any, live_demo_url: str) -> None:
    # Each run works 1.2 s before drawing (Streamlit fades stale elements after 0.5 s); the
    # 2.5 s timer leaves room for the work, so runs are not cancelled by the next tick. 12 new
    # pictures: the first run brings 9 (its frame 0 is the one already shown), so a second,
    # fragment, run has drawn too.
    open_demo(page, f"{live_demo_url}/?fps=4&batch=10&delay=1.2")
    page.evaluate(WATCH_CHART)
    page.get_by_text("Play").click()
    page.wait_for_function(WATCHED_CHANGES, arg=12, timeout=FRAMES_TIMEOUT_MS)
    watch = page.evaluate(STOP_WATCH)

    assert watch["textFaded"] >= 0.05 * watch["samples"], watch  # the fade did happen
    assert watch["faded"] == 0, watch


HEATMAP_PICTURE = """
() => {
  const image = document.querySelector('.live-chart .heatmaplayer image');
  return image.getAttribute('href') || image.getAttribute('xlink:href');
}
"""


# What the chart holds right now: frames waiting in its queue, frames drawn so far.
CHART_QUEUE = """
() => {
  const state = document.querySelector('.live-chart').parentElement.__liveChartState;
  return { queued: state.queue.length, shown: state.framesShown };
}
"""
# How many frames the chart had drawn when its heatmap showed `picture`; null until then.
SHOWN_WITH_PICTURE = """
(picture) => {
  const root = document.querySelector('.live-chart');
  const image = root.querySelector('.heatmaplayer image');
  const href = image && (image.getAttribute('href') || image.getAttribute('xlink:href'));
  return href === picture ? Number(root.dataset.framesShown) : null;
}
"""


def runs_shown(page: Any) -> int:
    """The demo's 'runs: N' caption."""
    caption = page.get_by_test_id("stCaptionContainer").inner_text()
    return int(re.search(r"runs: (\d+)", caption).group(1))


def test_reset_drops_queued_frames(page: Any, live_demo_url: str) -> None:
    # 20 frames per run at 5 fps: right after a run arrives, 4 s of frames wait to be played.
    open_demo(page, f"{live_demo_url}/?fps=5&batch=20")
    first_picture = page.evaluate(HEATMAP_PICTURE)
    page.get_by_text("Play").click()
    deadline = time.monotonic() + 20
    while runs_shown(page) < 2:
        assert time.monotonic() < deadline, "the second run never arrived"
        time.sleep(0.02)
    assert page.evaluate(HEATMAP_PICTURE) != first_picture

    # Counted in frames, not seconds: without the flush, frame 0 is drawn only after every frame
    # queued when Reset was pressed. With it, only the frames drawn while the rerun travels to the
    # server and back come first (1 here; 0.3-1.2 s, so up to 6, measured from quiet to loaded
    # box). The margin of 2 absorbs a frame being drawn right as the queue or picture is read.
    before = page.evaluate(CHART_QUEUE)
    assert before["queued"] >= 10, before  # a run had just arrived: ~4 s of frames wait
    page.get_by_role("button", name="Reset", exact=True).click()
    shown = page.wait_for_function(
        SHOWN_WITH_PICTURE, arg=first_picture, polling="raf", timeout=30_000
    ).json_value()
    drawn_first = shown - before["shown"] - 1  # old frames drawn before frame 0
    assert drawn_first < before["queued"] - 2, (
        "frame 0 waited behind the queue",
        drawn_first,
        before,
    )


def test_zoom_survives_new_frames(page: Any, live_demo_url: str) -> None:
    open_demo(page, live_demo_url)
    page.get_by_text("Play").click()
    area = page.locator(f"{CHART} .nsewdrag").bounding_box()
    # Drag a zoom box over the left half of the plot (x from -6 to 0).
    page.mouse.move(area["x"] + 5, area["y"] + area["height"] / 2)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] / 2, area["y"] + area["height"] - 5, steps=8)
    page.mouse.up()
    zoomed_at = frames_shown(page)
    # Two runs of 5 frames: new batches, with new layouts, have arrived since the zoom.
    deadline = time.monotonic() + 20
    while frames_shown(page) < zoomed_at + 10:
        assert time.monotonic() < deadline, "frames stopped arriving"
        time.sleep(0.05)
    x_range = page.evaluate(
        "() => document.querySelector('.live-chart')._fullLayout.xaxis.range.slice()"
    )

    assert x_range[0] == pytest.approx(-6.0, abs=0.2)
    assert x_range[1] == pytest.approx(0.0, abs=0.2)


@pytest.mark.parametrize("playing", [False, True], ids=["paused", "playing"])
def test_click_reaches_python(page: Any, live_demo_url: str, playing: bool) -> None:
    open_demo(page, live_demo_url)
    if playing:
        page.get_by_text("Play").click()
        time.sleep(1.0)
    area = page.locator(f"{CHART} .nsewdrag").bounding_box()
    before = last_click_text(page)

    # 1/12 of the width from the left edge is x = -5 on the fixed [-6, 6] axis.
    page.mouse.click(area["x"] + area["width"] / 12, area["y"] + area["height"] / 2)
    click = parse_click(wait_for_click_text(page, before))

    assert float(click["x"]) == pytest.approx(-5.0, abs=0.1)
    assert float(click["y"]) == pytest.approx(0.0, abs=0.1)
    assert page.locator(EXCEPTION).count() == 0


def test_click_on_a_point_names_its_trace_and_index(page: Any, live_demo_url: str) -> None:
    open_demo(page, live_demo_url)
    point_index = 3
    marker = page.locator(f"{CHART} .scatterlayer .trace").nth(0).locator("path.point")
    box = marker.nth(point_index).bounding_box()
    expected_x = page.evaluate(
        f"() => document.querySelector('.live-chart').calcdata[1][{point_index}].x"
    )
    before = last_click_text(page)

    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    click = parse_click(wait_for_click_text(page, before))

    # Trace 0 is the heatmap, so the first scatter trace is curve 1.
    assert click["curve"] == "1"
    assert click["point"] == str(point_index)
    assert float(click["x"]) == pytest.approx(expected_x, abs=0.1)
