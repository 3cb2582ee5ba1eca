"""Reading and driving the live view in a real page: its views, read-outs and Streamlit controls."""

from __future__ import annotations

import re
from typing import Any

EXCEPTION = "[data-testid='stException']"
VIEWS = ("boundary", "network", "loss", "readouts")

# The live view object the page holds (playground/live/js/view.js keeps it on its element).
LIVE = "[...document.querySelectorAll('.nnp-live')].map((root) => root.parentElement.__nnpLive)[0]"

BOUNDARY_PICTURE = "() => document.querySelector('[data-view=boundary] .nnp-heat').toDataURL()"
NETWORK_PICTURE = """() => [...document.querySelectorAll('[data-view=network] canvas')]
  .map((canvas) => canvas.toDataURL()).join('|')"""
LOSS_PICTURE = "() => document.querySelector('[data-view=loss] canvas').toDataURL()"


def open_page(page: Any, url: str, query: str = "") -> None:
    """Go to the app and wait until the live view has drawn its first frame."""
    page.goto(f"{url}/{query}")
    page.wait_for_function(
        "() => Number(document.querySelector('[data-view=boundary]')?.dataset.frames) >= 1",
        timeout=60_000,
    )


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


def choose(page: Any, key: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its widget key."""
    page.locator(f".st-key-{key}").get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()


def wait_for_step_change(page: Any, before: int, timeout: int = 10_000) -> None:
    """Wait until the boundary shows another training step than `before`."""
    page.wait_for_function(
        f"() => Number(document.querySelector('[data-view=boundary]').dataset.step) !== {before}",
        timeout=timeout,
    )


def no_exception(page: Any) -> bool:
    """Whether the page shows no Streamlit exception box."""
    return page.locator(EXCEPTION).count() == 0
