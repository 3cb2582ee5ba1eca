"""Microseconds per SGD step: this engine vs PyTorch (CPU, eager) vs scikit-learn, on one thread.

One step = one mini-batch forward pass, loss, backward pass and parameter update. Each framework
trains whole epochs over the same 500 points (reshuffled every epoch); a sample is the time of one
epoch divided by its step count, and the table shows the median sample. Also times the 100x100
grid pass that the app draws every frame (every neuron's z and a for 10,000 points).

Run:  python benchmarks/bench_engine.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # one thread for every framework: set before numpy loads
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from engine import Network, Trainer  # noqa: E402

N_POINTS = 500
LEARNING_RATE = 0.03


@dataclass(frozen=True)
class Case:
    """One table row: layer sizes, hidden activation, batch size."""

    sizes: tuple[int, ...]
    activation: str
    batch_size: int

    @property
    def label(self) -> str:
        return f"{'-'.join(map(str, self.sizes))} {self.activation}, batch {self.batch_size}"


CASES = (
    Case((2, 4, 2, 1), "tanh", 10),
    Case((2, 8, 8, 8, 8, 1), "relu", 32),
    Case((7, 8, 8, 8, 8, 8, 8, 1), "tanh", 10),
    Case((2, 16, 16, 1), "tanh", 64),
)


def make_data(n_features: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """XOR-style points in [-6, 6]^2; 7 features add the playground's squares, product and sines."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-6.0, 6.0, size=(N_POINTS, 2))  # (n, 2)
    y = (xy[:, 0] * xy[:, 1] > 0).astype(np.float64)  # (n,)
    x1, x2 = xy[:, 0], xy[:, 1]
    columns = [x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)]
    return np.column_stack(columns[:n_features]), y


EpochRunner = Callable[[], int]  # trains one epoch, returns the number of steps taken


def engine_runner(case: Case, X: np.ndarray, y: np.ndarray) -> EpochRunner:
    """This engine: Trainer.advance over one epoch (the reshuffle included)."""
    net = Network(case.sizes, activation=case.activation, output="sigmoid", seed=0)
    trainer = Trainer(
        net, X, y, optimizer="sgd", learning_rate=LEARNING_RATE, batch_size=case.batch_size
    )
    steps = trainer.batches_per_epoch

    def run_epoch() -> int:
        trainer.advance(steps)
        return steps

    return run_epoch


