"""A seeded random walk over every control in Chromium: nothing a lecturer clicks breaks the page.

Datasets (uploads and a refused file too), sliders to their extremes, seed, Regenerate, features,
layers typed (none, too many, garbage) or by button, neurons, every choice, toggles, lower tabs,
lessons, drawing, clicks on the plot and the transport, with Play and Pause interleaved and some
changes made while training runs. The walk's actions and arguments come from its seed alone; the
page decides only whether an action applies (a disabled button is skipped). A failure prints the
seed and every action so far; `RANDOM_WALK_SEED=<seed> pytest tests/browser/test_random_walk.py`
replays a walk, another seed explores another one.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from live_page import (
    button,
    choose,
    diverged,
    is_playing,
    open_page,
    open_tab,
    pause,
    press_if_enabled,
    settle,
    shot,
    toggle,
    upload_csv,
    whole,
    widget,
)

from playground.config.fields import FIELDS
from playground.controls import DATASET_LABELS, FEATURE_LABELS
from playground.lessons.catalog import LESSONS
from playground.lessons.view import PICK_KEY
from playground.live.controls import REGULARIZER_LABELS
from playground.views import TABS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = int(os.environ.get("RANDOM_WALK_SEED", "1201"))
ACTIONS = 150
CHECK_EVERY = 4  # actions between two looks for an exception box
BETWEEN_MS = 80  # a quick lecturer: a new click this soon after the last

DATA = Path(__file__).parent / "data"
FILES = ("binary.csv", "classes.csv", "regression.csv", "refused.csv")
SLIDERS = ("train", "noise", "points", "classes", "lr", "rate", "batch", "speed")
# Keys pressed on a slider, "+" between presses: steps, pages and both extremes.
SLIDER_KEYS = "ArrowRight ArrowLeft ArrowUp+ArrowUp+ArrowUp ArrowDown+ArrowDown PageUp Home End"
LAYER_TEXTS = (
    "0",
    "",
    "8,8,8,8,8,8",
    "1",
    "garbage",
    "9,9",
    "-1",
    "3,,2",
    "99,x",
    " 2 , 3 ",
    "1,1,1,1,1,1,1",
    "0,0",
    "<b>5</b>",
    "4;4",
)
SEED_VALUES = ("0", "999999", "1000000", "-5", "42")
SELECTS: dict[str, tuple[str, ...]] = {
    "activation": tuple(FIELDS["activation"].options),
    "init": tuple(FIELDS["init"].options),
    "optimizer": tuple(FIELDS["optimizer"].options),
    "reg": tuple(REGULARIZER_LABELS[name] for name in FIELDS["reg"].options),
}
# The drawing buttons on the output view (text each one's label contains).
DRAW_TOOLS = ("Draw your own", "these points", "two classes", "a number", "cancel", "Drawing:")
DRAW_TOOLS += ("class 0", "class 1", "as t", "Erase", "Clear")
TOGGLES = ("test", "discrete", "log_loss", "edge_gradients", "show_gradients")
LESSON_BUTTONS = tuple(
    (item.title, f"lessons_{kind}_{item.slug}")
    for item in LESSONS
    for kind, config in (("open", item.config), ("compare", item.comparison()))
    if config is not None
)


def pick(options: tuple[Any, ...], u: float) -> Any:
    """The option a uniform draw in [0, 1) falls on."""
    return options[min(int(u * len(options)), len(options) - 1)]


class Walk:
    """The actions of the walk; each takes two uniform draws and says what it did."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def _ensure_playing(self) -> str:
        if is_playing(self.page) or diverged(self.page):
            return ""
        result = button(self.page, "play")
        if result == "done":
            self.page.wait_for_timeout(300)
        return f"Play {result}; "

    def play(self, u: float, v: float) -> str:
        return button(self.page, "play")

    def step(self, u: float, v: float) -> str:
        return button(self.page, pick(("step", "step_epoch"), u))

    def reset(self, u: float, v: float) -> str:
        return button(self.page, "reset")

    def reset_while_playing(self, u: float, v: float) -> str:
        return self._ensure_playing() + button(self.page, "reset")

    def dataset(self, u: float, v: float) -> str:
        label = pick(tuple(DATASET_LABELS.values()), u)
        choose(self.page, "dataset", label)
        return label

    def dataset_while_playing(self, u: float, v: float) -> str:
        return self._ensure_playing() + self.dataset(u, v)

    def upload(self, u: float, v: float) -> str:
        name = pick(FILES, u)
        upload_csv(self.page, DATA / name)
        return name

    def slider(self, u: float, v: float) -> str:
        key, keys = pick(SLIDERS, u), pick(tuple(SLIDER_KEYS.split()), v)
        handle = widget(self.page, key).locator("input[type='range']")
        if handle.count() == 0:
            return f"{key}: skipped, not shown"
        handle.focus()
        for name in keys.split("+"):
            self.page.keyboard.press(name)
        return f"{key} {keys}"

    def seed(self, u: float, v: float) -> str:
        if u < 0.6:
            test_id = "stNumberInputStepUp" if v < 0.7 else "stNumberInputStepDown"
            return f"{test_id}: " + press_if_enabled(
                widget(self.page, "seed").get_by_test_id(test_id)
            )
        text = pick(SEED_VALUES, v)
        box = widget(self.page, "seed").locator("input")
        box.fill(text)
        box.press("Enter")
        return f"typed {text!r}"

    def regenerate(self, u: float, v: float) -> str:
        return button(self.page, "regenerate")

    def feature(self, u: float, v: float) -> str:
        label = pick(tuple(FEATURE_LABELS.values()), u)
        pills = widget(self.page, "features").get_by_role("button", name=label, exact=True)
        return f"{label}: " + press_if_enabled(pills)

    def layers_text(self, u: float, v: float) -> str:
        text = pick(LAYER_TEXTS, u)
        box = widget(self.page, "layers").locator("input")
        box.fill(text)
        box.press("Enter")
        return repr(text)

    def layer_button(self, u: float, v: float) -> str:
        key = pick(("add_layer", "remove_layer"), u)
        return f"{key}: " + button(self.page, key)

    def neuron_button(self, u: float, v: float) -> str:
        key = f"{pick(('add_neuron', 'remove_neuron'), u)}_{pick(tuple(range(6)), v)}"
        return f"{key}: " + button(self.page, key)

    def select(self, u: float, v: float) -> str:
        key = pick(tuple(SELECTS), u)
        option = pick(SELECTS[key], v)
        choose(self.page, key, option)
        return f"{key} = {option}"

    def toggle(self, u: float, v: float) -> str:
        key = pick(TOGGLES, u)
        toggle(self.page, key)
        return key

    def tab(self, u: float, v: float) -> str:
        name = pick(TABS, u)
        open_tab(self.page, name)
        return name

    def lesson(self, u: float, v: float) -> str:
        open_tab(self.page, "Lessons")
        title, key = pick(LESSON_BUTTONS, u)
        widget(self.page, PICK_KEY).get_by_text(title, exact=True).click()  # one at a time
        return f"{key}: " + button(self.page, key)

    def point(self, u: float, v: float) -> str:
        box = self.page.locator("[data-view=boundary]").bounding_box()
        if box is None:
            return "skipped: no plot"
        x, y = box["x"] + box["width"] * (0.1 + 0.8 * u), box["y"] + box["height"] * (0.1 + 0.8 * v)
        self.page.mouse.click(x, y)
        return f"click at {x:.0f},{y:.0f}"

    def draw(self, u: float, v: float) -> str:
        label = pick(DRAW_TOOLS, u)
        tool = self.page.locator(".nnp-draw-tools button", has_text=label)
        return f"{label}: " + press_if_enabled(tool)

    def wait(self, u: float, v: float) -> str:
        milliseconds = int(200 + 1_000 * u)
        self.page.wait_for_timeout(milliseconds)
        return f"{milliseconds} ms"


