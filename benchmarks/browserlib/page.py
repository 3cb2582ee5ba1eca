"""Headless Chromium through Playwright, the page probe, and the controls driven through it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browser download does not work here
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
PROBE = (Path(__file__).with_name("probe.js")).read_text(encoding="utf-8")
# The view on the page: one with a size (under load Streamlit may leave an empty copy with none).
VISIBLE = """(v) =>
  [...document.querySelectorAll(`[data-view=${v}]`)].find((e) => e.clientWidth > 0)"""
FIRST_PICTURE = f"() => Number(({VISIBLE})('boundary')?.dataset.frames) >= 1"
# The controls and the lower tabs follow the first picture (playground/layout.py); each control
# is a grey skeleton until its code has loaded. A page in embed mode has neither.
CONTROLS_DRAWN = """() => new URLSearchParams(location.search).get('mode') === 'embed' || (
  !!document.querySelector('[data-testid=stTabs]')
  && !document.querySelector('[data-testid=stSkeleton]'))"""
LOAD_TIMEOUT_MS = 60_000
# What the page shows and what its live view does, for the note of a click that went missing.
STATE = """() => {
  const root = document.querySelector('.nnp-live');
  const live = root && root.parentElement.__nnpLive;
  return `button reads ${window.__nnpBench.playLabel()}, live view ${live && live.playing ?
    'playing' : 'paused'} at step ${document.querySelector('[data-view=boundary]').dataset.step}`;
}"""
CHANGE_TIMEOUT_MS = 30_000


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole benchmark."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Tab:
    """A fresh browser context (empty cache) with one page of the app and the probe installed."""

    context: Any
    page: Any
    ws_received: list[int] = field(default_factory=lambda: [0])  # bytes, Playwright's count
    cdp: Any = None  # a CDP session, made when the diagnosis reads Chromium's counters
    address: str = ""  # the URL last opened
    anomalies: list[str] = field(default_factory=list)  # what went wrong and was recovered from
    slider_start: dict[str, float] = field(default_factory=dict)  # each slider's first value

    def eval(self, script: str, arg: Any = None) -> Any:
        """Evaluate a function expression in the page."""
        return self.page.evaluate(script, arg)

    def close(self) -> None:
        """Close the context and its page."""
        self.context.close()


def open_tab(browser: Any, url: str, query: str = "", wait: bool = True) -> Tab:
    """A new context and page at the app (a first load: nothing cached), probe installed."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(PROBE)
    page = context.new_page()
    tab = Tab(context, page)

    def count_frames(ws: Any) -> None:
        def received(payload: bytes | str) -> None:
            tab.ws_received[0] += len(payload)

        ws.on("framereceived", received)

    page.on("websocket", count_frames)
    if wait:
        goto(tab, url, query)
        tab.page.wait_for_function(CONTROLS_DRAWN, timeout=LOAD_TIMEOUT_MS)
    return tab


def goto(tab: Tab, url: str, query: str = "") -> None:
    """Navigate and wait for the live view's first picture."""
    tab.address = f"{url}/{query}"
    tab.page.goto(tab.address)
    tab.page.wait_for_function(FIRST_PICTURE, timeout=LOAD_TIMEOUT_MS)


def settle(tab: Tab, quiet_ms: int = 400, timeout_ms: int = 20_000) -> None:
    """Wait until no websocket message came for `quiet_ms` and the live view awaits no answer."""
    tab.page.wait_for_timeout(150)
    tab.page.wait_for_function(
        "(ms) => window.__nnpBench.idle(ms)", arg=quiet_ms, timeout=timeout_ms, polling=50
    )


def measure(tab: Tab, event: str, until: str, act: Callable[[], None]) -> dict[str, Any] | None:
    """Arm the probe for `event` -> `until`, act, and return the page's timings (ms).

    None when the result never showed (CHANGE_TIMEOUT_MS): the page is reloaded to go on.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tab.eval("(spec) => window.__nnpBench.arm(spec)", {"event": event, "until": until})
    act()
    try:
        tab.page.wait_for_function(
            "() => window.__nnpBench.result() !== null", timeout=CHANGE_TIMEOUT_MS, polling=20
        )
    except PlaywrightTimeout:
        state = tab.eval(STATE)
        seconds = CHANGE_TIMEOUT_MS / 1000
        tab.anomalies.append(f"{event} → {until} never showed within {seconds:.0f} s ({state})")
        recover(tab)
        return None
    result = tab.eval("() => window.__nnpBench.result()")
    tab.eval("() => window.__nnpBench.disarm()")
    if result["t_event"] is None:
        raise RuntimeError(f"no {event} event reached the page")
    return result


def recover(tab: Tab) -> None:
    """Reload the page (a new Streamlit session with the link's settings) after a lost click."""
    tab.page.goto(tab.address)
    tab.page.wait_for_function(FIRST_PICTURE, timeout=LOAD_TIMEOUT_MS)
    tab.page.wait_for_function(CONTROLS_DRAWN, timeout=LOAD_TIMEOUT_MS)
    settle(tab)


def wait_label(tab: Tab, label: str, timeout_ms: int = CHANGE_TIMEOUT_MS) -> bool:
    """Wait until the Play/Pause button reads `label`; False (noted, page reloaded) if never."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        tab.page.wait_for_function(
            "(label) => window.__nnpBench.playLabel() === label", arg=label, timeout=timeout_ms
        )
        return True
    except PlaywrightTimeout:
        state = tab.eval(STATE)
        tab.anomalies.append(
            f"the button never read {label} within {timeout_ms / 1000:.0f} s ({state}); reloaded"
        )
        recover(tab)
        return False


# -- the playground's controls ------------------------------------------------------------------


def button(tab: Tab, label: str) -> Any:
    """A Streamlit button by its label."""
    return tab.page.get_by_role("button", name=label, exact=True)


def key_button(tab: Tab, key: str) -> Any:
    """A Streamlit button by its widget key (a button with help has a hidden twin for sizing)."""
    return tab.page.locator(f".st-key-{key} button:visible")


def open_select(tab: Tab, key: str) -> None:
    """Open a selectbox's list (the click that picks an option is the measured one).

    A click on the combobox sometimes only focuses it (seen after other widgets had the focus);
    the arrow key, then another click, opens it then.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = tab.page.locator(f".st-key-{key}").get_by_role("combobox")
    box.click()
    for retry in (lambda: box.press("ArrowDown"), box.click, None):
        try:
            tab.page.get_by_role("option").first.wait_for(timeout=2000)
            return
        except PlaywrightTimeout:
            if retry is None:
                raise
            retry()


def option(tab: Tab, label: str) -> Any:
    """An option of the open selectbox list."""
    return tab.page.get_by_role("option", name=label, exact=True)


def focus_slider(tab: Tab, key: str) -> None:
    """Give a slider's thumb the keyboard focus (arrow keys then move it one notch)."""
    tab.page.locator(f".st-key-{key} input[type='range']").first.focus()


def pill(tab: Tab, key: str, label: str) -> Any:
    """One pill of a pills widget."""
    return tab.page.locator(f".st-key-{key}").get_by_role("button", name=label, exact=True)


def toggle(tab: Tab, key: str) -> tuple[Any, Any]:
    """A Streamlit toggle by its widget key: its label (to click) and its checkbox (to read)."""
    container = tab.page.locator(f".st-key-{key}")
    return container.locator("label").first, container.locator("input[type='checkbox']")


def boundary_step(tab: Tab) -> int:
    """The training step the decision boundary shows."""
    return int(
        tab.eval("() => Number(document.querySelector('[data-view=boundary]').dataset.step)")
    )
