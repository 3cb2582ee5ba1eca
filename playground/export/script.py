"""A standalone Python script that rebuilds an experiment with `engine` and replays its training."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.datasets import Dataset
from playground.experiment import OUTPUTS, Experiment

_HEADER = '''"""Replay of a neural-network playground run: same data, weights and mini-batches.

Run it from the root of the playground repository (where the engine package is):
    python {file_name}
It prints the final training loss, which equals the app's after the same number of steps when
the settings stayed as below during training.
"""

import os
import sys

sys.path.insert(0, os.getcwd())  # the engine package of the repository this is run from

from engine import Network, Trainer, datasets, features  # noqa: E402

STEPS = {steps}  # mini-batch steps the app had done
'''

_GENERATED_DATA = """
dataset = datasets.make({name}, n_points={points}, noise={noise!r}, seed={seed}{classes})
"""

_UPLOADED_DATA = """
# The uploaded CSV points, already rescaled to the playground's [-6, 6] square.
dataset = datasets.Dataset(
    X={X},
    y={y},
    task={task},
    n_classes={n_classes},
    class_names={class_names!r},
    name={name!r},
)
"""

_BODY = """train, test = dataset.split(train_fraction={train_fraction!r}, seed={seed})
X_train = features.transform(train.X, {features})  # (n_train, {d})
X_test = features.transform(test.X, {features})  # (n_test, {d})

net = Network({sizes!r}, activation={activations}, output={output}, init={init}, seed={seed})
{initial}trainer = Trainer(
    net,
    X_train,
    train.y,
    X_test=X_test,
    y_test=test.y,
    optimizer={optimizer},
    learning_rate={lr!r},
    batch_size={batch},
    regularization={reg},
    rate={rate!r},
    seed={seed},
)
trainer.step(STEPS)
scores = trainer.evaluate()
print(f"status: {{trainer.status}}")
print(f"steps: {{trainer.steps}}")
print(f"final train loss: {{scores['train_loss']!r}}")
print(f"final test loss: {{scores['test_loss']!r}}")
"""

_INITIAL = """# Training continued from loaded weights, not from the seed's initial ones.
WEIGHTS = {weights}
BIASES = {biases}
for layer, (weights, biases) in enumerate(zip(WEIGHTS, BIASES)):
    net.weights[layer] = weights
    net.biases[layer] = biases
"""


def training_script(
    experiment: Experiment,
    initial_network: dict[str, Any] | None = None,
    file_name: str = "playground_run.py",
) -> str:
    """Python source that rebuilds data and network and trains them as the app did."""
    cfg, trainer = experiment.cfg, experiment.trainer
    # A diverged run stopped at the step that failed: replay that step too, to end the same way.
    steps = trainer.steps + (1 if trainer.status == "diverged" else 0)
    initial = ""
    if initial_network is not None:
        initial = _INITIAL.format(
            weights=_layers(initial_network["weights"]), biases=_layers(initial_network["biases"])
        )
    body = _BODY.format(
        train_fraction=cfg.train / 100,
        seed=cfg.seed,
        features=_names(cfg.features),
        d=len(cfg.features),
        sizes=list(experiment.net.sizes),
        activations=_names(cfg.hidden_activations),
        output=_name(OUTPUTS[experiment.task]),
        init=_name(None if cfg.init == "auto" else cfg.init),
        initial=initial,
        optimizer=_name(cfg.optimizer),
        lr=cfg.lr,
        batch=cfg.batch,
        reg=_name(cfg.regularization),
        rate=cfg.rate,
    )
    return _HEADER.format(file_name=file_name, steps=steps) + _data(experiment) + body


def _data(experiment: Experiment) -> str:
    """The lines that create `dataset`: the generator call, or the uploaded points themselves."""
    cfg = experiment.cfg
    if experiment.uploaded is not None and cfg.dataset == "csv":
        return _uploaded(experiment.dataset)
    # A "csv" config without a file shows the circle, as the app does.
    name = "circle" if cfg.dataset == "csv" else cfg.dataset
    classes = f", classes={cfg.classes}" if name == "blobs" else ""
    return _GENERATED_DATA.format(
        name=_name(name), points=cfg.points, noise=cfg.noise / 100, seed=cfg.seed, classes=classes
    )


def _uploaded(dataset: Dataset) -> str:
    return _UPLOADED_DATA.format(
        X=_literal(dataset.X),
        y=_literal(dataset.y),
        task=_name(dataset.task),
        n_classes=dataset.n_classes,
        class_names=tuple(dataset.class_names),
        name=dataset.name,
    )


def _literal(array: Any) -> str:
    """An array as a Python list literal, one row per line; float repr reads back bit-exact."""
    values = np.asarray(array).tolist()
    if np.ndim(array) < 2:
        return repr(values)
    return "[\n" + "".join(f"    {row!r},\n" for row in values) + "]"


def _layers(arrays: list[Any]) -> str:
    """Per-layer arrays as a list literal, one layer per line."""
    return "[\n" + "".join(f"    {np.asarray(a).tolist()!r},\n" for a in arrays) + "]"


def _name(value: str | None) -> str:
    """A registry name (never holding quotes) as a double-quoted literal, or None."""
    return "None" if value is None else f'"{value}"'


def _names(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(_name(value) for value in values) + "]"
