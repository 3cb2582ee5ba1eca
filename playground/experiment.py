"""One student's experiment: data, network and trainer from a Config, and what a frame shows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine import Gradients, Network, Trainer, datasets, features
from engine.datasets import Dataset
from playground.config import Config

GRID_SIZE = 100  # the boundary is drawn on a GRID_SIZE x GRID_SIZE grid over the input range
MAP_STRIDE = 4  # neuron maps in the diagram are every 4th grid point: 25 x 25
INPUT_RANGE = 6.0

OUTPUTS = {"binary": "sigmoid", "multiclass": "softmax", "regression": "linear"}


def _grid_points() -> tuple[np.ndarray, np.ndarray]:
    """The grid axis and its (G*G, 2) points, x1 varying fastest (row = x2, as a heatmap wants)."""
    axis = np.linspace(-INPUT_RANGE, INPUT_RANGE, GRID_SIZE)
    x1, x2 = np.meshgrid(axis, axis)
    return axis, np.column_stack([x1.ravel(), x2.ravel()])  # (G*G, 2)


GRID_AXIS, GRID_POINTS = _grid_points()


@dataclass(frozen=True)
class Frame:
    """Everything one picture of the network needs, from one forward pass over the grid."""

    output: np.ndarray  # (G, G) p(class 1) or value; (G, G, k) class probabilities
    layer_maps: list[np.ndarray]  # per layer incl. inputs: (units, g, g) over the input space
    train_loss: float
    test_loss: float | None
    train_accuracy: float | None
    test_accuracy: float | None


def make_dataset(cfg: Config) -> Dataset:
    """The generated dataset a config names (not for uploads)."""
    kwargs = {"classes": cfg.classes} if cfg.dataset == "blobs" else {}
    return datasets.make(
        cfg.dataset, n_points=cfg.points, noise=cfg.noise / 100, seed=cfg.seed, **kwargs
    )


class Experiment:
    """Data, features, network and trainer for one config; knows which changes need a reset."""

    def __init__(self, cfg: Config, uploaded: Dataset | None = None) -> None:
        self.cfg = cfg
        self.uploaded = uploaded
        self.generation = 0
        self._build_data()
        self._build_network()

    # -- construction -------------------------------------------------------------------
    def _build_data(self) -> None:
        cfg = self.cfg
        if cfg.dataset == "csv" and self.uploaded is not None:
            self.dataset = self.uploaded
        else:
            # A link can name "csv" without carrying the file: show the default data instead.
            self.dataset = make_dataset(
                cfg.replace(dataset="circle") if cfg.dataset == "csv" else cfg
            )
        self.train, self.test = self.dataset.split(train_fraction=cfg.train / 100, seed=cfg.seed)
        names = list(cfg.features)
        self.X_train = features.transform(self.train.X, names)  # (n_train, d)
        self.X_test = features.transform(self.test.X, names)  # (n_test, d)
        self.X_grid = features.transform(GRID_POINTS, names, dtype=np.float32)  # (G*G, d)

    @property
    def task(self) -> str:
        """binary, multiclass or regression."""
        return self.dataset.task

    def _output_size(self) -> int:
        return self.dataset.n_classes if self.task == "multiclass" else 1

    def _build_network(self) -> None:
        cfg = self.cfg
        self.generation += 1  # a new network: the live chart drops frames of the old one
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
        """Apply a new config; returns 'reset', 'data', 'hyper' or 'same' for what it rebuilt."""
        old, self.cfg = self.cfg, cfg
        upload_changed = uploaded is not self.uploaded and cfg.dataset == "csv"
        self.uploaded = uploaded
        if keep_network and old.architecture_key() == cfg.architecture_key():
            # Regenerate: new data for the same network, which keeps its weights.
            self._build_data()
            self._build_trainer()
            return "data"
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

    def reset(self) -> None:
        """Back to the initial weights this seed gives, with an empty history."""
        self._build_network()

    # -- reading ------------------------------------------------------------------------
    def gradients(self) -> Gradients:
        """Gradients of the whole training loss (penalty included) at the current weights."""
        cfg = self.cfg
        _, grads = self.net.loss_and_gradients(
            self.X_train,
            self.train.y,
            regularization=cfg.regularization,
            rate=cfg.rate,
        )
        return grads

    def frame(self) -> Frame:
        """One forward pass over the grid: the output surface and every neuron's map."""
        trace = self.net.forward(self.X_grid, dtype=np.float32)
        G, g = GRID_SIZE, GRID_SIZE // MAP_STRIDE

        def maps(values: np.ndarray) -> np.ndarray:
            # (G*G, units) -> (units, g, g): every MAP_STRIDE-th grid point, row = x2.
            grid = values.reshape(G, G, -1)[::MAP_STRIDE, ::MAP_STRIDE]
            return np.ascontiguousarray(np.moveaxis(grid, -1, 0))[:, :g, :g]

        out = trace.a[-1]  # (G*G, k)
        # forward() reuses its buffers on the next call: keep a copy of what this frame shows.
        output = (
            out.reshape(G, G, -1) if self.task == "multiclass" else out[:, 0].reshape(G, G)
        ).copy()
        layer_maps = [maps(self.X_grid)] + [maps(a) for a in trace.a]
        scores = self.trainer.evaluate()
        return Frame(
            output=output,
            layer_maps=layer_maps,
            train_loss=scores["train_loss"],
            test_loss=scores["test_loss"],
            train_accuracy=scores["train_accuracy"],
            test_accuracy=scores["test_accuracy"],
        )
