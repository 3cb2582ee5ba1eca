"""Reading and driving the live view in a real page: its views, read-outs and Streamlit controls."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

EXCEPTION = "[data-testid='stException']"
VIEWS = ("boundary", "network", "loss", "readouts")

# The live view object the page holds (playground/live/js/view.js keeps it on its element).
LIVE = "[...document.querySelectorAll('.nnp-live')].map((root) => root.parentElement.__nnpLive)[0]"

BOUNDARY_PICTURE = "() => document.querySelector('[data-view=boundary] .nnp-heat').toDataURL()"
NETWORK_PICTURE = """() => [...document.querySelectorAll('[data-view=network] canvas')]
  .map((canvas) => canvas.toDataURL()).join('|')"""
LOSS_PICTURE = "() => document.querySelector('[data-view=loss] canvas').toDataURL()"


FIRST_PICTURE = "() => Number(document.querySelector('[data-view=boundary]')?.dataset.frames) >= 1"
# The controls and the lower tabs come with the run the first picture triggers
# (playground/layout.py), each control a grey skeleton until its code has loaded.
CONTROLS_DRAWN = """() => new URLSearchParams(location.search).get('mode') === 'embed' || (
  !!document.querySelector('[data-testid=stTabs]')
  && !document.querySelector('[data-testid=stSkeleton]'))"""


def open_page(page: Any, url: str, query: str = "") -> None:
    """Go to the app; wait until the live view has drawn its first frame and the controls came."""
    page.goto(f"{url}/{query}")
    page.wait_for_function(FIRST_PICTURE, timeout=60_000)
    page.wait_for_function(CONTROLS_DRAWN, timeout=30_000)


def frames_shown(page: Any, view: str) -> int:
    """How many frames a view has drawn."""
    return int(page.evaluate(f"() => document.querySelector('[data-view={view}]').dataset.frames"))


def view_steps(page: Any) -> dict[str, int]:
    """The training step each live view shows now, read at one instant."""
    steps = page.evaluate(
        "(views) => views.map((view) => "
        "Number(document.querySelector(`[data-view=${view}]`).dataset.step))",
        list(VIEWS),
    )
    return dict(zip(VIEWS, steps, strict=True))


def readout(page: Any, label: str) -> str:
    """One read-out's value as plain text (e.g. 'Train loss' -> '0.6931')."""
    cells = page.locator("[data-view=readouts] .nnp-readout", has_text=label)
    return cells.locator(".nnp-readout-value").inner_text()


def number(text: str) -> float:
    """A read-out as a float: '1.2e17', '−0.25', '93.5 %'."""
    return float(re.sub(r"[^0-9.eE+-]", "", text.replace("−", "-")))


def press(page: Any, name: str) -> None:
    """Click a Streamlit button by its label."""
    page.get_by_role("button", name=name, exact=True).click()


def choose(page: Any, key: str, option: str, attempts: int = 3) -> None:
    """Pick an option of a Streamlit selectbox by its widget key."""
    # Imported here: without Playwright this module still loads and the browser fixture skips.
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for attempt in range(attempts):
        box = widget(page, key).get_by_role("combobox")
        box.click()
        for _ in range(20):
            if box.get_attribute("aria-expanded") == "true":
                break
            page.wait_for_timeout(100)
        else:
            box.press("ArrowDown")  # after a download a click only focuses the box; keys open it
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            return
        except PlaywrightTimeoutError:
            # A rerun that redraws the box while its list is open takes the list away: again.
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")


def wait_for_step_change(page: Any, before: int, timeout: int = 10_000) -> None:
    """Wait until the boundary shows another training step than `before`."""
    page.wait_for_function(
        f"() => Number(document.querySelector('[data-view=boundary]').dataset.step) !== {before}",
        timeout=timeout,
    )


def no_exception(page: Any) -> bool:
    """Whether the page shows no Streamlit exception box."""
    return page.locator(EXCEPTION).count() == 0


def whole(page: Any, timeout_ms: int = 10_000) -> str:
    """What is wrong with the page: an exception box, or no transport or live view; '' if none.

    A rerun may draw the transport and the live view anew: they get `timeout_ms` to come back.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        if not no_exception(page):
            return "an exception box: " + page.locator(EXCEPTION).first.inner_text()[:2000]
        if page.locator(".st-key-play").count() and page.locator(".nnp-live").count():
            return ""
        if time.monotonic() > deadline:
            return "no transport or live view"
        page.wait_for_timeout(100)


def press_if_enabled(locator: Any) -> str:
    """Click a button unless it is missing or disabled; what happened, for a log."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    if locator.count() == 0:
        return "skipped: not shown"
    if not locator.first.is_enabled():
        return "skipped: disabled"
    try:
        locator.first.click(timeout=5_000)
    except PlaywrightTimeoutError:
        # A rerun may disable or remove it between the look and the click; anything else fails.
        if locator.count() and locator.first.is_enabled() and locator.first.is_visible():
            raise
        return "skipped: went away"
    return "done"


