"""The downloaded script runs outside the repository on numpy alone and ends with the app's losses.

Every script runs in a temporary folder under an interpreter that can import numpy and nothing
else (no site-packages, no repository), and its printed losses must match the app's Experiment
after the same steps to 1e-9 relative: close enough that any change to the math shows.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import datasets
from playground.config import ACTIVATION_NAMES, OPTIMIZER_NAMES, Config
from playground.experiment import Experiment
from playground.export.files import load_network, read_upload, weights_json
from playground.export.script import training_script

REPO = Path(__file__).resolve().parents[3]
RELATIVE = 1e-9
XOR = Config(dataset="xor", layers=(5, 3), activation=("tanh", "relu"), lr=0.1, seed=7)
CASES = {
    "xor-sgd-tanh-relu": XOR,
    "blobs-adam-elu-l2-he": Config(
        dataset="blobs",
        classes=5,
        noise=30,
        points=300,
        train=70,
        features=("x1", "x2", "x1x2", "sinx1"),
        layers=(6,),
        activation=("elu",),
        optimizer="adam",
        lr=0.01,
        batch=8,  # 210 training points: 26 batches of 8 and a last one of 2
        reg="l2",
        rate=0.003,
        init="he",
        seed=123,
    ),
    "bumps-momentum-l1-no-hidden": Config(
        dataset="bumps", layers=(), optimizer="momentum", reg="l1", rate=0.001
    ),
    "spiral-rmsprop-sigmoid-softplus-l2": Config(
        dataset="spiral",
        noise=10,
        features=("x1", "x2", "x1sq", "x2sq", "sinx1", "sinx2"),
        layers=(8, 4),
        activation=("sigmoid", "softplus"),
        optimizer="rmsprop",
        lr=0.003,
        batch=9,
        reg="l2",
        rate=0.01,
        seed=42,
    ),
    "moons-sgd-sine-leaky-l1-uniform": Config(
        dataset="moons",
        noise=20,
        layers=(4, 4),
        activation=("sine", "leaky_relu"),
        lr=0.3,
        batch=3,
        reg="l1",
        rate=0.001,
        init="uniform",
        seed=5,
    ),
    "plane-adam-linear-regression": Config(
        dataset="plane",
        noise=20,  # without noise the loss falls to ~1e-21, where rounding is all that is left
        features=("x1", "x2", "x1x2"),
        layers=(3,),
        activation=("linear",),
        optimizer="adam",
        lr=0.01,
        batch=1,
        seed=11,
    ),
    "spiral3-rmsprop-tanh-xavier": Config(
        dataset="spiral3",
        points=200,
        layers=(7, 5),
        activation=("tanh",),
        optimizer="rmsprop",
        lr=0.01,
        batch=13,
        init="xavier",
        seed=3,
    ),
    "circle-momentum-sigmoid-zeros": Config(
        dataset="circle", layers=(3,), activation=("sigmoid",), optimizer="momentum", init="zeros"
    ),
    "gauss-sgd-relu-l2-rate-zero": Config(
        dataset="gauss", layers=(2,), activation=("relu",), reg="l2", rate=0.0, seed=9
    ),
    "spiral-deep-all-features": Config(
        dataset="spiral",
        features=("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"),
        layers=(8, 8, 8, 8, 8, 8),
        activation=("leaky_relu", "elu", "tanh", "softplus", "sine", "relu"),
        optimizer="adam",
        lr=0.003,
        batch=16,
        seed=999999,
    ),
}


@pytest.fixture(scope="module")
def numpy_only(tmp_path_factory) -> tuple[list[str], dict[str, str]]:
    """A command and environment for a Python that imports numpy and nothing else installed."""
    packages = tmp_path_factory.mktemp("numpy_only")
    numpy_dir = Path(np.__file__).parent
    for source in (numpy_dir, numpy_dir.with_name("numpy.libs")):  # the wheel's shared libraries
        if source.exists():
            (packages / source.name).symlink_to(source, target_is_directory=True)
    command = [sys.executable, "-S"]  # -S: no site module, so no site-packages on the path
    env = {"PYTHONPATH": str(packages), "PATH": os.environ.get("PATH", "")}
    for module, importable in (("numpy", True), ("engine", False), ("streamlit", False)):
        done = subprocess.run(
            [*command, "-c", f"import {module}"],
            cwd=packages,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (done.returncode == 0) == importable, (module, done.stderr)
    return command, env


def run_script(source: str, tmp_path: Path, numpy_only) -> dict[str, str]:
    """Run a script from a folder outside the repository; its 'name: value' lines as a dict."""
    assert not tmp_path.resolve().is_relative_to(REPO)
    command, env = numpy_only
    path = tmp_path / "playground_run.py"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [*command, path.name], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no warnings, not even from an overflowing run
    return dict(line.split(": ", 1) for line in done.stdout.strip().splitlines())


def assert_replays(experiment: Experiment, printed: dict[str, str], initial: float) -> None:
    """The printed status, steps, losses and accuracies are the app's."""
    trainer = experiment.trainer
    scores = trainer.evaluate()
    assert printed["status"] == trainer.status
    assert int(printed["steps"]) == trainer.steps
    assert float(printed["initial train loss"]) == pytest.approx(initial, rel=RELATIVE, abs=0)
    for split in ("train", "test"):
        loss = float(printed[f"final {split} loss"])
        assert loss == pytest.approx(scores[f"{split}_loss"], rel=RELATIVE, abs=0)
        accuracy = scores[f"{split}_accuracy"]
        if accuracy is None:
            assert f"final {split} accuracy" not in printed
        else:
            assert float(printed[f"final {split} accuracy"]) == accuracy


