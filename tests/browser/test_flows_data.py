"""Flows in Chromium, data side: each dataset and data control, then Play for two seconds.

One server and one page for the module; each flow starts from the config its test names (the
page is reused when the previous flow left exactly that config) and must keep the page, move the
boundary and change the read-outs. A traceback in the server log fails the test that caused it.
"""

from __future__ import annotations

from typing import Any

import pytest
from live_page import (
    check_flow,
    choose,
    click,
    draw_points,
    draw_tool,
    nudge,
    open_tab,
    query_of,
    settle,
    shot,
    start_from,
    step_up,
    wait_for_new_scene,
    whole,
)
from playwright.sync_api import expect

from playground.controls import DATASET_LABELS

pytestmark = pytest.mark.browser

# Each dataset is chosen starting from the one before it (circle, the default, first). A drawing
# starts empty: its own tests below draw points before they expect training to move anything.
DATASETS = ("circle", *(name for name in DATASET_LABELS if name not in ("circle", "drawn")))


def _link(dataset: str) -> str:
    return "" if dataset == "circle" else f"?dataset={dataset}"


@pytest.mark.parametrize("dataset", DATASETS[1:] + DATASETS[:1])
def test_choosing_a_dataset_then_play(app_url: str, flow_page: Any, dataset: str) -> None:
    """Every generated dataset, and Uploaded CSV before any file (the Circle data stands in)."""
    page = flow_page
    start_from(page, app_url, _link(DATASETS[DATASETS.index(dataset) - 1]))
    check_flow(page, lambda: choose(page, "dataset", DATASET_LABELS[dataset]), dataset)
    assert query_of(page.url).get("dataset", ["circle"]) == [dataset]


@pytest.mark.parametrize(
    ("start", "key", "keys", "expected"),
    [
        ("", "points", ("End",), "2000"),
        ("?points=2000", "noise", ("End",), "50"),
        ("?points=2000&noise=50", "train", ("Home",), "10"),
    ],
    ids=["points-max", "noise-max", "train-min"],
)
def test_moving_a_data_slider_then_play(
    app_url: str, flow_page: Any, start: str, key: str, keys: tuple[str, ...], expected: str
) -> None:
    """Points, noise and training split, each to an extreme."""
    page = flow_page
    start_from(page, app_url, start)
    check_flow(page, lambda: nudge(page, key, *keys), f"{key} {keys}")
    assert query_of(page.url)[key] == [expected]


def test_seed_plus_then_play(app_url: str, flow_page: Any) -> None:
    page = flow_page
    start_from(page, app_url, "?dataset=spiral&noise=20")
    check_flow(page, lambda: step_up(page, "seed"), "seed +")
    assert query_of(page.url)["seed"] == ["1"]


def test_regenerate_then_play(app_url: str, flow_page: Any) -> None:
    """Regenerate draws new data and keeps the network's weights."""
    page = flow_page
    start_from(page, app_url, "?dataset=spiral&noise=20&seed=1")
    check_flow(page, lambda: click(page, "regenerate"), "Regenerate")
    assert query_of(page.url)["seed"] == ["2"]


def test_blob_classes_then_play(app_url: str, flow_page: Any) -> None:
    page = flow_page
    start_from(page, app_url, "?dataset=blobs")
    check_flow(page, lambda: nudge(page, "classes", "End"), "classes")
    assert query_of(page.url)["classes"] == ["5"]


CLASS_1 = [(2.0, 2.5), (3.5, 1.0), (1.0, 4.0), (4.0, 4.0)]
CLASS_0 = [(-2.0, -2.5), (-3.5, -1.0), (-1.0, -4.0), (-4.0, -4.0)]


def _draw_two_classes(page: Any) -> None:
    draw_tool(page, "class 1")
    draw_points(page, CLASS_1)
    draw_tool(page, "class 0")
    draw_points(page, CLASS_0)


def test_drawn_by_hand_then_play(app_url: str, flow_page: Any) -> None:
    """Drawn by hand starts an empty plane: Play waits for points (and says so); drawn points
    then train."""
    page = flow_page
    start_from(page, app_url, "?dataset=xor")
    scene = shot(page).scene
    choose(page, "dataset", DATASET_LABELS["drawn"])
    wait_for_new_scene(page, scene)
    settle(page)
    play = page.get_by_role("button", name="Play", exact=True)
    assert play.is_disabled(), "Play on an empty drawing has nothing to train on"
    play.hover(force=True)
    expect(page.get_by_text("Draw some training points first")).to_be_visible()
    problem = whole(page)
    assert not problem, f"An empty drawing: {problem}"
    check_flow(page, lambda: _draw_two_classes(page), "eight points drawn")


def test_drawing_from_these_points_then_play(app_url: str, flow_page: Any) -> None:
    """Draw your own data, starting from the points shown: the moons, now editable."""
    page = flow_page
    start_from(page, app_url, "?dataset=moons")

    def start_drawing() -> None:
        draw_tool(page, "Draw your own data")
        draw_tool(page, "these points")

    check_flow(page, start_drawing, "drawing from these points")
    assert query_of(page.url)["dataset"] == ["drawn"]


def test_drawn_by_hand_with_the_explainer_open(app_url: str, flow_page: Any) -> None:
    """The explainer picks a training point: an empty drawing has none, and the page must stay."""
    page = flow_page
    start_from(page, app_url, "?dataset=xor")
    open_tab(page, "Backprop step by step")
    scene = shot(page).scene
    choose(page, "dataset", DATASET_LABELS["drawn"])
    wait_for_new_scene(page, scene)
    settle(page)
    problem = whole(page)
    assert not problem, f"Drawn by hand with the explainer open: {problem}"
    check_flow(page, lambda: _draw_two_classes(page), "eight points drawn")
