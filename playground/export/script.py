"""A standalone training script: numpy only, and the app's run step for step.

The script embeds the experiment's train and test points and its starting weights, and spells out
only the math this experiment uses (its activations, loss, optimizer and penalty, written out in
script_model.py and script_training.py), so a student can run and read it anywhere and get the
app's losses back.
"""

from __future__ import annotations

import textwrap
from string import Template
from typing import Any

import numpy as np

from engine import Network
from engine.activations import ACTIVATIONS, OUTPUTS
from engine.features import FEATURES
from engine.initializers import default_initializer
from engine.losses import DEFAULT_LOSS, LOSSES
from engine.optimizers import OPTIMIZERS
from playground.experiment import Experiment
from playground.export import script_model as model
from playground.export import script_training as training

LINE_WIDTH = 96  # the embedded arrays wrap here, so the script reads well in any editor
INIT_TEXT = {
    "xavier": "Xavier: normal, std sqrt(2 / (fan_in + fan_out))",
    "he": "He: normal, std sqrt(2 / fan_in)",
    "uniform": "uniform in [-0.5, 0.5]",
    "zeros": "all zeros",
}
LABEL_TEXT = {
    "sigmoid": "the point's class, 0 or 1",
    "softmax": "the point's class, 0 .. N_CLASSES - 1",
    "linear": "the point's target value",
}


def training_script(
    experiment: Experiment,
    initial_network: dict[str, Any] | None = None,
    file_name: str = "playground_run.py",
) -> str:
    """Python source, needing only numpy, that trains as the app did and prints its losses.

    initial_network: the loaded weights file's network training continued from (with the
    "steps" it had already trained), or None for the seed's initial weights.
    """
    first = int(initial_network.get("steps", 0)) if initial_network else 0
    net, output = experiment.net, experiment.net.output
    return "".join(
        (
            _header(experiment, file_name, first),
            _features(experiment.cfg.features),
            model.TARGETS[output],
            _activations(net.activations, output),
            Template(model.FORWARD).substitute(
                functions=_list("FUNCTIONS", [*net.activations, output]),
                derivatives=_list(
                    "DERIVATIVES", [f"{name}_derivative" for name in net.activations]
                ),
            ),
            model.LOSSES[output],
            model.BACKWARD,
            _penalty(experiment),
            training.OPTIMIZERS[experiment.cfg.optimizer],
            Template(training.MAIN).substitute(
                accuracy=training.ACCURACY[output],
                optimizer=training.CLASS_NAMES[experiment.cfg.optimizer],
                print_accuracy="" if output == "linear" else training.PRINT_ACCURACY,
            ),
            _data(experiment, output),
            _start(net, initial_network),
            training.FOOTER,
        )
    )


def _steps(experiment: Experiment, first: int = 0) -> tuple[int, str]:
    """The steps to replay (after `first` already done by loaded weights) and what they were."""
    trainer = experiment.trainer
    per_epoch = trainer.batches_per_epoch
    epochs, extra = divmod(trainer.steps - first, per_epoch)
    note = f"the app's mini-batch steps: {extra} of the first epoch's {per_epoch} batches"
    if epochs:
        plural = "s" if epochs > 1 else ""
        note = f"the app's mini-batch steps: {epochs} epoch{plural} of {per_epoch}, then {extra}"
    if first:
        note += f" after the loaded file's {first}"
    if trainer.status == "diverged":
        # The app stopped at the step that failed: replay that step too, to end the same way.
        return trainer.steps - first + 1, note + ", then the step where training diverged"
    return trainer.steps - first, note


def _header(experiment: Experiment, file_name: str, first: int) -> str:
    cfg, net = experiment.cfg, experiment.net
    steps, note = _steps(experiment, first)
    inputs = ", ".join(FEATURES[name].label for name in cfg.features)
    layers = [
        f"{size} {ACTIVATIONS[name].label}"
        for size, name in zip(net.sizes[1:], net.activations, strict=False)
    ]
    network = " -> ".join(
        [
            f"{net.sizes[0]} inputs ({inputs})",
            *layers,
            f"{net.sizes[-1]} {OUTPUTS[net.output].label}",
        ]
    )
    regularization = "No regularization."
    if cfg.regularization is not None and cfg.rate:
        regularization = f"{cfg.regularization.upper()} regularization, rate {cfg.rate!r}."
    header = Template(model.HEADER).substitute(
        file_name=file_name,
        network=textwrap.fill(f"Network: {network}", LINE_WIDTH, subsequent_indent="    "),
        loss=LOSSES[DEFAULT_LOSS[net.output]].label,
        optimizer=OPTIMIZERS[cfg.optimizer].label,
        lr=repr(cfg.lr),
        batch=cfg.batch,
        regularization=regularization,
        seed=cfg.seed,
        steps=steps,
        first_step=first,
        steps_note=note,
    )
    if net.output == "softmax":
        header += f"N_CLASSES = {net.sizes[-1]}\n"
    return header


def _features(names: tuple[str, ...]) -> str:
    """The function that computes the chosen input features from the raw points."""
    expressions = [model.FEATURE_EXPRESSIONS[name] for name in names]
    used = [axis for axis in ("x1", "x2") if any(axis in text for text in expressions)]
    columns = {"x1": "points[:, 0]", "x2": "points[:, 1]"}
    assignment = f"    {', '.join(used)} = {', '.join(columns[axis] for axis in used)}\n"
    return Template(model.FEATURES).substitute(
        labels=", ".join(FEATURES[name].label for name in names),
        d=len(names),
        columns=assignment,
        expressions=", ".join(expressions),
    )


