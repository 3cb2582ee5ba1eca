"""Server work per live frame: training steps + grid pass + figures, as the live area does them.

    python benchmarks/bench_frame.py [--runs 40]

Prints, for a few networks on 500 points, the median milliseconds of each part. A fragment run
sends FRAMES_PER_RUN boundary frames (each: `speed` training steps, one 100x100 grid pass, the
boundary figure and its JSON) plus one network diagram and one loss chart; the "per frame" column
spreads the once-per-run part over the frames it serves. Target: at most 15 ms per frame for
2-8-8-8-8-1 on 500 points.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import features  # noqa: E402
from playground.config import Config  # noqa: E402
from playground.experiment import GRID_AXIS, Experiment  # noqa: E402
from playground.figures import boundary_figure, loss_figure, network_figure  # noqa: E402
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


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure(cfg: Config, runs: int) -> dict[str, float]:
    """Median milliseconds of each part of a live frame for one config."""
    experiment = Experiment(cfg.replace(points=500))
    parts: dict[str, list[float]] = {k: [] for k in ("train", "grid", "boundary", "run_extra")}
    for _ in range(runs):
        t0 = time.perf_counter()
        experiment.trainer.step(cfg.speed)
        t1 = time.perf_counter()
        frame = experiment.frame()
        t2 = time.perf_counter()
        figure = boundary_figure(
            GRID_AXIS,
            frame.output,
            experiment.task,
            experiment.train.X,
            experiment.train.y,
            class_names=experiment.dataset.class_names,
        )
        build_frames([figure])
        t3 = time.perf_counter()
        net = experiment.net
        grads = experiment.gradients()
        diagram = network_figure(
            list(net.sizes),
            [features.FEATURES[name][1] for name in cfg.features],
            frame.layer_maps,
            [np.asarray(w) for w in net.weights],
            [np.asarray(b) for b in net.biases],
            grad_weights=list(grads.weights),
            grad_biases=list(grads.biases),
        )
        history = experiment.trainer.history
        curves = loss_figure(history.epoch, history.train_loss, history.test_loss)
        build_frames([diagram])
        build_frames([curves])
        t4 = time.perf_counter()
        for name, seconds in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            parts[name].append(seconds)
    result = {name: _ms(samples) for name, samples in parts.items()}
    per_frame = result["train"] + result["grid"] + result["boundary"]
    result["per_frame"] = per_frame + result["run_extra"] / FRAMES_PER_RUN
    return result


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    print(f"Server work per live frame (median of {args.runs}, ms; speed 10 steps a frame,")
    print(f"{FRAMES_PER_RUN} frames per fragment run; target <= 15 ms per frame)\n")
    print(
        "| network, data | train 10 steps | grid pass + read-outs | boundary figure + JSON "
        "| diagram + loss chart (once a run) | per frame |"
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
