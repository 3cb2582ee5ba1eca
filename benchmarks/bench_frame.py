"""Server work per live frame: training steps + grid pass + figures, as the live area does them.

    python benchmarks/bench_frame.py [--runs 40]

Prints, for a few networks on 500 points, the median milliseconds of each part of one playing
fragment run, made by the live area's own functions: `live.advance` (FRAMES_PER_RUN times
`speed` training steps, one 100x100 grid pass and the boundary spec), the boundary frames'
JSON (`build_frames`), then once a run the gradients, the network diagram and the loss chart
with their JSON. "per frame" is a whole run divided by the frames it sends. Streamlit's own
work (serialising the payload, the fragment rerun) is not included. Target: at most 15 ms per
frame for 2-8-8-8-8-1 on 500 points.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground import live  # noqa: E402
from playground.config import Config  # noqa: E402
from playground.experiment import Experiment, Frame  # noqa: E402
from playground.live import FRAMES_PER_RUN  # noqa: E402
from playground.live_chart import build_frames  # noqa: E402

CASES = {
    "2-8-8-8-8-1 relu, circle": Config(layers=(8, 8, 8, 8), activation=("relu",)),
    "2-4-2-1 tanh, xor": Config(dataset="xor"),
    "7-8x6-1 tanh, spiral": Config(
        dataset="spiral",
        layers=(8,) * 6,
        features=("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"),
    ),
    "2-8-8-5 tanh, blobs (5 classes)": Config(dataset="blobs", classes=5, layers=(8, 8)),
}


class PartClock:
    """Seconds spent inside wrapped calls, per part, since the last reset."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """Return `function` timed into `part`."""

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[part] = self.seconds.get(part, 0.0) + time.perf_counter() - start

        return timed

    def reset(self) -> None:
        """Start a new run."""
        self.seconds = {}


def once_a_run(experiment: Experiment, cfg: Config, frame: Frame) -> None:
    """Gradients, network diagram and loss chart with their JSON, as the live area draws them."""
    grads = experiment.gradients()
    build_frames([live.diagram(experiment, cfg, frame, grads)])
    build_frames([live.loss_curves(experiment, log_scale=False, height=230)])


def measure(cfg: Config, runs: int) -> dict[str, float]:
    """Median milliseconds of each part of a playing fragment run, per frame where it says so."""
    experiment = Experiment(cfg.replace(points=500))
    clock = PartClock()
    # Instance attributes shadow the methods, so the calls live.advance makes are timed.
    experiment.trainer.step = clock.wrap("train", experiment.trainer.step)
    experiment.frame = clock.wrap("grid", experiment.frame)
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        clock.reset()
        start = time.perf_counter()
        specs, frame = live.advance(experiment, cfg, playing=True)
        build_frames(specs)
        frames_done = time.perf_counter()
        once_a_run(experiment, cfg, frame)
        end = time.perf_counter()
        n_frames = len(specs)
        train, grid = clock.seconds["train"], clock.seconds["grid"]
        parts = {
            "train": train / n_frames,
            "grid": grid / n_frames,
            "boundary": (frames_done - start - train - grid) / n_frames,
            "run_extra": end - frames_done,
            "per_frame": (end - start) / n_frames,
        }
        for part, seconds in parts.items():
            samples.setdefault(part, []).append(seconds)
    return {part: statistics.median(values) * 1000 for part, values in samples.items()}


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    print(f"Server work per live frame (median of {args.runs} fragment runs, ms; speed 10 steps")
    print(f"a frame, {FRAMES_PER_RUN} frames per fragment run; target <= 15 ms per frame)\n")
    print(
        "| network, data | train 10 steps | grid pass + read-outs | boundary spec + JSON "
        "| gradients + diagram + loss chart (once a run) | per frame |"
    )
    print("|---|---|---|---|---|---|")
    for name, cfg in CASES.items():
        r = measure(cfg, args.runs)
        print(
            f"| {name} | {r['train']:.2f} | {r['grid']:.2f} | {r['boundary']:.2f} "
            f"| {r['run_extra']:.1f} | **{r['per_frame']:.1f}** |"
        )


if __name__ == "__main__":
    main()
