"""Training between pictures: frames of one run, or of a comparison's two runs in lockstep."""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from playground.experiment import Experiment
from playground.live import frames

# A request stops training early after this much work, so runs stay short. It is counted in
# the thread's CPU time, not wall time: with a class on one process, a run spends most of its
# wall time waiting for the interpreter lock, and a wall-clock budget would cut every answer
# short (more requests, each paying the fixed cost of a script run, for the same training).
WORK_BUDGET_S = 0.03


class Turns:
    """A lock granted in the order it was asked for.

    threading.Lock favours no waiter: with a class of 100 waiting for the training, one session's
    answer sometimes waited two rounds of the others (6.5 s where most took 3 s), and its picture
    stood still meanwhile. In turn, every session waits at most one round.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._queue: deque[threading.Lock] = deque()  # one closed gate per waiting thread
        self._held = False

    def __enter__(self) -> None:
        with self._guard:
            if not self._held:
                self._held = True
                return
            gate = threading.Lock()
            gate.acquire()
            self._queue.append(gate)
        gate.acquire()  # opened by the holder before us: the turn passes straight to us

    def __exit__(self, *exc: object) -> None:
        with self._guard:
            if self._queue:
                self._queue.popleft().release()
            else:
                self._held = False

    def waiting(self) -> int:
        """How many threads wait for their turn."""
        with self._guard:
            return len(self._queue)


# One session trains at a time. Each session's run is a thread, and numpy lets go of the
# interpreter lock inside every small matrix product: with twenty sessions training at once, the
# threads hand the lock back and forth thousands of times a second, and on a machine with a core
# to spare that costs more than the training (benchmarks/load.py: 3.6 ms of server CPU per frame
# for 20 students, 0.7 ms in turn). Taking turns costs a session no more than the wait.
_TRAINING = Turns()


def _scores(experiment: Experiment) -> dict[str, float | None]:
    """The scores the last history row recorded (just after the last step); measured afresh
    when no row is that recent (a drawing with no training points yet never steps)."""
    trainer = experiment.trainer
    history = trainer.history
    if not len(history) or history.step[-1] != trainer.steps:
        return trainer.evaluate()
    return {
        "train_loss": history.train_loss[-1],
        "test_loss": history.test_loss[-1],
        "train_accuracy": history.train_accuracy[-1],
        "test_accuracy": history.test_accuracy[-1],
    }


Space = tuple[int, int, int] | None  # the layer-space view's (layer, i, j), or None: not shown


def _with_space(frame: dict[str, Any], run: Experiment, space: Space) -> dict[str, Any]:
    """The frame with the layer-space view's points, when that view is shown."""
    if space is not None and space[0] > 0:
        frame["space"] = frames.layer_space(run, space[0], space[1:])
    return frame


def advance(
    runs: list[Experiment], speed: int, count: int, gradients: bool, space: Space = None
) -> list[dict[str, Any]]:
    """Train `count` frames of `speed` steps (fewer if the work budget runs out or a run
    stops); each frame shows every run after the same steps."""
    if not all(run.trainer.has_data for run in runs):
        return [current(runs, space=space)]  # nothing to train on: one picture of how it is
    with _TRAINING:
        return _train(runs, speed, count, gradients, space)


def _train(
    runs: list[Experiment], speed: int, count: int, gradients: bool, space: Space
) -> list[dict[str, Any]]:
    started = time.thread_time()
    batch = []
    for index in range(count):
        for run in runs:
            run.trainer.step(speed)
        stopped = any(run.trainer.status != "ok" for run in runs)
        last = index == count - 1 or stopped or time.thread_time() - started > WORK_BUDGET_S
        # The last frame of a batch always carries gradients: hover and the editor read them.
        frame = frames.frame(runs[0], _scores(runs[0]), gradients or last)
        for other in runs[1:]:
            frame["b"] = frames.frame(other, _scores(other), False)
        batch.append(_with_space(frame, runs[0], space))
        if last:
            break
    return batch


def current(runs: list[Experiment], marker: str = "", space: Space = None) -> dict[str, Any]:
    """A frame of the runs as they are now (paused, after Step, Reset, a weight set by hand)."""
    frame = frames.frame(runs[0], runs[0].trainer.evaluate(), True, marker)
    for other in runs[1:]:
        frame["b"] = frames.frame(other, other.trainer.evaluate(), False)
    return _with_space(frame, runs[0], space)
