"""What the browser's live view receives: a scene once per network and data, then small frames.

After a training step what changed is the parameters, a few hundred numbers, so a frame carries
those (float32, base64) with the step, the losses and accuracies and the gradient norms; the
browser draws the boundary and every neuron map from them with its own forward pass. A scene
carries what changes only with the data or the architecture: the points, shapes, names and colours.
"""

from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np

from engine import features
from playground.config.drawn import MAX_POINTS
from playground.config.fields import FIELDS
from playground.config.parsing import format_value
from playground.experiment import INPUT_RANGE, MAX_PARAMETER, Experiment
from playground.figures import palette

MAX_HISTORY_POINTS = 1000  # curve points a scene carries; frames append to them


def floats(values: np.ndarray) -> str:
    """Little-endian float32 bytes of an array, base64: what the browser's NNP.floats reads."""
    with np.errstate(over="ignore"):  # a diverging network's huge values become ±inf
        data = np.ascontiguousarray(values, dtype="<f4")
    return base64.b64encode(data.tobytes()).decode("ascii")


def flat_parameters(experiment: Experiment) -> np.ndarray:
    """All weights and biases in the engine's layout: per layer [W; b], (fan_in + 1, fan_out)."""
    net = experiment.net
    blocks = [
        np.vstack([w, b[None, :]]).ravel() for w, b in zip(net.weights, net.biases, strict=True)
    ]
    return np.concatenate(blocks)  # (P,)


def flat_gradients(experiment: Experiment) -> np.ndarray:
    """∂L/∂(every parameter) of the whole training loss, in the layout of flat_parameters."""
    grads = experiment.gradients()
    blocks = [
        np.vstack([w, b[None, :]]).ravel() for w, b in zip(grads.weights, grads.biases, strict=True)
    ]
    return np.concatenate(blocks)  # (P,)


def scene_id(experiment: Experiment, second: Experiment | None = None) -> str:
    """Changes whenever a network or the data is rebuilt: the browser then needs a new scene."""
    own = f"{experiment.generation}.{experiment.data_version}"
    return own if second is None else f"{own}|{second.generation}.{second.data_version}"


def scene(experiment: Experiment, second: Experiment | None = None) -> dict[str, Any]:
    """Shapes, names, colours and the data points (sent when they change); with a comparison,
    the second run's network and what tells the two apart."""
    net, cfg = experiment.net, experiment.cfg
    train_y, test_y = experiment.train.y, experiment.test.y
    regression = experiment.task == "regression"
    targets = np.concatenate([train_y, test_y]).astype(float)
    finite = targets[np.isfinite(targets)]
    target_range = (
        [float(finite.min()), float(finite.max())] if regression and finite.size else None
    )
    if target_range is not None and target_range[0] == target_range[1]:
        target_range = [target_range[0] - 1, target_range[1] + 1]
    # An upload's target was rescaled to [-1, 1] for training; the view shows its own units.
    units = experiment.dataset.target_range
    centre, half = ((units[0] + units[1]) / 2, (units[1] - units[0]) / 2) if units else (0.0, 1.0)
    return {
        "id": scene_id(experiment, second),
        "task": experiment.task,
        "sizes": list(net.sizes),
        "activations": list(net.activations),
        "output": net.output,
        "features": list(cfg.features),
        "feature_labels": [features.FEATURES[name].label for name in cfg.features],
        # Every data set lives in [-6, 6]² (uploads are rescaled into it), as in TFP.
        "extent": [-INPUT_RANGE, INPUT_RANGE, -INPUT_RANGE, INPUT_RANGE],
        "data": {
            "train_x": floats(experiment.train.X),
            "train_y": floats(train_y),
            "test_x": floats(experiment.test.X),
            "test_y": floats(test_y),
        },
        "class_names": list(experiment.dataset.class_names),
        "target_range": target_range,
        "target_units": {"name": experiment.dataset.target_name, "offset": centre, "scale": half},
        "palette": {
            "classes": list(palette.CLASS_COLORS),
            "negative": palette.NEGATIVE_COLOR,
            "positive": palette.POSITIVE_COLOR,
            "region_strength": palette.REGION_STRENGTH,
        },
        "max_parameter": MAX_PARAMETER,
        "drawing": _drawing(experiment),
        "compare": None if second is None else _compare(experiment, second),
    }


