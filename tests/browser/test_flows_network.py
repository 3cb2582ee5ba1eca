"""Flows in Chromium, network side: layers, neurons, features, activation and initialization.

Each change is made while paused, then Play runs for two seconds: the page must stay whole, the
boundary must move and the read-outs must change. One server and one page for the module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from live_page import check_flow, choose, click, pill, query_of, start_from, type_text

pytestmark = pytest.mark.browser

# (start link, what to do, the layers or setting the link must show afterwards)
CASES: dict[str, tuple[str, Callable[[Any], None], dict[str, list[str] | None]]] = {
    "add-layer": ("?dataset=xor", lambda page: click(page, "add_layer"), {"layers": ["4,2,4"]}),
    "remove-layer": (
        "?dataset=xor&layers=4,2,4",
        lambda page: click(page, "remove_layer"),
        {"layers": None},  # back to the default 4,2, which the link leaves out
    ),
    "add-neuron": ("?dataset=xor", lambda page: click(page, "add_neuron_1"), {"layers": ["4,3"]}),
    "remove-neuron": (
        "?dataset=xor&layers=4,3",
        lambda page: click(page, "remove_neuron_0"),
        {"layers": ["3,3"]},
    ),
    "remove-last-layer": (
        "?dataset=xor&layers=3",
        lambda page: click(page, "remove_layer"),
        {"layers": ["0"]},
    ),
    "typed-layers": (
        "?dataset=xor&layers=0",
        lambda page: type_text(page, "layers", "8,8,8,8,8,8"),
        {"layers": ["8,8,8,8,8,8"]},
    ),
    "feature": (
        "?dataset=xor&layers=8,8,8,8,8,8",
        lambda page: pill(page, "x₁²"),
        {"features": ["x1,x2,x1sq"]},
    ),
    "activation": (
        "?dataset=xor&layers=8,8,8,8,8,8&features=x1,x2,x1sq",
        lambda page: choose(page, "activation", "relu"),
        {"activation": ["relu"]},
    ),
    "init": (
        "?dataset=xor&layers=8,8,8,8,8,8&features=x1,x2,x1sq&activation=relu",
        lambda page: choose(page, "init", "xavier"),
        {"init": ["xavier"]},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_network_change_then_play(app_url: str, flow_page: Any, case: str) -> None:
    page = flow_page
    start, change, expected = CASES[case]
    start_from(page, app_url, start)
    check_flow(page, lambda: change(page), case)
    shown = query_of(page.url)
    assert {key: shown.get(key) for key in expected} == expected
