"""The network view in Chromium: a neuron's map opens and closes, a weight typed by hand lands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from live_page import (
    BOUNDARY_PICTURE,
    LIVE,
    no_exception,
    open_page,
    press,
    readout,
    view_steps,
)

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
NODES = "[data-view=network] canvas.nnp-node"
POPUP_TITLE = ".nnp-popup:not([hidden]) .nnp-popup-title"


def _node(page: Any, column: int, unit: int) -> Any:
    return page.locator(f"{NODES}[data-column='{column}'][data-unit='{unit}']")


def test_a_neuron_click_enlarges_its_map_another_switches_and_close_hides_it(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?dataset=xor&layers=3,2")
    _node(page, 1, 1).click()
    assert page.inner_text(POPUP_TITLE) == "Layer 1, neuron 2 (a¹₂) · tanh"
    _node(page, 2, 0).click()
    assert page.inner_text(POPUP_TITLE) == "Layer 2, neuron 1 (a²₁) · tanh"
    _node(page, 3, 0).click()
    assert page.inner_text(POPUP_TITLE) == "Output ŷ · sigmoid"  # the diagram's own name
    page.locator(".nnp-popup .nnp-icon-button").click()
    assert page.locator(".nnp-popup").is_hidden()
    assert no_exception(page)


def test_a_weight_typed_by_hand_redraws_every_view_paused_and_playing(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?dataset=xor&layers=3&speed=1")
    picture, loss = page.evaluate(BOUNDARY_PICTURE), readout(page, "Train loss")
    edge = page.locator(".nnp-edge-hit").first  # w¹₁₁, from x₁ to the first hidden unit
    edge.click(force=True)
    assert "Set w¹₁₁" in page.inner_text(POPUP_TITLE)
    for bad in ("abc", "nan", "1e308", "-5000", ""):
        page.fill(".nnp-editor input", bad)
        page.click(".nnp-editor button")
        assert "Enter a number" in page.inner_text(".nnp-error"), bad
    run = page.evaluate("() => document.querySelector('.nnp-live').dataset.run")
    page.fill(".nnp-editor input", "4")
    page.click(".nnp-editor button")
    page.wait_for_function(
        f"() => document.querySelector('.nnp-live').dataset.run !== '{run}'", timeout=10_000
    )
    page.wait_for_function(f"() => ({BOUNDARY_PICTURE})() !== {picture!r}", timeout=10_000)
    assert readout(page, "Train loss") != loss
    assert page.evaluate(f"() => {LIVE}.model.weight(0, 0, 0)") == 4.0
    assert page.evaluate(f"() => {LIVE}.loss.markers.map((m) => m.text)") == ["w¹₁₁ set to 4"]
    # While playing: the next frames carry the new weight onward.
    press(page, "Play")
    page.wait_for_timeout(1_000)
    edge.click(force=True)
    page.fill(".nnp-editor input", "-3")
    page.click(".nnp-editor button")
    page.wait_for_function(
        f"() => {LIVE}.loss.markers.some((m) => m.text === 'w¹₁₁ set to -3')", timeout=10_000
    )
    press(page, "Pause")
    assert len(set(view_steps(page).values())) == 1
    assert no_exception(page)


def test_the_layer_space_view_follows_training_and_its_choice(
    streamlit_server: Callable[..., str], page: Any
) -> None:
    url = streamlit_server(APP)
    open_page(page, url, "?dataset=circle&layers=4,2&lr=0.3&speed=5")
    page.locator(".st-key-layer_space label").first.click()
    page.wait_for_selector("[data-view=space]:not([hidden]) canvas", timeout=15_000)
    picture = page.evaluate("() => document.querySelector('[data-view=space] canvas').toDataURL()")
    press(page, "Play")
    page.wait_for_timeout(2_000)
    press(page, "Pause")
    assert int(page.get_attribute("[data-view=space]", "data-frames")) >= 20
    moved = page.evaluate("() => document.querySelector('[data-view=space] canvas').toDataURL()")
    assert moved != picture
    assert "straight dashed line" in page.inner_text("[data-view=space] .nnp-space-note")
    page.select_option("[data-view=space] select >> nth=0", "1")  # the first hidden layer
    note = "document.querySelector('[data-view=space] .nnp-space-note').textContent"
    page.wait_for_function(f"() => {note}.includes('a¹')")
    assert no_exception(page)
