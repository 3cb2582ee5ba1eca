"""Files a student can take away (settings, weights, data, loss history, a script) and load back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import History, Network
from engine.datasets import Dataset
from playground.config import Config
from playground.experiment import Experiment, Marker

WEIGHTS_FORMAT = "nn-playground-weights"
WEIGHTS_VERSION = 1
MAX_IMPORT_BYTES = 1_000_000  # a weights file of the largest network is about 20 kB
MAX_STEPS = 10**12
MAX_SAVED_HISTORY = 2000  # curve rows a weights file carries (evenly spaced, the latest kept)
DATA_COLUMNS = ("x1", "x2", "label", "split")
HISTORY_COLUMNS = ("step", "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")


class LoadError(ValueError):
    """A file that cannot be loaded, with a message a student can act on."""


@dataclass(frozen=True)
class Loaded:
    """What a valid file holds: settings, and for a weights file the network state and steps."""

    config: Config
    network: dict[str, Any] | None  # get_state() layout with numpy arrays; None: settings only
    steps: int
    history: History | None = None  # the loss curve up to `steps` (files saved before: None)


# --- export -------------------------------------------------------------------------------------


def config_json(cfg: Config) -> str:
    """The settings as JSON (the file the settings import reads)."""
    return cfg.to_json()


def weights_json(experiment: Experiment) -> str:
    """Trained weights with the settings and the step count they belong to, as JSON."""
    trainer = experiment.trainer
    rows = trainer.history.to_rows()
    if len(rows) > MAX_SAVED_HISTORY:
        keep = np.unique(np.linspace(0, len(rows) - 1, MAX_SAVED_HISTORY).round().astype(int))
        rows = [rows[i] for i in keep]
    document = {
        "format": WEIGHTS_FORMAT,
        "version": WEIGHTS_VERSION,
        "steps": trainer.steps,
        "epoch": trainer.epoch_fraction,
        "config": json.loads(experiment.cfg.to_json()),
        "network": experiment.net.get_state(),
        "history": [_finite_row(row) for row in rows],
    }
    return json.dumps(document, indent=1)


def _finite_row(row: dict[str, Any]) -> dict[str, Any]:
    """A history row for JSON: a diverged loss (inf, NaN) is written as null."""
    return {
        key: None if isinstance(value, float) and not np.isfinite(value) else value
        for key, value in row.items()
    }


def data_csv(experiment: Experiment, with_split: bool = True) -> str:
    """The raw 2-D points with their labels (class names), training rows first, then test rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DATA_COLUMNS if with_split else DATA_COLUMNS[:3])
    for split_name, part in (("train", experiment.train), ("test", experiment.test)):
        labels = _label_texts(part)
        for (x1, x2), label in zip(part.X.tolist(), labels, strict=True):
            writer.writerow([x1, x2, label, split_name] if with_split else [x1, x2, label])
    return out.getvalue()


def _label_texts(part: Dataset) -> list[str]:
    if part.task == "regression":
        return [repr(value) for value in part.y.tolist()]
    return [part.class_names[int(label)] for label in part.y]