def train_like_the_app(experiment: Experiment) -> float:
    """Single steps, whole epochs and frames of several, ending mid-epoch; the initial loss."""
    initial = experiment.trainer.evaluate()["train_loss"]
    experiment.trainer.step(1)
    experiment.trainer.run_epochs(3)
    experiment.trainer.step(11)
    assert experiment.trainer.epoch_fraction % 1 != 0  # a partial epoch
    return initial


def test_cases_cover_every_choice():
    cfgs = CASES.values()
    assert {name for cfg in cfgs for name in cfg.hidden_activations} == set(ACTIVATION_NAMES)
    assert {cfg.optimizer for cfg in cfgs} == set(OPTIMIZER_NAMES)
    assert {cfg.reg for cfg in cfgs} == {"none", "l1", "l2"}
    assert {cfg.init for cfg in cfgs} == {"auto", "xavier", "he", "uniform", "zeros"}
    assert {Experiment(cfg).task for cfg in cfgs} == {"binary", "multiclass", "regression"}


@pytest.mark.parametrize("cfg", CASES.values(), ids=CASES.keys())
def test_script_replays_the_app_run(cfg, tmp_path, numpy_only):
    experiment = Experiment(cfg)
    initial = train_like_the_app(experiment)
    printed = run_script(training_script(experiment), tmp_path, numpy_only)
    assert_replays(experiment, printed, initial)


def test_script_replays_short_last_batches(tmp_path, numpy_only):
    experiment = Experiment(CASES["blobs-adam-elu-l2-he"])
    assert len(experiment.train.y) % experiment.cfg.batch != 0
    initial = experiment.trainer.evaluate()["train_loss"]
    experiment.trainer.run_epochs(2)
    experiment.trainer.step(3)
    printed = run_script(training_script(experiment), tmp_path, numpy_only)
    assert_replays(experiment, printed, initial)


def test_script_replays_a_diverged_run(tmp_path, numpy_only):
    experiment = Experiment(Config(dataset="plane", lr=10.0))
    initial = experiment.trainer.evaluate()["train_loss"]
    experiment.trainer.run_epochs(20)
    assert experiment.trainer.status == "diverged"
    printed = run_script(training_script(experiment), tmp_path, numpy_only)
    assert_replays(experiment, printed, initial)


