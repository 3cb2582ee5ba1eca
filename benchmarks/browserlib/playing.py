"""While playing: updates per second of every view, training pace, and bytes per second received."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from benchmarks.browserlib import diagnose as dg
from benchmarks.browserlib import page as pg

VIEWS = ("boundary", "network", "loss", "readouts")
GRADIENT_VIEWS = (*VIEWS, "gradients")
STEPS_PER_EPOCH = 25  # default data: 500 points, 50 % for training, batch 10


@dataclass
class Window:
    """What the page counted over one measured window while playing."""

    seconds: float
    updates: dict[str, float]  # data-frames changes per second, per view
    painted: dict[str, float]  # animation frames per second that carried such a change, per view
    animation_fps: float  # the page's requestAnimationFrame rate
    epochs_per_s: float
    epochs_per_frame: float
    same_step: tuple[int, int]  # sampled instants where every view showed one step, of all
    readout_step: int  # of those, instants where the read-outs' "step N" text agreed too
    queue_empty: float  # share of sampled instants with no frame queued in the browser
    kb_per_s: float  # websocket bytes received per second (Playwright's frame sizes), 1 KB = 1000 B
    diagnosis: dict[str, Any]


def reset(tab: pg.Tab) -> None:
    """Pause if playing, then Reset to step 0 (not measured)."""
    if tab.eval("() => window.__nnpBench.playLabel()") == "Pause":
        pg.button(tab, "Pause").click()
        pg.wait_label(tab, "Play")
    pg.settle(tab)
    if pg.boundary_step(tab) != 0:
        pg.button(tab, "Reset").click()
        tab.page.wait_for_function(
            "() => document.querySelector('[data-view=boundary]').dataset.step === '0'"
        )
    pg.settle(tab)


def play(tab: pg.Tab, until: str = "play") -> dict[str, Any] | None:
    """Press Play; the page's time from the click until `until` holds (play: frames advance)."""
    return pg.measure(tab, "pointerup", until, lambda: pg.button(tab, "Play").click())


def window(tab: pg.Tab, views: tuple[str, ...], seconds: float, diagnose: bool) -> Window:
    """Count every view's updates over `seconds` while playing."""
    if diagnose:
        tab.eval("() => window.__nnpBench.instrument()")
        before = dg.begin(tab)
    started_bytes = tab.ws_received[0]
    started = tab.eval("(views) => window.__nnpBench.startRates(views)", list(views))
    tab.page.wait_for_timeout(seconds * 1000)
    rates = tab.eval("() => window.__nnpBench.stopRates()")
    received = tab.ws_received[0] - started_bytes
    span = rates["seconds"]
    samples = rates["samples"]
    diagnosis = {}
    if diagnose:
        spent = dg.end(tab, before)
        diagnosis = _diagnosis(tab, started, started + span * 1000)
        diagnosis["main_thread_ms_per_s"] = {kind: ms / span for kind, ms in spent.items()}
    return Window(
        seconds=span,
        updates={v: rates["counts"][v] / span for v in views},
        painted={v: rates["painted"][v] / span for v in views},
        animation_fps=rates["animationFrames"] / span,
        epochs_per_s=rates["steps"] / STEPS_PER_EPOCH / span,
        epochs_per_frame=rates["steps"] / STEPS_PER_EPOCH / max(1, rates["drawn"]),
        same_step=(samples["same"], samples["total"]),
        readout_step=samples["readoutSame"],
        queue_empty=rates["queueEmpty"],
        kb_per_s=received / span / 1000,
        diagnosis=diagnosis,
    )


def _diagnosis(tab: pg.Tab, start: float, end: float) -> dict[str, Any]:
    """Draw time per frame, request round trips and frames per answer inside [start, end]."""
    log = tab.eval("() => window.__nnpBench.liveLog")
    draws = sorted(took for at, took in log["draw"] if start <= at <= end)
    answers = [r for r in log["receive"] if start <= r[0] <= end and r[2] > 0]
    trips = []
    for sent, _want in log["requests"]:
        if start <= sent <= end:
            later = [r[0] for r in answers if r[0] > sent]
            if later:
                trips.append(later[0] - sent)
    long_tasks = tab.eval("() => window.__nnpBench.longTasks")
    busy = sum(d for t, d in long_tasks if start <= t <= end)
    return {
        "draw_ms": _quantiles(draws),
        "receive_ms": _quantiles(sorted(r[1] for r in answers)),
        "round_trip_ms": _quantiles(sorted(trips)),
        "frames_per_answer": _quantiles(sorted(float(r[2]) for r in answers)),
        "answers_per_s": len(answers) / max(1e-9, (end - start) / 1000),
        "long_task_share": busy / max(1e-9, end - start),
    }


def _quantiles(values: list[float]) -> tuple[float, float, float] | None:
    """(median, 90th percentile, count) of sorted values; None when there are none."""
    if not values:
        return None
    return (values[len(values) // 2], values[int(0.9 * (len(values) - 1))], float(len(values)))


def set_gradients(tab: pg.Tab, shown: bool) -> None:
    """Turn the "Show gradients" toggle on or off (not measured)."""
    label, checkbox = pg.toggle(tab, "show_gradients")
    if checkbox.is_checked() != shown:
        label.click()
        tab.page.wait_for_function(
            "(shown) => !document.querySelector('[data-view=gradients]').closest('[hidden]')"
            " === shown",
            arg=shown,
        )
    pg.settle(tab)
