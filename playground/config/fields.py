"""Declarative table of the playground settings: option lists, bounds, labels and validation."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

# Option lists equal the engine registry keys; kept here so the config never imports engine.
DATASET_NAMES = (
    "circle",
    "xor",
    "gauss",
    "spiral",
    "moons",
    "blobs",
    "spiral3",
    "plane",
    "bumps",
    "drawn",
    "csv",
)
DATASET_TASKS = {
    "circle": "binary",
    "xor": "binary",
    "gauss": "binary",
    "spiral": "binary",
    "moons": "binary",
    "blobs": "multiclass",
    "spiral3": "multiclass",
    "plane": "regression",
    "bumps": "regression",
}
FEATURE_NAMES = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
ACTIVATION_NAMES = ("relu", "leaky_relu", "elu", "tanh", "sigmoid", "softplus", "sine", "linear")
OPTIMIZER_NAMES = ("sgd", "momentum", "adam", "rmsprop")
REGULARIZER_NAMES = ("none", "l1", "l2")
INITIALIZER_NAMES = ("auto", "xavier", "he", "uniform", "zeros")
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARIZATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
MODES = ("normal", "presenter", "embed")
# Mini-batch steps per animation frame. 25 is one epoch a frame on the default data (250 training
# points, batch 10), as TensorFlow Playground trains; 2000 covers an epoch of any allowed data set.
SPEEDS = (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2000)
MAX_HIDDEN_LAYERS = 6
MAX_LAYER_WIDTH = 8

# "choice": one name; "int": whole number in bounds; "snap": one of a few numbers;
# "names": set of names; "layers": widths per hidden layer; "activation": one name or one per layer.
# "drawn": points drawn by hand (config/drawn.py); "compare": a second run's differing settings.
Kind = Literal["choice", "int", "snap", "bool", "names", "layers", "activation", "drawn", "compare"]


@dataclass(frozen=True)
class FieldSpec:
    """Bounds, options and texts of one setting; the UI builds its widget from this."""

    name: str
    kind: Kind
    label: str
    help: str
    minimum: float | None = None  # for "layers": the smallest width
    maximum: float | None = None  # for "layers": the largest width
    options: tuple = ()
    min_items: int = 0
    max_items: int | None = None


_SPECS = (
    FieldSpec(
        "dataset",
        "choice",
        "Dataset",
        "Which 2-D problem the network learns; drawn: points drawn by hand; csv: an uploaded file.",
        options=DATASET_NAMES,
    ),
    FieldSpec("noise", "int", "Noise (%)", "How much the points are scattered.", 0, 50),
    FieldSpec("train", "int", "Training data (%)", "Share of points used for training.", 10, 90),
    FieldSpec("points", "int", "Points", "How many points the dataset has.", 50, 2000),
    FieldSpec("seed", "int", "Seed", "Random seed of data, split and initial weights.", 0, 999_999),
    FieldSpec("classes", "int", "Classes", "Number of clusters in the blobs dataset.", 3, 5),
    FieldSpec(
        "features",
        "names",
        "Input features",
        "Which functions of x1 and x2 feed the network.",
        options=FEATURE_NAMES,
        min_items=1,
    ),
    FieldSpec(
        "layers",
        "layers",
        "Hidden layers",
        "Neurons per hidden layer, e.g. 4,2; 0 means no hidden layer.",
        1,
        MAX_LAYER_WIDTH,
        max_items=MAX_HIDDEN_LAYERS,
    ),
    FieldSpec(
        "activation",
        "activation",
        "Activation",
        "One activation for all hidden layers, or a comma list with one per layer.",
        options=ACTIVATION_NAMES,
        min_items=1,
        max_items=MAX_HIDDEN_LAYERS,
    ),
    FieldSpec(
        "lr",
        "snap",
        "Learning rate",
        "Step size of each gradient-descent update.",
        LEARNING_RATES[0],
        LEARNING_RATES[-1],
        options=LEARNING_RATES,
    ),
    FieldSpec(
        "optimizer",
        "choice",
        "Optimizer",
        "Rule that turns gradients into weight updates.",
        options=OPTIMIZER_NAMES,
    ),
    FieldSpec("batch", "int", "Batch size", "Points per gradient step.", 1, 64),
    FieldSpec(
        "reg",
        "choice",
        "Regularization",
        "Penalty on the weights: none, L1 (|w|) or L2 (w²/2).",
        options=REGULARIZER_NAMES,
    ),
    FieldSpec(
        "rate",
        "snap",
        "Rate λ",
        "Regularization rate: the strength of the weight penalty.",
        REGULARIZATION_RATES[0],
        REGULARIZATION_RATES[-1],
        options=REGULARIZATION_RATES,
    ),
    FieldSpec(
        "init",
        "choice",
        "Initialization",
        "How initial weights are drawn; auto is He for ReLU-like, Xavier otherwise.",
        options=INITIALIZER_NAMES,
    ),
    FieldSpec("test", "bool", "Show test data", "Draw the test points on the output map."),
    FieldSpec("discrete", "bool", "Discretize output", "Show hard classes instead of shades."),
    FieldSpec(
        "speed",
        "snap",
        "Speed (steps per frame)",
        "Mini-batch steps trained for each picture; 25 is one epoch a frame on the default data.",
        SPEEDS[0],
        SPEEDS[-1],
        options=SPEEDS,
    ),
    FieldSpec(
        "hide",
        "names",
        "Hidden controls",
        "Controls hidden from students, e.g. lr,optimizer.",
        # Every setting except hide and mode themselves can be hidden, and so can the Play, Step
        # and Reset buttons and the neuron +/- buttons of each hidden layer (neurons1 = the first).
        options=(
            "dataset",
            "noise",
            "train",
            "points",
            "seed",
            "classes",
            "features",
            "layers",
            "activation",
            "lr",
            "optimizer",
            "batch",
            "reg",
            "rate",
            "init",
            "test",
            "discrete",
            "speed",
            "play",
            "step",
            "reset",
            *(f"neurons{layer}" for layer in range(1, MAX_HIDDEN_LAYERS + 1)),
        ),
    ),
    FieldSpec("mode", "choice", "Mode", "normal, presenter or embed.", options=MODES),
    FieldSpec("drawn", "drawn", "Drawn points", "Points drawn by hand (the dataset 'drawn')."),
    FieldSpec(
        "compare",
        "compare",
        "Compare with",
        "A second run beside this one that differs in these settings, e.g. activation:relu,lr:0.1.",
    ),
)

FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _SPECS}
HIDEABLE_CONTROLS = FIELDS["hide"].options


def normalize_value(spec: FieldSpec, value: object) -> object:
    """Bring a programmatic value to its stored type (list -> tuple, numpy int -> int, ...)."""
    if spec.kind == "compare" and isinstance(value, list | tuple):
        return tuple(tuple(pair) if isinstance(pair, list) else pair for pair in value)
    if spec.kind in ("names", "activation") and isinstance(value, str):
        return (value,)
    if spec.kind in ("names", "layers", "activation") and isinstance(value, list):
        value = tuple(value)
    if spec.kind == "layers" and isinstance(value, tuple):
        return tuple(_as_int(width) for width in value)
    if spec.kind == "int":
        return _as_int(value)
    if spec.kind == "snap" and isinstance(value, numbers.Real) and not isinstance(value, bool):
        # Whole-number ladders (speed) keep ints; rates are floats.
        whole = all(isinstance(option, int) for option in spec.options)
        return int(value) if whole and float(value).is_integer() else float(value)
    return value


def problem_with(spec: FieldSpec, value: object) -> str | None:
    """Say what is wrong with a normalized value, or None when it is valid for the field.

    A compare value also depends on the layers: Config checks it as a whole.
    """
    if spec.kind == "compare":
        return None if isinstance(value, tuple) else "must be a tuple of (setting, value) pairs"
    if spec.kind == "drawn":
        from playground.config.drawn import Drawing  # drawn.py has no Config: no cycle

        if not isinstance(value, str):
            return "must be the text of a drawing"
        drawing, problems = Drawing.decode(value)
        return None if not problems and drawing.encode() == value else "is not a valid drawing"
    if spec.kind == "choice":
        return None if value in spec.options else f"must be one of {', '.join(spec.options)}"
    if spec.kind == "int":
        in_range = _is_int(value) and spec.minimum <= value <= spec.maximum
        return None if in_range else f"must be a whole number in {spec.minimum}..{spec.maximum}"
    if spec.kind == "snap":
        allowed = ", ".join(format_number(option) for option in spec.options)
        return None if value in spec.options else f"must be one of {allowed}"
    if spec.kind == "bool":
        return None if isinstance(value, bool) else "must be True or False"
    if spec.kind == "layers":
        widths_ok = isinstance(value, tuple) and all(
            _is_int(width) and spec.minimum <= width <= spec.maximum for width in value
        )
        if not widths_ok or len(value) > spec.max_items:
            return (
                f"must be a tuple of at most {spec.max_items} widths "
                f"in {spec.minimum}..{spec.maximum}"
            )
        return None
    names_ok = isinstance(value, tuple) and all(name in spec.options for name in value)
    if not names_ok:
        return f"must be a tuple of names from {', '.join(spec.options)}"
    if spec.kind == "names" and len(set(value)) != len(value):
        return "must not repeat a name"
    if len(value) < spec.min_items:
        return f"needs at least {spec.min_items} name"
    return None


def format_number(value: float) -> str:
    """Write a number as a short plain decimal: 0.03, 0.00001 (never 1e-05), 10."""
    if not math.isfinite(value):
        return str(value)
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _as_int(value: object) -> object:
    """Turn integer-like numbers (numpy ints) into int; leave anything else for the check."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return value