def _compare(experiment: Experiment, second: Experiment) -> dict[str, Any]:
    """The second run's network, and each run's differing settings as a short label."""
    cfg = experiment.cfg

    def label(values: dict[str, object]) -> str:
        return " · ".join(f"{FIELDS[name].label} {values[name]}" for name, _ in cfg.compare)

    left = {name: format_value(FIELDS[name], getattr(cfg, name)) for name, _ in cfg.compare}
    return {
        "sizes": list(second.net.sizes),
        "activations": list(second.net.activations),
        "output": second.net.output,
        "left": label(left),
        "right": label(dict(cfg.compare)),
    }


def _drawing(experiment: Experiment) -> dict[str, Any] | None:
    """What the draw tools show: None unless the data is drawn by hand."""
    cfg = experiment.cfg
    if cfg.dataset != "drawn":
        return None
    drawing = cfg.drawing
    return {"split": drawing.split, "points": len(drawing.points), "max": MAX_POINTS}


def history(experiment: Experiment, second: Experiment | None = None) -> dict[str, Any]:
    """The curves so far, at most MAX_HISTORY_POINTS rows evenly spaced (the latest always in);
    a comparison's second run under "b" (the runs move in lockstep: the same steps)."""
    curves = _curves(experiment)
    if second is not None:
        curves["b"] = _curves(second)
    return curves


def _curves(experiment: Experiment) -> dict[str, Any]:
    rows = experiment.trainer.history
    count = len(rows)
    keep = (
        np.unique(np.linspace(0, count - 1, MAX_HISTORY_POINTS).round().astype(int))
        if count
        else []
    )

    def column(values: list) -> list:
        return [_number(values[i]) for i in keep]

    return {
        "step": [rows.step[i] for i in keep],
        "epoch": column(rows.epoch),
        "train": column(rows.train_loss),
        "test": column(rows.test_loss),
        "acc_train": column(rows.train_accuracy),
        "acc_test": column(rows.test_accuracy),
        "grad_norms": [[_number(v) for v in rows.grad_norms[i]] for i in keep],
        "markers": [{"epoch": m.epoch, "text": m.text} for m in experiment.markers],
    }


def frame(
    experiment: Experiment, scores: dict[str, float | None], gradients: bool, marker: str = ""
) -> dict[str, Any]:
    """One picture's worth of numbers: step, losses, accuracies, parameters (and gradients)."""
    trainer = experiment.trainer
    norms = trainer.history.grad_norms[-1] if len(trainer.history) else trainer.last_grad_norms
    result: dict[str, Any] = {
        "step": trainer.steps,
        "epoch": trainer.epoch_fraction,
        "loss": [_number(scores["train_loss"]), _number(scores["test_loss"])],
        "acc": [_number(scores["train_accuracy"]), _number(scores["test_accuracy"])],
        "gn": [_number(v) for v in norms],
        "p": floats(flat_parameters(experiment)),
        "status": trainer.status,
    }
    if gradients:
        result["g"] = floats(flat_gradients(experiment))
    if marker:
        result["marker"] = marker
    return result


def _number(value: float | None) -> float | None:
    """A JSON-safe number: None stays None; NaN and ±inf (a diverged run) become None."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def layer_space(experiment: Experiment, layer: int, units: tuple[int, int]) -> dict[str, Any]:
    """The training points where hidden layer `layer` (1 = first) puts them: the engine's own
    activations of units (i, j), float32, point by point."""
    with np.errstate(all="ignore"):  # a diverged network's huge activations: drawn, not warned
        trace = experiment.net.forward(experiment.X_train)
    coordinates = trace.a[layer - 1][:, list(units)]  # (n_train, 2)
    return {"layer": layer, "units": list(units), "points": floats(coordinates)}