def torch_runner(case: Case, X: np.ndarray, y: np.ndarray) -> EpochRunner | None:
    """PyTorch eager on CPU (default float32): Linear layers, BCEWithLogitsLoss, SGD."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.manual_seed(0)
    activation = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[case.activation]
    layers: list[torch.nn.Module] = []
    for fan_in, fan_out in zip(case.sizes[:-1], case.sizes[1:], strict=True):
        layers += [torch.nn.Linear(fan_in, fan_out), activation()]
    model = torch.nn.Sequential(*layers[:-1])  # no activation after the output layer: logits
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    inputs = torch.from_numpy(X).float()
    targets = torch.from_numpy(y).float().reshape(-1, 1)
    generator = torch.Generator().manual_seed(0)
    b = case.batch_size

    def run_epoch() -> int:
        order = torch.randperm(N_POINTS, generator=generator)
        shuffled_inputs, shuffled_targets = inputs[order], targets[order]
        steps = 0
        for start in range(0, N_POINTS, b):
            batch = slice(start, start + b)
            optimizer.zero_grad()
            loss = loss_fn(model(shuffled_inputs[batch]), shuffled_targets[batch])
            loss.backward()
            optimizer.step()
            steps += 1
        return steps

    return run_epoch


def sklearn_runner(case: Case, X: np.ndarray, y: np.ndarray) -> EpochRunner | None:
    """scikit-learn MLPRegressor.partial_fit on one batch (= one SGD step).

    MLPRegressor rather than MLPClassifier: its partial_fit skips label handling and is the faster
    of the two here, so the comparison is the conservative one.
    """
    try:
        from sklearn.neural_network import MLPRegressor
    except ImportError:
        return None
    model = MLPRegressor(
        hidden_layer_sizes=case.sizes[1:-1],
        activation=case.activation,
        solver="sgd",
        learning_rate_init=LEARNING_RATE,
        momentum=0.0,
        batch_size=case.batch_size,
        random_state=0,
    )
    rng = np.random.default_rng(0)
    b = case.batch_size

    def run_epoch() -> int:
        order = rng.permutation(N_POINTS)
        shuffled_X, shuffled_y = X[order], y[order]
        steps = 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for start in range(0, N_POINTS, b):
                model.partial_fit(shuffled_X[start : start + b], shuffled_y[start : start + b])
                steps += 1
        return steps

    return run_epoch


def median_step_us(
    runners: list[EpochRunner | None], rounds: int, epochs_per_round: list[int]
) -> list[float | None]:
    """Median over epochs of (epoch time / steps), in µs, for each runner.

    The runners take turns round by round, so a burst of load on the machine hits all of them
    rather than skewing one column.
    """
    samples: list[list[float]] = [[] for _ in runners]
    for round_index in range(rounds + 1):
        for runner, epochs, times in zip(runners, epochs_per_round, samples, strict=True):
            if runner is None:
                continue
            for _ in range(epochs):
                start = time.perf_counter()
                steps = runner()
                if round_index > 0:  # round 0 warms up caches and lazy initialisation
                    times.append((time.perf_counter() - start) / steps)
    return [float(np.median(times)) * 1e6 if times else None for times in samples]


def grid_forward_ms(repeats: int) -> tuple[float, float, float]:
    """Median ms of the 2-8-8-8-8-1 grid pass: float32, float64, float32 right after a step."""
    net = Network((2, 8, 8, 8, 8, 1), activation="tanh", output="sigmoid", seed=0)
    axis = np.linspace(-6.0, 6.0, 100)
    grid = np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2)  # (10000, 2)
    X, y = make_data(2)
    trainer = Trainer(net, X, y, batch_size=10)

    def median_ms(call: Callable[[], object]) -> float:
        call()
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        return float(np.median(times)) * 1e3

    def train_then_forward() -> None:
        trainer.advance(1)  # changes the weights, so the float32 copies are refreshed
        start = time.perf_counter()
        net.forward(grid, dtype=np.float32)
        timings.append(time.perf_counter() - start)

    timings: list[float] = []
    for _ in range(repeats):
        train_then_forward()
    return (
        median_ms(lambda: net.forward(grid, dtype=np.float32)),
        median_ms(lambda: net.forward(grid, dtype=np.float64)),
        float(np.median(timings)) * 1e3,
    )


def fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def ratio(peer: float | None, engine: float) -> str:
    return "n/a" if peer is None else f"{peer / engine:.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples (a few seconds)")
    args = parser.parse_args()
    rounds, engine_epochs, grid_repeats = (6, 5, 50) if args.quick else (40, 8, 300)

    print(
        "| network (500 points) | engine µs | torch µs | sklearn µs "
        "| torch/engine | sklearn/engine |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for case in CASES:
        X, y = make_data(case.sizes[0])
        runners = [engine_runner(case, X, y), torch_runner(case, X, y), sklearn_runner(case, X, y)]
        engine, torch_us, sklearn_us = median_step_us(runners, rounds, [engine_epochs, 1, 1])
        assert engine is not None
        print(
            f"| {case.label} | {fmt(engine)} | {fmt(torch_us)} | {fmt(sklearn_us)} "
            f"| {ratio(torch_us, engine)} | {ratio(sklearn_us, engine)} |"
        )
    float32_ms, float64_ms, refreshed_ms = grid_forward_ms(grid_repeats)
    print()
    print("| 100x100 grid, 2-8-8-8-8-1 tanh, every neuron's z and a | ms |")
    print("|---|---:|")
    print(f"| float32 | {float32_ms:.3f} |")
    print(f"| float32 right after a training step (weights re-copied) | {refreshed_ms:.3f} |")
    print(f"| float64 | {float64_ms:.3f} |")


if __name__ == "__main__":
    main()