# How often each action comes up: the transport most, then the controls a lecturer touches.
WEIGHTS: dict[str, int] = {
    "play": 5,
    "step": 1,
    "reset": 1,
    "reset_while_playing": 1,
    "dataset": 2,
    "dataset_while_playing": 2,
    "upload": 1,
    "slider": 5,
    "seed": 1,
    "regenerate": 1,
    "feature": 2,
    "layers_text": 2,
    "layer_button": 2,
    "neuron_button": 2,
    "select": 3,
    "toggle": 2,
    "tab": 1,
    "lesson": 1,
    "point": 2,
    "draw": 2,
    "wait": 1,
}


def plan(seed: int, count: int) -> list[tuple[str, float, float]]:
    """The walk a seed gives: each action's name and its two draws, independent of the page."""
    rng = random.Random(seed)
    names = list(WEIGHTS)
    weights = [WEIGHTS[name] for name in names]
    return [(rng.choices(names, weights)[0], rng.random(), rng.random()) for _ in range(count)]


def test_random_walk_keeps_the_page(app_url: str, flow_page: Any) -> None:
    page = flow_page
    page.set_default_timeout(15_000)
    walk = Walk(page)
    log = [f"random walk, seed {SEED} (RANDOM_WALK_SEED={SEED} replays it)"]
    print(log[0], flush=True)
    started = time.monotonic()

    def run(index: int, what: str, action: Callable[[], str]) -> None:
        state = "playing" if is_playing(page) else "paused"
        line = f"{index:3d} [{state}] {what}"
        try:
            line += f" -> {action()}"
        finally:
            log.append(line)
            print(line, flush=True)  # also shown when only the server log fails the test

    try:
        open_page(page, app_url, "?dataset=xor&seed=7")
        for index, (name, u, v) in enumerate(plan(SEED, ACTIONS), start=1):
            run(index, f"{name}({u:.3f}, {v:.3f})", lambda n=name, a=u, b=v: getattr(walk, n)(a, b))
            page.wait_for_timeout(BETWEEN_MS)
            if index % CHECK_EVERY == 0:
                problem = whole(page)
                assert not problem, f"after action {index}: {problem}"
        elapsed = time.monotonic() - started
        pause(page)
        settle(page)
        assert not whole(page), f"at the end: {whole(page)}"
        # The page still trains: Reset (out of any divergence), then Play moves the view.
        run(ACTIONS + 1, "final reset", lambda: button(page, "reset"))
        settle(page)
        before = shot(page)
        run(ACTIONS + 2, "final play", lambda: button(page, "play"))
        # The view may be drawn afresh meanwhile (a moment without its element); it must come
        # back showing later steps.
        page.wait_for_function(
            "(step) => Number(document.querySelector('[data-view=boundary]')?.dataset.step ?? -1)"
            " > step",
            arg=before.step,
        )
        pause(page)
        assert not whole(page), f"after the final Play: {whole(page)}"
        print(f"{ACTIONS} actions in {elapsed:.0f} s", flush=True)
    except Exception as error:
        lines = "\n".join(log)
        raise AssertionError(f"{error}\n\nrandom walk seed {SEED}, actions:\n{lines}") from error