def history_csv(history: History, markers: Sequence[Marker] = ()) -> str:
    """One row per recorded point: step, epoch, losses, accuracies, per-layer gradient norms;
    and one row per hand-made change (event column), with the scores right after it."""
    rows = history.to_rows()
    columns = [*(list(rows[0]) if rows else HISTORY_COLUMNS), "event"]
    events = [
        {"step": m.step, "epoch": m.epoch, **_score_columns(m.scores), "event": m.text}
        for m in markers
    ]
    # A change made at step s comes after the row recorded at step s, before later ones.
    merged = sorted([*rows, *events], key=lambda row: (row["step"], "event" in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")  # None -> empty cell
    writer.writeheader()
    writer.writerows(merged)
    return out.getvalue()


def _score_columns(scores: dict[str, float | None]) -> dict[str, float | None]:
    names = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
    return {name: scores.get(name) for name in names}


# --- import -------------------------------------------------------------------------------------


def read_upload(raw: bytes | str, uploaded: Dataset | None = None) -> Loaded:
    """Check a settings or weights file completely; LoadError says what is wrong."""
    data = _parse_json(raw)
    if not isinstance(data, dict):
        raise LoadError("The file must hold one JSON object { … }.")
    if "format" not in data:
        return Loaded(config=_config(data, "The settings file"), network=None, steps=0)
    if data["format"] != WEIGHTS_FORMAT:
        raise LoadError(f"This is not a playground weights file (format {_short(data['format'])}).")
    version = data.get("version")
    if type(version) is not int or version != WEIGHTS_VERSION:  # true and 1.0 are not 1
        raise LoadError(
            f"The file has version {_short(version)}; this playground reads version "
            f"{WEIGHTS_VERSION}."
        )
    missing = [key for key in ("config", "network", "steps") if key not in data]
    if missing:
        raise LoadError(f"The weights file lacks {', '.join(repr(key) for key in missing)}.")
    steps = data["steps"]
    if not isinstance(steps, int) or isinstance(steps, bool) or not 0 <= steps <= MAX_STEPS:
        raise LoadError(f"'steps' must be a whole number from 0 up; got {_short(steps)}.")
    cfg = _config(data["config"], "The settings in the weights file")
    network = _network(data["network"], Experiment(cfg, uploaded).net)
    history = _history(data.get("history"), len(network["weights"]), steps)
    return Loaded(config=cfg, network=network, steps=steps, history=history)


def _history(data: object, n_layers: int, steps: int) -> History | None:
    """The saved loss curve, checked: rows of numbers, steps rising up to the file's steps."""
    if data is None:
        return None
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise LoadError("'history' must be a list of rows, one object per saved point.")
    try:
        history = History.from_rows(data, n_layers)
    except ValueError as error:
        raise LoadError(f"The loss history in the file is damaged: {error}.") from error
    values = [*history.epoch, *history.train_loss]
    steps_ok = all(0 < a < b for a, b in zip(history.step, history.step[1:], strict=False))
    if not steps_ok or (history.step and not 0 < history.step[-1] <= steps):
        raise LoadError("The loss history's steps must rise and end at most at 'steps'.")
    if not np.isfinite(values).all():
        raise LoadError("The loss history holds a value that is not a finite number.")
    return history


def _parse_json(raw: bytes | str) -> Any:
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_IMPORT_BYTES:
        raise LoadError(
            f"The file is {size / 1e6:.1f} MB; the limit is {MAX_IMPORT_BYTES / 1e6:.0f} MB."
        )
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise LoadError("The file is not UTF-8 text; choose a saved .json file.") from error
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except LoadError:  # NaN or Infinity, already worded for the student
        raise
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise LoadError(f"The file is not valid JSON ({where}: {error.msg}).") from error
    except RecursionError as error:
        raise LoadError("The file is nested too deeply to be a playground file.") from error
    except ValueError as error:  # Python refuses integers with thousands of digits
        raise LoadError("The file holds a number too long to read.") from error


def _refuse_constant(name: str) -> float:
    raise LoadError(f"The file contains {name}; every number must be finite.")


def _short(value: object) -> str:
    text = json.dumps(value)  # parsed JSON: always serializable
    return text if len(text) <= 40 else text[:39] + "…"


def _config(data: object, what: str) -> Config:
    if not isinstance(data, dict):
        raise LoadError(f"{what} must be a JSON object of setting names and values.")
    cfg, warnings = Config.from_query(data)
    if warnings:
        shown = " ".join(warnings[:3]) + (" …" if len(warnings) > 3 else "")
        raise LoadError(f"{what} are not valid: {shown}")
    return cfg


def _network(data: object, expected: Network) -> dict[str, Any]:
    """The network part checked against the network the settings build; arrays are float64."""
    if not isinstance(data, dict):
        raise LoadError("'network' must be a JSON object.")
    missing = [k for k in ("sizes", "activations", "output", "weights", "biases") if k not in data]
    if missing:
        raise LoadError(f"'network' lacks {', '.join(repr(key) for key in missing)}.")
    layout = {
        "sizes": list(expected.sizes),
        "activations": list(expected.activations),
        "output": expected.output,
    }
    for key, wanted in layout.items():
        # Compare as JSON text so that true is not taken for 1, nor 4.0 for 4.
        if json.dumps(data[key]) != json.dumps(wanted):
            raise LoadError(
                f"The network's {key} {_short(data[key])} do not match the settings, "
                f"which build {json.dumps(wanted)}."
            )
    weights = _arrays(data["weights"], [w.shape for w in expected.weights], "weights")
    biases = _arrays(data["biases"], [b.shape for b in expected.biases], "biases")
    return {**layout, "weights": weights, "biases": biases}


def _arrays(data: object, shapes: list[tuple[int, ...]], kind: str) -> list[np.ndarray]:
    if not isinstance(data, list) or len(data) != len(shapes):
        raise LoadError(f"'{kind}' must be a list of {len(shapes)} arrays, one per layer.")
    arrays = []
    for layer, (values, shape) in enumerate(zip(data, shapes, strict=True), start=1):
        if not _has_shape(values, shape):
            raise LoadError(f"{kind} of layer {layer} must be numbers of shape {shape}.")
        array = np.array(values, dtype=np.float64)  # shape checked: no huge or ragged input
        if not np.isfinite(array).all():
            raise LoadError(f"{kind} of layer {layer} hold a value that is not finite.")
        arrays.append(array)
    return arrays


def _has_shape(values: object, shape: tuple[int, ...]) -> bool:
    """Whether nested lists have exactly this shape and hold only numbers (no bool, no text)."""
    if not shape:
        return isinstance(values, int | float) and not isinstance(values, bool)
    if not isinstance(values, list) or len(values) != shape[0]:
        return False
    return all(_has_shape(item, shape[1:]) for item in values)


def load_network(net: Network, network: dict[str, Any]) -> None:
    """Copy checked weights and biases into a network of the same sizes."""
    if list(net.sizes) != list(network["sizes"]):
        raise LoadError(f"The weights are for sizes {network['sizes']}, not {list(net.sizes)}.")
    for layer in range(net.n_layers):
        net.weights[layer] = network["weights"][layer]
        net.biases[layer] = network["biases"][layer]
