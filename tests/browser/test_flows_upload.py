"""Flows in Chromium with files: CSV uploads, and weights saved on one network loaded on another.

Each upload is made while paused, then Play runs for two seconds: the page must stay whole, the
boundary must move and the read-outs must change. One server and one page for the module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from live_page import (
    check_flow,
    choose,
    open_tab,
    play_for,
    query_of,
    settle,
    start_from,
    upload_csv,
    widget,
)

from playground.controls import DATASET_LABELS

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data"
EXPORT_TAB = "Export & import"


@pytest.mark.parametrize(
    ("name", "task_readouts"),
    [
        ("binary.csv", ["Epoch", "Train loss", "Test loss", "Accuracy"]),
        ("classes.csv", ["Epoch", "Train loss", "Test loss", "Accuracy"]),
        ("regression.csv", ["Epoch", "Train loss", "Test loss"]),
    ],
)
def test_uploaded_csv_then_play(
    app_url: str, flow_page: Any, name: str, task_readouts: list[str]
) -> None:
    """Two classes, three classes named by words (semicolons), a numeric target."""
    page = flow_page
    start_from(page, app_url, None)  # an upload replaces the data whatever the page showed
    _, _, played = check_flow(page, lambda: upload_csv(page, DATA / name), name)
    assert query_of(page.url)["dataset"] == ["csv"]
    assert list(played.readouts) == task_readouts


def _download_weights(page: Any, path: Path) -> None:
    open_tab(page, EXPORT_TAB)
    with page.expect_download() as download:
        page.get_by_role("button", name="Weights (JSON)").click()
    download.value.save_as(path)


def _load_weights(page: Any, path: Path) -> None:
    open_tab(page, EXPORT_TAB)
    widget(page, "export_upload").locator("input[type=file]").set_input_files(str(path))
    page.wait_for_function(
        "() => document.querySelector('.st-key-export_load button')?.disabled === false"
    )
    widget(page, "export_load").get_by_role("button").click()


@pytest.mark.parametrize(
    ("saved_on", "then"),
    [
        ("?dataset=xor&layers=4", "spiral"),
        ("?dataset=plane&layers=3,3&activation=relu", "blobs"),
        ("?dataset=blobs&classes=5&features=x1,x2,x1x2", "bumps"),
    ],
    ids=["xor-to-spiral", "regression-to-classes", "classes-to-regression"],
)
def test_weights_saved_on_another_dataset_then_play(
    app_url: str, flow_page: Any, tmp_path: Path, saved_on: str, then: str
) -> None:
    """Train, save the weights, switch the dataset, load the file, Play."""
    page = flow_page
    start_from(page, app_url, saved_on)
    play_for(page, 1_000)
    weights = tmp_path / "weights.json"
    _download_weights(page, weights)
    choose(page, "dataset", DATASET_LABELS[then])
    page.wait_for_function(
        "(name) => new URLSearchParams(location.search).get('dataset') === name", arg=then
    )
    settle(page)
    check_flow(page, lambda: _load_weights(page, weights), f"weights from {saved_on} on {then}")
    assert query_of(page.url) == query_of(saved_on)
    assert "loaded" in page.locator("[data-testid='stAlert']").last.inner_text()


def test_weights_saved_on_an_upload_then_play(app_url: str, flow_page: Any, tmp_path: Path) -> None:
    """Weights of a network trained on an uploaded CSV, loaded after switching to generated data."""
    page = flow_page
    start_from(page, app_url, "?layers=5")
    upload_csv(page, DATA / "regression.csv")
    page.wait_for_function("() => new URLSearchParams(location.search).get('dataset') === 'csv'")
    settle(page)
    play_for(page, 1_000)
    weights = tmp_path / "weights.json"
    _download_weights(page, weights)
    choose(page, "dataset", DATASET_LABELS["moons"])
    page.wait_for_function("() => new URLSearchParams(location.search).get('dataset') === 'moons'")
    settle(page)
    check_flow(page, lambda: _load_weights(page, weights), "weights from an upload on moons")
    assert query_of(page.url) == {"dataset": ["csv"], "layers": ["5"]}
