"""The engine learns every playground dataset within seconds (thresholds measured over 6 seeds).

Each case states the settings and the accuracy or loss it must reach on the held-out half; the
thresholds sit below the worst of seeds 0-5 with a margin.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from engine import Network, Trainer, datasets, features

ALL_FEATURES = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")


@dataclass(frozen=True)
class Case:
    dataset: str
    layers: tuple[int, ...]
    activation: str
    optimizer: str
    learning_rate: float
    epochs: int
    noise: float = 0.0
    features: tuple[str, ...] = ("x1", "x2")
    classes: int = 3
    min_test_accuracy: float | None = None
    max_test_loss: float | None = None


CASES = [
    # worst test accuracy over seeds 0-5 in the comment
    Case("xor", (8, 8), "tanh", "adam", 0.01, 100, noise=0.1, min_test_accuracy=0.95),  # 0.972
    # TensorFlow Playground's defaults: 4-2 tanh, SGD, learning rate 0.03, batch 10
    Case("circle", (4, 2), "tanh", "sgd", 0.03, 300, noise=0.1, min_test_accuracy=0.92),  # 0.948
    Case("gauss", (4,), "tanh", "sgd", 0.03, 20, min_test_accuracy=0.98),  # 1.0
    Case("moons", (8, 8), "tanh", "adam", 0.01, 100, noise=0.1, min_test_accuracy=0.98),  # 1.0
    Case(
        "spiral",
        (8, 8, 8, 8),
        "tanh",
        "adam",
        0.01,
        300,
        features=ALL_FEATURES,
        min_test_accuracy=0.88,
    ),  # 0.912
    Case(
        "blobs", (8,), "relu", "adam", 0.01, 50, noise=0.1, classes=4, min_test_accuracy=0.93
    ),  # 0.952
    Case("plane", (), "tanh", "sgd", 0.01, 30, noise=0.1, max_test_loss=0.003),  # 0.0013
]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.dataset)
def test_learns_dataset(case: Case, seed: int) -> None:
    data = datasets.make(
        case.dataset, n_points=500, noise=case.noise, seed=seed, classes=case.classes
    )
    train, test = data.split(train_fraction=0.5, seed=seed)
    output = {"binary": "sigmoid", "multiclass": "softmax", "regression": "linear"}[data.task]
    n_outputs = data.n_classes if data.task == "multiclass" else 1
    net = Network(
        [len(case.features), *case.layers, n_outputs],
        activation=case.activation,
        output=output,
        seed=seed,
    )
    trainer = Trainer(
        net,
        features.transform(train.X, case.features),
        train.y,
        features.transform(test.X, case.features),
        test.y,
        optimizer=case.optimizer,
        learning_rate=case.learning_rate,
        batch_size=10,
        seed=seed,
    )
    assert trainer.run_epochs(case.epochs) == "ok"
    metrics = trainer.evaluate()
    if case.min_test_accuracy is not None:
        assert metrics["test_accuracy"] >= case.min_test_accuracy
    if case.max_test_loss is not None:
        assert metrics["test_loss"] <= case.max_test_loss