def test_script_embeds_an_uploaded_dataset(tmp_path, numpy_only):
    rng = np.random.default_rng(3)
    points = rng.normal(size=(80, 2)) * [3.0, 40.0]
    labels = np.where(points[:, 0] > 0, "yes", "no")
    rows = zip(points.tolist(), labels, strict=True)
    text = "a,b,answer\n" + "".join(f"{x!r},{y!r},{c}\n" for (x, y), c in rows)
    upload = datasets.from_csv(text.encode(), name='survey"""\nimport os')
    experiment = Experiment(Config(dataset="csv", layers=(3,)), upload)
    initial = experiment.trainer.evaluate()["train_loss"]
    experiment.trainer.step(17)
    source = training_script(experiment)
    assert "uploaded CSV points" in source and "survey" not in source  # no file name in code
    x1, x2 = experiment.train.X[0].tolist()
    assert f"[{x1!r}, {x2!r}, " in source  # the rescaled points themselves, read back exactly
    assert_replays(experiment, run_script(source, tmp_path, numpy_only), initial)


@pytest.mark.parametrize("saved_steps", [50, 37])  # saved at an epoch's end, and mid-epoch
def test_script_starts_from_loaded_weights(tmp_path, numpy_only, saved_steps):
    saved = Experiment(XOR)
    saved.trainer.step(saved_steps)
    loaded = read_upload(weights_json(saved))
    experiment = Experiment(loaded.config)
    load_network(experiment.net, loaded.network)
    experiment.trainer.resume(loaded.steps, loaded.history)  # as the app does on import
    initial = experiment.trainer.evaluate()["train_loss"]
    assert initial != Experiment(XOR).trainer.evaluate()["train_loss"]  # not the seed's start
    experiment.trainer.step(30)
    source = training_script(experiment, {**loaded.network, "steps": loaded.steps})
    assert "weights file loaded into the app" in source
    assert_replays(experiment, run_script(source, tmp_path, numpy_only), initial)


@pytest.mark.parametrize("cfg", CASES.values(), ids=CASES.keys())
def test_script_imports_numpy_and_nothing_else(cfg):
    source = training_script(Experiment(cfg))
    tree = ast.parse(source)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported == {"numpy"}
    assert "engine" not in source and "playground." not in source
    assert all(len(line) <= 100 for line in source.splitlines())


def test_script_contains_only_what_the_experiment_uses():
    source = training_script(Experiment(XOR))
    for used in ("def tanh(", "def relu_derivative(", "def sigmoid(", "class SGD"):
        assert used in source
    for unused in (
        "softmax",
        "def elu",
        "class Adam",
        "\nRATE",
        "penalty_and",
        "sigmoid_derivative",
    ):
        assert unused not in source


@pytest.mark.parametrize(
    "change",
    [
        ("LEARNING_RATE = 0.01", "LEARNING_RATE = 0.01 * (1 + 1e-6)"),
        ("EPSILON = 0.9, 0.999, 1e-8", "EPSILON = 0.9, 0.999, 1.01e-8"),
    ],
    ids=["learning-rate-off-by-1e-6", "adam-epsilon-off-by-1-percent"],
)
def test_a_script_that_trains_differently_fails_the_comparison(change, tmp_path, numpy_only):
    experiment = Experiment(CASES["blobs-adam-elu-l2-he"])
    experiment.trainer.step(26)
    source = training_script(experiment)
    assert change[0] in source
    printed = run_script(source.replace(change[0], change[1]), tmp_path, numpy_only)
    expected = experiment.trainer.evaluate()["train_loss"]
    assert float(printed["final train loss"]) != pytest.approx(expected, rel=RELATIVE, abs=0)