def button(page: Any, key: str) -> str:
    """Click the button with this widget key, if it can be clicked."""
    return press_if_enabled(widget(page, key).get_by_role("button"))


# -- flows: a change, then Play ---------------------------------------------------------------

PLAY_MS = 2_000  # how long a flow plays after its change
QUIET_MS = 300  # no script run and no new server run for this long: the page has settled

PAGE_STATE = """() => {
  const live = document.querySelector('.nnp-live');
  const app = document.querySelector('[data-test-script-state]');
  return [app ? app.dataset.testScriptState : null, live ? live.dataset.run : null];
}"""
LIVE_STATE = f"""() => {{
  const live = {LIVE};
  return `the live view: playing=${{live.playing}}, step ${{live.frame && live.frame.step}}`;
}}"""
SHOT = """() => {
  const live = document.querySelector('.nnp-live');
  const boundary = document.querySelector('[data-view=boundary]');
  const cells = [...document.querySelectorAll('[data-view=readouts] .nnp-readout')];
  return {
    scene: live.dataset.scene || '',
    step: Number(boundary.dataset.step),
    picture: boundary.querySelector('.nnp-heat').toDataURL(),
    readouts: Object.fromEntries(cells.map((cell) => [
      cell.querySelector('.nnp-readout-label').textContent,
      cell.querySelector('.nnp-readout-value').textContent,
    ])),
  };
}"""


@dataclass(frozen=True)
class Shot:
    """What the live view shows at one instant."""

    scene: str
    step: int
    picture: str
    readouts: dict[str, str]


def shot(page: Any) -> Shot:
    """The live view's scene, step, boundary picture and read-out values, read at one instant."""
    return Shot(**page.evaluate(SHOT))


def settle(page: Any, timeout_ms: int = 20_000) -> None:
    """Wait until no script runs and the live view has received no server run for QUIET_MS."""
    deadline = time.monotonic() + timeout_ms / 1000
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        state = page.evaluate(PAGE_STATE)
        now = time.monotonic()
        if state != last or state[0] == "running":
            last, since = state, now
        elif now - since >= QUIET_MS / 1000:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the page did not settle within {timeout_ms} ms: {last}")


def is_playing(page: Any) -> bool:
    """Whether the transport shows Pause (training runs)."""
    return widget(page, "play").get_by_role("button", name="Pause").count() > 0


def pause(page: Any) -> bool:
    """Pause training if it runs, and wait until the Play button is back; whether it ran."""
    playing = is_playing(page)
    if playing:
        press(page, "Pause")
    deadline = time.monotonic() + 10
    while widget(page, "play").get_by_role("button", name="Play").count() == 0:
        if time.monotonic() > deadline:
            label = widget(page, "play").inner_text().split()[-1]
            live = page.evaluate(LIVE_STATE)
            raise AssertionError(f"Pause did not bring Play back within 10 s: {label!r}, {live}")
        page.wait_for_timeout(50)
    return playing


def diverged(page: Any) -> bool:
    """Whether training stopped with the Training diverged notice."""
    return page.locator("[data-testid='stAlert']", has_text="Training diverged").count() > 0


def play_for(page: Any, milliseconds: int = PLAY_MS) -> None:
    """Press Play, let training run (or diverge, which stops it), then Pause."""
    press(page, "Play")
    deadline = time.monotonic() + 10
    while not (is_playing(page) or diverged(page)):
        if time.monotonic() > deadline:
            raise AssertionError("Play did not start training")
        page.wait_for_timeout(50)
    page.wait_for_timeout(milliseconds)
    pause(page)


def query_of(url: str) -> dict[str, list[str]]:
    """A URL's query parameters."""
    return parse_qs(urlsplit(url).query)


def start_from(page: Any, url: str, query: str | None = "") -> None:
    """Show the config of `query`, paused: reuse the page when it already shows exactly that.

    With `query` None any config will do, as long as the page is open and shows no exception.
    """
    here = page.url.startswith(url) and page.locator(".nnp-live").count() > 0
    same = query is None or query_of(page.url) == query_of(query)
    if not here or not same or not no_exception(page):
        open_page(page, url, query or "")
    pause(page)
    settle(page)


