"""The picture first: a first visit draws the live view before the controls, which then come
without moving it (playground/layout.py), and a view that cannot draw does not keep them away."""

from __future__ import annotations

from typing import Any

import pytest
from live_page import CONTROLS_DRAWN, FIRST_PICTURE, widget

pytestmark = pytest.mark.browser

# Where the output plot sits at each animation frame from its first picture on, and which
# controls were on the page at the moment of that picture (a mutation observer: not a frame late).
PROBE = """
window.__nnpFirst = {tops: [], controls: null};
const boundary = () => document.querySelector('[data-view=boundary]');
const drawn = () => Number(boundary()?.dataset.frames) >= 1;
new MutationObserver((records, observer) => {
  if (!drawn()) return;
  observer.disconnect();
  window.__nnpFirst.controls = ['dataset', 'features', 'optimizer', 'lr', 'seed', 'test']
    .filter((key) => document.querySelector(`.st-key-${key}`));
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-frames']});
const sample = () => {
  if (drawn()) {
    const top = Math.round(boundary().getBoundingClientRect().top);
    const tops = window.__nnpFirst.tops;
    if (tops[tops.length - 1] !== top) tops.push(top);
  }
  requestAnimationFrame(sample);
};
requestAnimationFrame(sample);
"""


@pytest.mark.parametrize(
    ("query", "viewport"),
    [
        ("", (1440, 900)),
        ("", (1200, 900)),
        ("?layers=", (1440, 900)),
        ("?hide=features,layers,activation,init,optimizer", (1440, 900)),
        ("?mode=presenter", (1920, 1080)),
        ("", (390, 844)),
    ],
    ids=["laptop", "narrow", "no-hidden-layer", "hidden-controls", "presenter", "phone"],
)
def test_the_picture_comes_first_and_stays_put_when_the_controls_come(
    app_url: str, browser: Any, query: str, viewport: tuple[int, int]
) -> None:
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(f"{app_url}/{query}")
        page.wait_for_function(FIRST_PICTURE, timeout=60_000)
        page.wait_for_function(CONTROLS_DRAWN, timeout=30_000)
        page.wait_for_timeout(300)
        first = page.evaluate("() => window.__nnpFirst")
        assert first["controls"] == [], f"drawn before the picture: {first['controls']}"
        assert len(first["tops"]) == 1, f"the picture moved as the controls came: {first['tops']}"
        expected = ["seed", "test"] if "hide" in query else ["dataset", "features", "lr", "seed"]
        for key in expected:
            assert widget(page, key).count() == 1, f"{key} did not come"
    finally:
        context.close()


def test_the_controls_come_even_when_the_view_cannot_draw(app_url: str, page: Any) -> None:
    # A browser that refuses canvas pixels (a privacy setting): the live view draws nothing.
    page.add_init_script(
        "CanvasRenderingContext2D.prototype.putImageData = () => { throw new Error('blocked'); };"
    )
    page.goto(f"{app_url}/?dataset=xor")
    page.wait_for_function(CONTROLS_DRAWN, timeout=30_000)
    assert not page.evaluate(FIRST_PICTURE)
    widget(page, "dataset").get_by_role("combobox").click()
    page.get_by_role("option", name="Spiral", exact=True).click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('dataset') === 'spiral'")
