"""Click -> repainted for every control the targets name, timed in the page from the input event.

Each case acts once per repetition and alternates between two values, so the page ends where it
began. What "repainted" means depends on the control: Step, Epoch and Reset wait for the boundary
to show another step; Play for the Pause label and advancing frames; Pause for the Play label; a
training setting for the link to carry the new value (the server has applied it to the runs: the
next step trains with it, and nothing else on the page shows it); a data or architecture change
for a new scene (data-scene) with the boundary drawn in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.browserlib import diagnose
from benchmarks.browserlib import page as pg
from benchmarks.browserlib.playing import reset

TRANSPORT, SETTING, STRUCTURE = "transport", "training setting", "data or architecture"
Runs = Callable[[], list[dict]]
THEN_STEP = "learning rate, then Step"


@dataclass(frozen=True)
class Case:
    """One control: how to get ready (not timed), the timed input, and what shows the result."""

    name: str
    group: str
    event: str  # the input event the time starts from: pointerup or keydown
    until: str  # a condition of probe.js
    act: Callable[[pg.Tab, int], None]
    prepare: Callable[[pg.Tab, int], None] = lambda tab, rep: None


def _click(label: str) -> Callable[[pg.Tab, int], None]:
    return lambda tab, rep: pg.button(tab, label).click()


def _key_click(key: str) -> Callable[[pg.Tab, int], None]:
    return lambda tab, rep: pg.key_button(tab, key).click()


def _arrow(key: str) -> Callable[[pg.Tab, int], None]:
    """One notch away from the value the slider first had, or back to it (so never stuck)."""

    def act(tab: pg.Tab, rep: int) -> None:
        value, low, high = tab.page.locator(f".st-key-{key} input[type='range']").first.evaluate(
            "(input) => [Number(input.value), Number(input.min), Number(input.max)]"
        )
        start = tab.slider_start.setdefault(key, value)
        right = value < high and value in (start, low)
        tab.page.keyboard.press("ArrowRight" if right else "ArrowLeft")

    return act


def _slider(key: str) -> Callable[[pg.Tab, int], None]:
    return lambda tab, rep: pg.focus_slider(tab, key)


def _choose(first: str, second: str) -> Callable[[pg.Tab, int], None]:
    """Pick whichever of the two is not selected now."""

    def act(tab: pg.Tab, rep: int) -> None:
        selected = pg.option(tab, first).get_attribute("aria-selected") == "true"
        pg.option(tab, second if selected else first).click()

    return act


def _open(key: str) -> Callable[[pg.Tab, int], None]:
    return lambda tab, rep: pg.open_select(tab, key)


def _lr_then_step(tab: pg.Tab, rep: int) -> None:
    _arrow("lr")(tab, rep)
    pg.button(tab, "Step").click()  # at once, as a student would


def _stepped(tab: pg.Tab, rep: int) -> None:
    """Reset needs a step to undo."""
    before = pg.boundary_step(tab)
    pg.button(tab, "Step").click()
    tab.page.wait_for_function(
        f"() => Number(document.querySelector('[data-view=boundary]').dataset.step) !== {before}"
    )
    pg.settle(tab)


def _playing(tab: pg.Tab, rep: int) -> None:
    """Pause needs a page that plays (it does, unless Play went missing and the page reloaded)."""
    if tab.eval("() => window.__nnpBench.playLabel()") != "Pause":
        pg.button(tab, "Play").click()
        pg.wait_label(tab, "Pause")


def _feature(tab: pg.Tab, rep: int) -> None:
    pg.pill(tab, "features", "x₁²").click()


CASES = (
    Case("Play", TRANSPORT, "pointerup", "play", _click("Play"), lambda tab, rep: reset(tab)),
    Case("Pause", TRANSPORT, "pointerup", "pause", _click("Pause"), _playing),
    Case("Step", TRANSPORT, "pointerup", "step", _click("Step"), lambda tab, rep: reset(tab)),
    Case("Epoch", TRANSPORT, "pointerup", "step", _click("Epoch")),
    Case("Reset", TRANSPORT, "pointerup", "step", _click("Reset"), _stepped),
    Case("learning rate", SETTING, "keydown", "link", _arrow("lr"), _slider("lr")),
    Case(THEN_STEP, SETTING, "keydown", "step", _lr_then_step, _slider("lr")),
    Case("optimizer", SETTING, "pointerup", "link", _choose("adam", "sgd"), _open("optimizer")),
    Case("batch size", SETTING, "keydown", "link", _arrow("batch"), _slider("batch")),
    Case("regularization", SETTING, "pointerup", "link", _choose("L2", "None"), _open("reg")),
    Case("regularization rate", SETTING, "keydown", "link", _arrow("rate"), _slider("rate")),
    Case("speed", SETTING, "keydown", "link", _arrow("speed"), _slider("speed")),
    Case(
        "dataset",
        STRUCTURE,
        "pointerup",
        "scene",
        _choose("Exclusive or", "Circle"),
        _open("dataset"),
    ),
    Case("features", STRUCTURE, "pointerup", "scene", _feature),
    Case("+ layer", STRUCTURE, "pointerup", "scene", _key_click("add_layer")),
    Case("− layer", STRUCTURE, "pointerup", "scene", _key_click("remove_layer")),
    Case("+ neuron", STRUCTURE, "pointerup", "scene", _key_click("add_neuron_0")),
    Case("− neuron", STRUCTURE, "pointerup", "scene", _key_click("remove_neuron_0")),
    Case(
        "activation", STRUCTURE, "pointerup", "scene", _choose("relu", "tanh"), _open("activation")
    ),
    Case(
        "initialization", STRUCTURE, "pointerup", "scene", _choose("xavier", "auto"), _open("init")
    ),
)
PLAY_PAUSE_GAP_MS = 1000  # Pause is pressed after this much playing


def run_case(tab: pg.Tab, case: Case, rep: int, runs: Runs | None) -> dict[str, Any] | None:
    """Prepare, act and time one repetition of a case: the probe's timings (ms), None if lost.

    With `runs` (the server's script runs so far) the result also says where the time went.
    """
    case.prepare(tab, rep)
    if case.name == "Pause":
        tab.page.wait_for_timeout(PLAY_PAUSE_GAP_MS)
    if runs is not None:
        tab.eval("() => window.__nnpBench.instrument()")
        before = diagnose.begin(tab)
    result = pg.measure(tab, case.event, case.until, lambda: case.act(tab, rep))
    if result is None:  # the page was reloaded: a new session, paused, at the link's settings
        if runs is not None:
            diagnose.end(tab, before)
        return None
    if runs is not None:
        result["parts"] = diagnose.parts(tab, result, runs(), before)
    if case.name != "Play":  # Pause follows Play at once; everything else starts from rest
        pg.settle(tab)
    return result


def run_all(
    tab: pg.Tab, reps: int, log: Callable[[str], None], runs: Runs | None = None
) -> dict[str, list[dict[str, Any] | None]]:
    """Every case `reps` times, in the order of CASES (Play before Pause, + before −)."""
    results: dict[str, list[dict[str, Any] | None]] = {case.name: [] for case in CASES}
    from playwright.sync_api import Error as PlaywrightError

    for rep in range(reps):
        for case in CASES:
            try:
                results[case.name].append(run_case(tab, case, rep, runs))
            except PlaywrightError as error:  # a control that could not be driven: go on
                reason = str(error).splitlines()[0]
                tab.anomalies.append(f"{case.name}, repetition {rep + 1}: {reason}")
                results[case.name].append(None)
                pg.recover(tab)
        log(f"clicks: repetition {rep + 1} of {reps} done")
    return results