def _activations(hidden: tuple[str, ...], output: str) -> str:
    """Each activation the network uses once, with its derivative when a hidden layer uses it."""
    pieces = []
    for name in dict.fromkeys((*hidden, output)):  # first use first, no repeats
        pieces.append(model.FUNCTIONS[name])
        if name in hidden:
            pieces.append(model.DERIVATIVES[name])
    return model.ACTIVATIONS_TITLE + "\n\n".join(piece.strip("\n") + "\n" for piece in pieces)


def _penalty(experiment: Experiment) -> str:
    """The penalty function (when there is one) and the batch's loss-and-gradients step."""
    cfg = experiment.cfg
    if cfg.regularization is None or not cfg.rate:  # the engine adds nothing at rate 0
        return Template(training.STEP).substitute(with_penalty="", penalty="")
    penalty = Template(training.REGULARIZERS[cfg.regularization]).substitute(rate=repr(cfg.rate))
    step = Template(training.STEP).substitute(
        with_penalty=" with the penalty", penalty=training.PENALTY
    )
    return penalty + step


def _data(experiment: Experiment, output: str) -> str:
    """The train and test points with their labels, as the app split them."""
    cfg = experiment.cfg
    if experiment.uploaded is not None and cfg.dataset == "csv":
        source = "the uploaded CSV points, rescaled by the app into its [-6, 6] square"
    else:
        # A "csv" config without a file shows the circle, as the app does.
        name = "circle" if cfg.dataset == "csv" else cfg.dataset
        source = f"the {name} dataset, {cfg.points} points, noise {cfg.noise}%, seed {cfg.seed}"
    lines = [
        _section("The app's data"),
        f"# Points: {source}.\n",
        f"# Each row: x1, x2 and {LABEL_TEXT[output]}.\n",
        "# Training rows come in the app's order (its seeded split): the batches index them.\n",
    ]
    for title, part in (("TRAIN", experiment.train), ("TEST", experiment.test)):
        labels = part.y.astype(np.int64) if output == "softmax" else part.y  # classes as integers
        points = zip(part.X.tolist(), labels.tolist(), strict=True)
        rows = [[x1, x2, label] for (x1, x2), label in points]
        lines.append(f"{title} = np.array([  # ({len(rows)}, 3)\n")
        lines.extend(_row(row, 1) for row in rows)
        lines.append("])\n")
    return "".join(lines)


def _start(net: Network, initial_network: dict[str, Any] | None) -> str:
    """The weights and biases training started from: a loaded file's, or the seed's."""
    if initial_network is None:
        start = Network(net.sizes, list(net.activations), net.output, init=net.init, seed=net.seed)
        weights, biases = list(start.weights), list(start.biases)
        layer_functions = (*net.activations, net.output)
        inits = [net.init or default_initializer(name) for name in layer_functions]
        notes = [f": {INIT_TEXT[name]}" for name in inits]
        source = f"drawn by the app from seed {net.seed}; biases start at 0"
    else:
        weights, biases = initial_network["weights"], initial_network["biases"]
        notes = [""] * len(weights)
        source = "the weights file loaded into the app, which training continued from"
    lines = [
        _section("Starting weights and biases"),
        f"# {source[0].upper()}{source[1:]}.\n",
        "START_WEIGHTS = [\n",
    ]
    for layer, (matrix, note) in enumerate(zip(weights, notes, strict=True), start=1):
        matrix = np.asarray(matrix, dtype=np.float64)
        lines.append(f"    [  # W{layer} {matrix.shape}{note}\n")
        lines.extend(_row(row, 2) for row in matrix.tolist())
        lines.append("    ],\n")
    lines.append("]\nSTART_BIASES = [\n")
    for layer, vector in enumerate(biases, start=1):
        values = np.asarray(vector, dtype=np.float64).tolist()
        lines.append(_row(values, 1, comment=f"b{layer} ({len(values)},)"))
    lines.append("]\n")
    return "".join(lines)


def _row(values: list[Any], depth: int, comment: str = "") -> str:
    """One list literal, indented depth levels, wrapped before LINE_WIDTH; repr reads back exact."""
    indent = "    " * depth
    pieces = [repr(value) + "," for value in values]
    pieces[-1] = pieces[-1][:-1] + "],"
    lines, line = [], indent + "[" + pieces[0]
    for piece in pieces[1:]:
        if len(line) + 1 + len(piece) > LINE_WIDTH:
            lines.append(line)
            line = indent + " " + piece  # continuation lines align with the first value
        else:
            line += " " + piece
    lines.append(line + (f"  # {comment}" if comment else ""))
    return "\n".join(lines) + "\n"


def _list(name: str, items: list[str]) -> str:
    """An assignment of a list of names: on one line when it fits, else one name per line."""
    line = f"{name} = [{', '.join(items)}]"
    if len(line) <= LINE_WIDTH:
        return line
    return f"{name} = [\n" + "".join(f"    {item},\n" for item in items) + "]"


def _section(title: str) -> str:
    """A section rule of the script, as wide as the others."""
    return f"\n\n# --- {title} ".ljust(LINE_WIDTH + 2, "-") + "\n"
