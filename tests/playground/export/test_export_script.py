"""The downloaded script, run in a subprocess, ends with the app's loss after the same steps."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import datasets
from playground.config import Config
from playground.experiment import Experiment
from playground.export.files import load_network, read_upload, weights_json
from playground.export.script import training_script

REPO = Path(__file__).resolve().parents[3]
XOR = Config(dataset="xor", layers=(5, 3), activation=("tanh", "relu"), lr=0.1, seed=7)


def run_script(source: str, tmp_path: Path) -> dict[str, str]:
    """Run a script from the repository root; its 'name: value' lines as a dict."""
    path = tmp_path / "playground_run.py"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return dict(line.split(": ", 1) for line in done.stdout.strip().splitlines())


def assert_replays(experiment: Experiment, printed: dict[str, str]) -> None:
    scores = experiment.trainer.evaluate()
    assert printed["status"] == experiment.trainer.status
    assert int(printed["steps"]) == experiment.trainer.steps
    assert float(printed["final train loss"]) == pytest.approx(scores["train_loss"], abs=1e-12)
    assert float(printed["final test loss"]) == pytest.approx(scores["test_loss"], abs=1e-12)


@pytest.mark.parametrize(
    "cfg",
    [
        XOR,
        Config(
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
            batch=7,
            reg="l2",
            rate=0.003,
            init="he",
            seed=123,
        ),
        Config(dataset="bumps", layers=(), optimizer="momentum", reg="l1", rate=0.001),
    ],
    ids=["xor-sgd", "blobs-adam", "bumps-linear"],
)
def test_script_replays_the_app_run(cfg, tmp_path):
    experiment = Experiment(cfg)
    experiment.trainer.step(1)  # the app mixes single steps, frames of several and epochs
    experiment.trainer.run_epochs(3)
    experiment.trainer.step(11)
    assert_replays(experiment, run_script(training_script(experiment), tmp_path))


def test_script_replays_a_diverged_run(tmp_path):
    experiment = Experiment(Config(dataset="plane", lr=10.0))
    experiment.trainer.run_epochs(20)
    assert experiment.trainer.status == "diverged"
    assert_replays(experiment, run_script(training_script(experiment), tmp_path))


def test_script_embeds_an_uploaded_dataset(tmp_path):
    rng = np.random.default_rng(3)
    points = rng.normal(size=(80, 2)) * [3.0, 40.0]
    labels = np.where(points[:, 0] > 0, "yes", "no")
    rows = zip(points.tolist(), labels, strict=True)
    text = "a,b,answer\n" + "".join(f"{x!r},{y!r},{c}\n" for (x, y), c in rows)
    upload = datasets.from_csv(text.encode(), name="survey")
    experiment = Experiment(Config(dataset="csv", layers=(3,)), upload)
    experiment.trainer.step(17)
    source = training_script(experiment)
    assert "datasets.make" not in source
    assert_replays(experiment, run_script(source, tmp_path))


def test_script_starts_from_loaded_weights(tmp_path):
    saved = Experiment(XOR)
    saved.trainer.run_epochs(2)
    loaded = read_upload(weights_json(saved))
    experiment = Experiment(loaded.config)
    load_network(experiment.net, loaded.network)
    experiment.trainer.step(30)
    assert_replays(experiment, run_script(training_script(experiment, loaded.network), tmp_path))
