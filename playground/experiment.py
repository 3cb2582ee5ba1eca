"""One student's experiment: data, network and trainer from a Config, and changes made by hand."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine import Gradients, Network, Trainer, features
from engine.datasets import Dataset
from playground import data
from playground.config import Config
from playground.figures.notation import subscript, superscript

OUTPUTS = {"binary": "sigmoid", "multiclass": "softmax", "regression": "linear"}
MAX_PARAMETER = 1000.0  # a weight or bias set by hand stays within ±this
MAP_POINTS = 25  # neuron maps drawn by Python (the explainer's diagram) are 25 x 25
INPUT_RANGE = 6.0


@dataclass(frozen=True)
class Marker:
    """Something that happened to the run outside training (a weight set by hand), at a step,
    with the scores right after it: a mark on the loss curve and a line in the history export."""

    step: int
    epoch: float
    text: str
    scores: dict[str, float | None]


class Experiment:
    """Data, features, network and trainer for one config; knows which changes need a reset."""

    def __init__(self, cfg: Config, uploaded: Dataset | None = None) -> None:
        self.cfg = cfg
        self.uploaded = uploaded
        self.generation = 0
        self.data_version = 0
        self.markers: list[Marker] = []
        self._build_data()
        self._build_network()

    # -- construction -------------------------------------------------------------------
    def _build_data(self) -> None:
        cfg = self.cfg
        if cfg.dataset == "csv" and self.uploaded is not None:
            self.dataset = self.uploaded
        elif cfg.dataset == "drawn":
            self.dataset = data.drawn_dataset(cfg.drawing)
        else:
            # A link can name "csv" without carrying the file: show the default data instead.
            self.dataset = data.make_dataset(
                cfg.replace(dataset="circle") if cfg.dataset == "csv" else cfg
            )
        self.train, self.test = data.split(cfg, self.dataset)
        names = list(cfg.features)
        self.X_train = features.transform(self.train.X, names)  # (n_train, d)
        self.X_test = features.transform(self.test.X, names)  # (n_test, d)
        self.data_version += 1  # the browser needs the new points

    @property
    def task(self) -> str:
        """binary, multiclass or regression."""
        return self.dataset.task

    def _output_size(self) -> int:
        return self.dataset.n_classes if self.task == "multiclass" else 1

    def _build_network(self) -> None:
        cfg = self.cfg
        self.generation += 1  # a new network: the live view drops frames of the old one
        self.markers = []
        sizes = [len(cfg.features), *cfg.layers, self._output_size()]
        self.net = Network(
            sizes,
            activation=list(cfg.hidden_activations) or "tanh",
            output=OUTPUTS[self.task],
            init=None if cfg.init == "auto" else cfg.init,
            seed=cfg.seed,
        )
        self._build_trainer()

    def _build_trainer(self) -> None:
        cfg = self.cfg
        self.trainer = Trainer(
            self.net,
            self.X_train,
            self.train.y,
            X_test=self.X_test,
            y_test=self.test.y,
            optimizer=cfg.optimizer,
            learning_rate=cfg.lr,
            batch_size=cfg.batch,
            regularization=cfg.regularization,
            rate=cfg.rate,
            seed=cfg.seed,
        )

    # -- changes ------------------------------------------------------------------------
    def update(
        self, cfg: Config, uploaded: Dataset | None = None, keep_network: bool = False
    ) -> str:
        """Apply a new config; returns what changed: reset, data, drawn, hyper or same."""
        old, self.cfg = self.cfg, cfg
        upload_changed = uploaded is not self.uploaded and cfg.dataset == "csv"
        self.uploaded = uploaded
        if keep_network and old.architecture_key() == cfg.architecture_key():
            # Regenerate: new data for the same network, which keeps its weights.
            self._build_data()
            self._build_trainer()
            return "data"
        if self._redrawn(old, cfg):
            # A point drawn or erased: the same network trains on, its count and curve go on.
            previous = self.trainer
            self._build_data()
            self._build_trainer()
            self.trainer.carry_on(previous)
            return "drawn"
        if old.network_key() != cfg.network_key() or upload_changed:
            self._build_data()
            self._build_network()
            return "reset"
        hyper = ("lr", "optimizer", "batch", "reg", "rate")
        if any(getattr(old, name) != getattr(cfg, name) for name in hyper):
            self.trainer.set_hyperparameters(
                learning_rate=cfg.lr,
                optimizer=cfg.optimizer,
                batch_size=cfg.batch,
                regularization=cfg.regularization,
                rate=cfg.rate,
            )
            return "hyper"
        return "same"

    def _redrawn(self, old: Config, cfg: Config) -> bool:
        """Whether only the drawing changed (or drawing began) and the network fits it as it is."""
        if cfg.dataset != "drawn" or old.architecture_key() != cfg.architecture_key():
            return False
        same_rest = old.replace(dataset="drawn", drawn=cfg.drawn).network_key() == cfg.network_key()
        return same_rest and cfg.drawing.task == self.task and self.task != "multiclass"

    def reset(self) -> None:
        """Back to the initial weights this seed gives, with an empty history."""
        self._build_network()

    # -- reading ------------------------------------------------------------------------
    def gradients(self) -> Gradients:
        """Gradients of the whole training loss (penalty included) at the current weights."""
        cfg = self.cfg
        if not len(self.train.y):  # a drawing with no training points: no loss, no gradient
            zeros = [np.zeros_like(w) for w in self.net.weights]
            return Gradients(tuple(zeros), tuple(np.zeros_like(b) for b in self.net.biases))
        # A diverging network's last finite weights can overflow here: an expected event that
        # shows as inf or NaN in the picture, not as a warning on the server's console.
        with np.errstate(all="ignore"):
            _, grads = self.net.loss_and_gradients(
                self.X_train, self.train.y, regularization=cfg.regularization, rate=cfg.rate
            )
        return grads

    def neuron_maps(self) -> list[np.ndarray]:
        """Every diagram column's values over [-6, 6]², (units, g, g) each, row = x2 upwards."""
        axis = np.linspace(-INPUT_RANGE, INPUT_RANGE, MAP_POINTS)
        x1, x2 = np.meshgrid(axis, axis)
        points = np.column_stack([x1.ravel(), x2.ravel()])  # (g*g, 2)
        inputs = features.transform(points, list(self.cfg.features))  # (g*g, d)
        with np.errstate(all="ignore"):  # a diverged network's maps hold inf: drawn, not warned
            trace = self.net.forward(inputs)
        g = MAP_POINTS
        return [np.ascontiguousarray(a.T.reshape(-1, g, g)) for a in (inputs, *trace.a)]

    def set_parameter(self, kind: str, layer: int, i: int | None, j: int, value: float) -> str:
        """Set one weight (kind "weight", W[i, j] of `layer`) or bias by hand; returns what it did.

        Raises ValueError, and changes nothing, for an unknown parameter or a value that is not a
        finite number within ±MAX_PARAMETER.
        """
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("the new value must be a number")
        if not math.isfinite(value) or abs(value) > MAX_PARAMETER:
            raise ValueError(
                f"the new value must be a number between -{MAX_PARAMETER:g} and {MAX_PARAMETER:g}"
            )
        net = self.net
        if not (isinstance(layer, int) and 0 <= layer < net.n_layers):
            raise ValueError(f"there is no weight layer {layer}")
        fan_in, fan_out = net.sizes[layer], net.sizes[layer + 1]
        if not (isinstance(j, int) and 0 <= j < fan_out):
            raise ValueError(f"layer {layer + 1} has no unit {j}")
        if kind == "weight":
            if not (isinstance(i, int) and 0 <= i < fan_in):
                raise ValueError(f"layer {layer + 1} has no input {i}")
            net.weights[layer][i, j] = value
            name = f"w{superscript(layer + 1)}{subscript(i + 1)}{subscript(j + 1)}"
        elif kind == "bias":
            net.biases[layer][j] = value
            name = f"b{superscript(layer + 1)}{subscript(j + 1)}"
        else:
            raise ValueError(f"unknown parameter kind {kind!r}")
        text = f"{name} set to {value:g}"
        trainer = self.trainer
        scores = trainer.evaluate()
        self.markers.append(Marker(trainer.steps, trainer.epoch_fraction, text, scores))
        return text
