"""Training between pictures: frames of one run, or of a comparison's two runs in lockstep."""

from __future__ import annotations

import time
from typing import Any

from playground.experiment import Experiment
from playground.live import frames

WORK_BUDGET_S = 0.03  # a request stops training early after this much work, so runs stay short


def _scores(experiment: Experiment) -> dict[str, float | None]:
    """The scores the last history row recorded (just after the last step)."""
    history = experiment.trainer.history
    return {
        "train_loss": history.train_loss[-1],
        "test_loss": history.test_loss[-1],
        "train_accuracy": history.train_accuracy[-1],
        "test_accuracy": history.test_accuracy[-1],
    }


def advance(
    runs: list[Experiment], speed: int, count: int, gradients: bool
) -> list[dict[str, Any]]:
    """Train `count` frames of `speed` steps (fewer if the work budget runs out or a run
    stops); each frame shows every run after the same steps."""
    started = time.perf_counter()
    batch = []
    for index in range(count):
        for run in runs:
            run.trainer.step(speed)
        stopped = any(run.trainer.status != "ok" for run in runs)
        last = index == count - 1 or stopped or time.perf_counter() - started > WORK_BUDGET_S
        # The last frame of a batch always carries gradients: hover and the editor read them.
        first, *others = runs
        frame = frames.frame(first, _scores(first), gradients or last)
        for other in others:
            frame["b"] = frames.frame(other, _scores(other), False)
        batch.append(frame)
        if last:
            break
    return batch


def current(runs: list[Experiment], marker: str = "") -> dict[str, Any]:
    """A frame of the runs as they are now (paused, after Step, Reset, a weight set by hand)."""
    first, *others = runs
    frame = frames.frame(first, first.trainer.evaluate(), True, marker)
    for other in others:
        frame["b"] = frames.frame(other, other.trainer.evaluate(), False)
    return frame