def wait_for_new_scene(page: Any, scene: str, timeout: int = 20_000) -> None:
    """Wait until the live view draws another network or data than `scene`."""
    page.wait_for_function(
        "(scene) => (document.querySelector('.nnp-live')?.dataset.scene || scene) !== scene",
        arg=scene,
        timeout=timeout,
    )


def flow(page: Any, change: Callable[[], None]) -> tuple[Shot, Shot, Shot]:
    """Make a change while paused, wait for the new scene, Play for PLAY_MS.

    Returns the live view before the change, after it and after playing.
    """
    if pause(page):
        settle(page)
    before = shot(page)
    change()
    wait_for_new_scene(page, before.scene)
    settle(page)
    changed = shot(page)
    play_for(page)
    return before, changed, shot(page)


def check_flow(page: Any, change: Callable[[], None], what: str) -> tuple[Shot, Shot, Shot]:
    """A flow must keep the page, and training after it must move the boundary and read-outs."""
    before, changed, played = flow(page, change)
    problem = whole(page)
    assert not problem, f"{what}: {problem}"
    assert changed.scene != before.scene, f"{what}: the live view kept its scene"
    assert played.step > changed.step, f"{what}: Play did not advance ({changed.step} steps)"
    assert played.picture != changed.picture, f"{what}: the boundary did not change"
    loss = "Train loss"
    assert played.readouts[loss] != changed.readouts[loss], (
        f"{what}: read-outs did not change: {changed.readouts} -> {played.readouts}"
    )
    return before, changed, played


# -- driving Streamlit widgets by key ---------------------------------------------------------


def widget(page: Any, key: str) -> Any:
    """The container of the widget with this key.

    During a rerun the page can briefly hold two copies of a widget: the first one not marked
    stale is used.
    """
    return page.locator(f".st-key-{key}:not([data-stale='true'])").first


def nudge(page: Any, key: str, *keys: str) -> None:
    """Focus a slider and press keys on it (ArrowRight, ArrowLeft, Home, End, PageUp, …)."""
    handle = widget(page, key).locator("input[type='range']")
    handle.focus()
    for name in keys:
        page.keyboard.press(name)


def click(page: Any, key: str) -> None:
    """Click the button with this widget key."""
    widget(page, key).get_by_role("button").first.click()


def toggle(page: Any, key: str) -> None:
    """Flip a toggle by its widget key (a click on its switch, left of the label's text)."""
    widget(page, key).locator("label").first.click(position={"x": 12, "y": 10})


def pill(page: Any, label: str) -> None:
    """Select or deselect one input feature."""
    widget(page, "features").get_by_role("button", name=label, exact=True).click()


def type_text(page: Any, key: str, text: str) -> None:
    """Replace a text box's content and submit it with Enter."""
    box = widget(page, key).locator("input")
    box.fill(text)
    box.press("Enter")


def open_tab(page: Any, name: str) -> None:
    """Open one of the lower tabs (Lessons, Backprop step by step, Export & import)."""
    page.get_by_role("tab", name=name).click()


def step_up(page: Any, key: str) -> None:
    """Press a number input's + button."""
    widget(page, key).get_by_test_id("stNumberInputStepUp").click()


def upload_csv(page: Any, path: Path) -> None:
    """Give the data panel's CSV uploader a file (its key changes after a refused file)."""
    uploader = page.locator("[class*='st-key-upload']:not([data-stale='true'])").first
    uploader.locator("input[type=file]").set_input_files(str(path))


# -- drawing your own data --------------------------------------------------------------------

PLOT_POINT = f"""
([x1, x2]) => {{
  const boundary = {LIVE}.boundary;
  const [px, py] = boundary.toPixel(x1, x2);
  const box = boundary.overlay.getBoundingClientRect();
  return [box.left + px, box.top + py];
}}
"""


def draw_tool(page: Any, label: str) -> None:
    """Press one of the drawing buttons on the output view (Draw, a class, these points, …)."""
    page.locator(".nnp-draw-tools button", has_text=label).first.click()


def draw_points(page: Any, points: list[tuple[float, float]]) -> None:
    """Click points onto the plot in drawing mode, each one counted before the next."""
    tools = page.locator(".nnp-draw-tools")
    for x1, x2 in points:
        before = tools.inner_text()
        x, y = page.evaluate(PLOT_POINT, [x1, x2])
        page.mouse.click(x, y)
        page.wait_for_function(
            "(text) => document.querySelector('.nnp-draw-tools').innerText !== text", arg=before
        )
