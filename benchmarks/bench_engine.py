"""Microseconds per SGD step: this engine vs PyTorch (CPU, eager) vs scikit-learn, on one thread.

A step is one mini-batch's forward pass, loss, backward pass and update; 500 points, reshuffled
every epoch. Each contender trains as its users do: engine `Network.fit(..., epochs=1)` (with its
setup and history row), engine `Trainer.step(steps_per_epoch)` (a long-lived trainer: an epoch
and a history row), PyTorch eager in float32 with a plain loop over a shuffled index, and
scikit-learn `MLPClassifier.partial_fit` on the whole epoch (it batches and shuffles itself).
Also timed: `Trainer.advance` (the epoch without the row), `fit(..., epochs=0)` (the setup alone)
and `Trainer.step(0)` (one history row alone). Contenders take turns round after round (A, B, C,
A, B, C, ...); a round's value is the median of a few calls, ratios are taken within a round, and
the tables give the median and the range over rounds, so load on the machine hits all alike.

Run:  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 python benchmarks/bench_engine.py
      [--quick] [--rounds N] [--markdown]   (--markdown: only the README block, no progress)
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
for _variable in THREAD_VARIABLES:
    os.environ.setdefault(_variable, "1")  # one thread for every framework: set before numpy loads
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks.machine import cpu_fields  # noqa: E402
from engine import Network, Trainer  # noqa: E402

N_POINTS = 500
LEARNING_RATE = 0.03
PER_CALL = ("setup", "record")  # timed per call; every other contender per step
PEERS = ("PyTorch", "scikit-learn")
SPEED_HEADER = (
    "| network (500 points) | engine `fit` µs | engine `Trainer.step` µs | PyTorch µs "
    "| scikit-learn µs | PyTorch / `fit` | scikit-learn / `fit` |"
)
OVERHEAD_HEADER = (
    "| network (500 points) | `Trainer.advance` µs per step | history row µs "
    "| history row, % of an epoch | `fit` setup µs per call | `fit` setup, in steps |"
)


@dataclass(frozen=True)
class Case:
    """One table row: layer sizes, hidden activation, batch size."""

    sizes: tuple[int, ...]
    activation: str
    batch_size: int

    @property
    def label(self) -> str:
        """The row's name, e.g. '2-4-2-1 tanh, batch 10'."""
        return f"{'-'.join(map(str, self.sizes))} {self.activation}, batch {self.batch_size}"

    @property
    def steps(self) -> int:
        """Mini-batches per epoch (the last one may be shorter)."""
        return -(-N_POINTS // self.batch_size)


CASES = (
    Case((2, 4, 2, 1), "tanh", 10),
    Case((2, 8, 8, 8, 8, 1), "relu", 32),
    Case((7, 8, 8, 8, 8, 8, 8, 1), "tanh", 10),
    Case((2, 16, 16, 1), "tanh", 64),
)

Epoch = Callable[[], object]  # trains one epoch over the 500 points


def make_data(n_features: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """XOR-style points in [-6, 6]^2; 7 features add the playground's squares, product and sines."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-6.0, 6.0, size=(N_POINTS, 2))  # (n, 2)
    y = (xy[:, 0] * xy[:, 1] > 0).astype(np.float64)  # (n,)
    x1, x2 = xy[:, 0], xy[:, 1]
    columns = [x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)]
    return np.column_stack(columns[:n_features]), y


def engine_epochs(case: Case, X: np.ndarray, y: np.ndarray) -> dict[str, Epoch]:
    """fit, Trainer.step and Trainer.advance on their own networks; fit's setup; a history row."""
    settings = dict(optimizer="sgd", learning_rate=LEARNING_RATE, batch_size=case.batch_size)

    def network() -> Network:
        return Network(case.sizes, activation=case.activation, output="sigmoid", seed=0)

    fitted, set_up = network(), network()
    stepped = Trainer(network(), X, y, **settings)
    advanced = Trainer(network(), X, y, **settings)
    return {
        "fit": lambda: fitted.fit(X, y, epochs=1, **settings),
        "step": lambda: stepped.step(case.steps),
        "advance": lambda: advanced.advance(case.steps),
        "setup": lambda: set_up.fit(X, y, epochs=0, **settings),
        "record": lambda: advanced.step(0),
    }


def torch_epoch(case: Case, X: np.ndarray, y: np.ndarray) -> Epoch | None:
    """PyTorch eager on CPU (float32): Linear layers, BCEWithLogitsLoss, SGD, a shuffled index."""
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
    inputs = torch.from_numpy(X).float()  # (n, d)
    targets = torch.from_numpy(y).float().reshape(-1, 1)  # (n, 1)
    b = case.batch_size

    def run_epoch() -> None:
        order = torch.randperm(N_POINTS)
        for start in range(0, N_POINTS, b):
            index = order[start : start + b]
            optimizer.zero_grad()
            loss_fn(model(inputs[index]), targets[index]).backward()
            optimizer.step()

    return run_epoch


def sklearn_epoch(case: Case, X: np.ndarray, y: np.ndarray) -> Epoch | None:
    """scikit-learn MLPClassifier.partial_fit over the whole epoch: its own batching and shuffle."""
    try:
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None
    model = MLPClassifier(
        hidden_layer_sizes=case.sizes[1:-1],
        activation=case.activation,
        solver="sgd",
        learning_rate_init=LEARNING_RATE,
        momentum=0.0,
        batch_size=case.batch_size,
        random_state=0,
    )
    classes = np.array([0.0, 1.0])

    def run_epoch() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.partial_fit(X, y, classes=classes)

    return run_epoch


def rounds_of(
    contenders: dict[str, Epoch], rounds: int, calls: dict[str, int], steps: int
) -> dict[str, np.ndarray]:
    """Per contender, (rounds,) µs per step (per call for PER_CALL): each round's median call.

    Round 0 only warms up (caches, lazy imports, the network's pooled buffers).
    """
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for round_index in range(rounds + 1):
        for name, run in contenders.items():
            times = []
            for _ in range(calls[name]):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
            if round_index > 0:
                divisor = 1 if name in PER_CALL else steps
                samples[name].append(float(np.median(times)) / divisor * 1e6)
    return {name: np.array(values) for name, values in samples.items()}


def spread(values: np.ndarray, digits: int = 1, unit: str = "") -> str:
    """Median and range, e.g. '12.3 (11.9–14.0)'."""
    low, mid, high = np.min(values), np.median(values), np.max(values)
    return f"{mid:.{digits}f}{unit} ({low:.{digits}f}–{high:.{digits}f}{unit})"


def measure(case: Case, rounds: int) -> dict[str, np.ndarray]:
    """Per contender (and derived ratio), (rounds,) values from rounds that alternate."""
    X, y = make_data(case.sizes[0])
    contenders = engine_epochs(case, X, y)
    peers = {"PyTorch": torch_epoch(case, X, y), "scikit-learn": sklearn_epoch(case, X, y)}
    contenders |= {name: epoch for name, epoch in peers.items() if epoch is not None}
    calls = {name: 3 if name in peers else 10 for name in contenders}
    us = rounds_of(contenders, rounds, calls, case.steps)
    for peer in PEERS:
        if peer in us:
            us[f"{peer} / fit"] = us[peer] / us["fit"]
            us[f"{peer} / advance"] = us[peer] / us["advance"]
    us["history %"] = us["record"] / (us["advance"] * case.steps) * 100
    us["setup steps"] = us["setup"] / us["advance"]
    return us


def table_rows(case: Case, us: dict[str, np.ndarray]) -> tuple[str, str]:
    """The network's row in the speed table and in the overhead table."""
    cells = [spread(us[name]) if name in us else "n/a" for name in ("fit", "step", *PEERS)]
    cells += [spread(us[f"{p} / fit"], unit="×") if p in us else "n/a" for p in PEERS]
    overhead = [spread(us["advance"]), spread(us["record"]), spread(us["history %"], 1, " %")]
    overhead += [spread(us["setup"]), spread(us["setup steps"])]
    return f"| {case.label} | {' | '.join(cells)} |", f"| {case.label} | {' | '.join(overhead)} |"


def verdict(results: list[dict[str, np.ndarray]]) -> str:
    """Whether the targets hold, read from the medians over rounds."""
    compared, misses = 0, []
    for case, us in zip(CASES, results, strict=True):
        for peer in (p for p in PEERS if p in us):
            compared += 1
            if np.median(us[f"{peer} / fit"]) < 10.0:
                misses.append(
                    f"{case.label} vs {peer}, {np.median(us[f'{peer} / fit']):.1f}× "
                    f"({np.median(us[f'{peer} / advance']):.1f}× through `Trainer.advance`)"
                )
    speed = f"met in {compared - len(misses)} of {compared} comparisons"
    speed += f"; missed: {'; '.join(misses)}" if misses else ""
    setup = max(float(np.median(us["setup steps"])) for us in results)
    history = float(np.median(results[0]["history %"]))
    return (
        f"Targets, by the medians above. `fit` at least 10× faster per step than each peer: "
        f"{speed}. `fit` setup at most 2 steps: {'met' if setup <= 2 else 'missed'} (at most "
        f"{setup:.1f}). History row at most 10 % of an epoch on the smallest network: "
        f"{'met' if history <= 10 else 'missed'} ({history:.1f} %)."
    )


def grid_table(repeats: int) -> list[str]:
    """Median ms of the 2-8-8-8-8-1 grid pass the app draws every frame, as table lines."""
    net = Network((2, 8, 8, 8, 8, 1), activation="tanh", output="sigmoid", seed=0)
    axis = np.linspace(-6.0, 6.0, 100)
    grid = np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2)  # (10000, 2)
    trainer = Trainer(net, *make_data(2), batch_size=10)
    rows = [("float32", np.float32, None), ("float64", np.float64, None)]
    # A step changes the weights, so the float32 copies are refreshed in the timed pass.
    rows.insert(1, ("float32 right after a training step (weights re-copied)", np.float32, 1))
    lines = ["| 100x100 grid, 2-8-8-8-8-1 tanh, every neuron's z and a | ms |", "|---|---:|"]
    for label, dtype, steps_before in rows:
        times = []
        for _ in range(repeats + 1):
            if steps_before:
                trainer.advance(steps_before)
            start = time.perf_counter()
            net.forward(grid, dtype=dtype)
            times.append(time.perf_counter() - start)
        lines.append(f"| {label} | {float(np.median(times[1:])) * 1e3:.2f} |")
    return lines


def machine() -> str:
    """Date, CPU model, cores, thread settings, load and library versions of this run."""
    fields = cpu_fields()
    model = platform.processor() or platform.machine()
    if "model name" in fields:
        model = f"{fields['model name']} (family {fields['cpu family']}, model {fields['model']})"
    versions = [f"Python {platform.python_version()}", f"numpy {np.__version__}"]
    for module in ("torch", "sklearn"):
        try:
            versions.append(f"{module} {__import__(module).__version__}")
        except ImportError:
            versions.append(f"{module} not installed")
    threads = ", ".join(f"{v}={os.environ[v]}" for v in THREAD_VARIABLES)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{datetime.date.today().isoformat()} on {model}, {os.cpu_count()} cores, "
        f"{', '.join(versions)}; {threads}, torch.set_num_threads(1); "
        f"load average (1, 5, 15 min) {load} at the end"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds (a few seconds)")
    parser.add_argument("--rounds", type=int, default=60, help="rounds per network")
    parser.add_argument("--markdown", action="store_true", help="print only the README block")
    args = parser.parse_args()
    rounds, grid_repeats = (5, 50) if args.quick else (args.rounds, 300)
    log = (lambda text: None) if args.markdown else (lambda text: print(text, file=sys.stderr))
    log(f"{rounds} rounds per network; engine contenders 10 calls a round, peers 3.")
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch is not installed: its columns show n/a.", file=sys.stderr)
    results = []
    for case in CASES:
        results.append(measure(case, rounds))
        log(f"measured {case.label}")
    speed_rows, overhead_rows = zip(*map(table_rows, CASES, results), strict=True)
    lines = [SPEED_HEADER, "|---|---:|---:|---:|---:|---:|---:|", *speed_rows, ""]
    lines += [OVERHEAD_HEADER, "|---|---:|---:|---:|---:|---:|", *overhead_rows, ""]
    lines += [verdict(results), "", *grid_table(grid_repeats), ""]
    lines.append(f"Measured {machine()}; {rounds} rounds per network.")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
