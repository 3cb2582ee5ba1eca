"""Open a TensorFlow Playground link: its #… state, as its src/state.ts writes it, via the gate."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote

from playground.config import Config
from playground.config.fields import FIELDS, HIDEABLE_CONTROLS, MAX_HIDDEN_LAYERS
from playground.config.parsing import as_text, capped, echo

MAX_LINK_CHARS = 4000  # a full link with every setting and hide flag is about 1,500 characters
REGRESSION_POINTS = 1200  # TensorFlow Playground draws 1200 points for regression, 500 otherwise

# TensorFlow Playground's option names (its keyMaps) -> ours.
ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "linear": "linear"}
REGULARIZATIONS = {"none": "none", "L1": "l1", "L2": "l2"}
PROBLEMS = {"classification": "classification", "regression": "regression"}
DATASETS = {"circle": "circle", "xor": "xor", "gauss": "gauss", "spiral": "spiral"}
REG_DATASETS = {"reg-plane": "plane", "reg-gauss": "bumps"}
UNAVAILABLE_REG_DATASETS = ("reg-maximum", "reg-argmax")  # in newer versions of its source only
CHOICES = {  # parameter -> (options, its default there)
    "activation": (ACTIVATIONS, "tanh"),
    "regularization": (REGULARIZATIONS, "none"),
    "problem": (PROBLEMS, "classification"),
    "dataset": (DATASETS, "circle"),
    "regDataset": (REG_DATASETS, "reg-plane"),
}
FEATURES = {
    "x": "x1",
    "y": "x2",
    "xSquared": "x1sq",
    "ySquared": "x2sq",
    "xTimesY": "x1x2",
    "sinX": "sinx1",
    "sinY": "sinx2",
}
DEFAULT_FEATURES = ("x", "y")
NUMBERS = {
    "learningRate": "lr",
    "regularizationRate": "rate",
    "batchSize": "batch",
    "noise": "noise",  # percent there as here
    "percTrainData": "train",
}
FLAGS = ("showTestData", "discretize", "initZero", "cosX", "cosY")
SILENT = ("collectStats", "hideText")  # page chrome and statistics: nothing of the experiment
# <name>_hide=true -> the control hidden here. The problem type is part of the dataset choice here,
# so problem_hide hides the dataset control; numHiddenLayers_hide hides the layers control;
# numNodes<k>_hide hides the neuron +/- buttons of hidden layer k (counted from 1, as there).
HIDES = {
    "learningRate": "lr",
    "activation": "activation",
    "regularization": "reg",
    "regularizationRate": "rate",
    "problem": "dataset",
    "dataset": "dataset",
    "percTrainData": "train",
    "noise": "noise",
    "batchSize": "batch",
    "numHiddenLayers": "layers",
    "showTestData": "test",
    "discretize": "discrete",
    "playButton": "play",
    "stepButton": "step",
    "resetButton": "reset",
    **{f"numNodes{k}": f"neurons{k}" for k in range(1, MAX_HIDDEN_LAYERS + 1)},
}
_HIDE_BASES = (*HIDES, *FEATURES, "cosX", "cosY")  # hiding an input removes it from the network
_PARAMETERS = (*CHOICES, *FEATURES, *NUMBERS, *FLAGS, *SILENT, "networkShape", "seed", "tutorial")
_KNOWN = frozenset((*_PARAMETERS, *(base + "_hide" for base in _HIDE_BASES)))  # case matters there
_ESCAPED_AMPERSAND = re.compile(r"&(?:amp;)+", re.IGNORECASE)  # HTML source, maybe escaped twice
_ENCODED_SEPARATOR = re.compile(r"%(?:23|26|3d)", re.IGNORECASE)  # '#', '&' or '=' encoded
_NUMBER_START = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d*)?(?:[eE][-+]?)?")
_SEED_DIGITS = re.compile(r"(?:0?\.)?([0-9]{1,6})")  # its seeds look like 0.12345


def from_link(link: object) -> tuple[Config, list[str]]:
    """Build a config from a TensorFlow Playground link or its #… part; never raises."""
    text = as_text(link)
    return _from_text(text[:MAX_LINK_CHARS], too_long=len(text) > MAX_LINK_CHARS)


def from_tfp_parameter(value: object) -> tuple[Config, list[str]]:
    """Read the app's ?tfp= value: a link's #… part, perhaps percent-encoded once more."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""  # a repeated URL parameter: the last one counts
    text = as_text(value)
    head = text[: 3 * MAX_LINK_CHARS]  # an encoded character takes at most three
    if _ENCODED_SEPARATOR.search(head):
        head = unquote(head)
    too_long = len(text) > 3 * MAX_LINK_CHARS or len(head) > MAX_LINK_CHARS
    return _from_text(head[:MAX_LINK_CHARS], too_long=too_long)


def seed_from_text(text: str) -> int:
    """Turn the link's seed text into a seed here: 0.12345 -> 12345, other text by a stable hash."""
    limit = int(FIELDS["seed"].maximum)
    match = _SEED_DIGITS.fullmatch(text)
    if match and int(match.group(1)) <= limit:
        return int(match.group(1))
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") % (limit + 1)


def _from_text(text: str, too_long: bool) -> tuple[Config, list[str]]:
    """Read a link already cut to MAX_LINK_CHARS; too_long says whether it had to be cut."""
    warnings = [f"The link is longer than {MAX_LINK_CHARS} characters; only its start was read."]
    warnings = warnings if too_long else []
    text = re.sub(r"\s+", "", text)  # a link wrapped over lines in slides or a PDF
    text = _ESCAPED_AMPERSAND.sub("&", text)
    fragment = _fragment(text)
    if not fragment.strip("&"):
        warnings.append("The link holds no settings; using TensorFlow Playground's defaults.")
    raw, problems = _read_pieces(fragment)
    query, sources = _translate(raw, problems)
    config, gate_warnings = Config.from_query(query)
    return config, warnings + problems + [_relabel(warning, sources) for warning in gate_warnings]


def _fragment(text: str) -> str:
    """The state part of a link: after '#', or all of it unless it is a page address."""
    if "#" in text:
        return text.split("#", 1)[1]
    return "" if "/" in text else text  # no setting there holds a '/'


def _read_pieces(fragment: str) -> tuple[dict[str, str], list[str]]:
    """One text per known name (the last one wins, as there); warn about the rest."""
    texts: dict[str, list[str]] = {}
    warnings: list[str] = []
    unknown: dict[str, None] = {}  # each unknown name once, in order
    pieces = fragment.split("&")
    for index, piece in enumerate(pieces):
        if not piece:
            continue
        key, has_value, value = piece.partition("=")
        key, value = unquote(key), unquote(value.split("=", 1)[0])  # there: text up to a second =
        name = key if key in _KNOWN else None
        if index == len(pieces) - 1:
            value, cut = _read_cut(name, key, value, has_value)
            if cut:
                warnings.append(f"The link is cut off at '{echo(piece)}'; {cut}.")
                if value is None:
                    continue
        if name is None:
            if not key.endswith("_hide") or value == "true":  # any other *_hide is off there
                unknown[key or piece] = None
        elif not value.strip() and name not in (*SILENT, "networkShape"):
            warnings.append(f"{name} has no value; ignored.")
        else:
            texts.setdefault(name, []).append(value.strip())
    for name, values in texts.items():
        if len(values) > 1:
            warnings.append(f"{name} was given {len(values)} times; using the last value.")
    listed = [f"'{echo(key)}' is not a TensorFlow Playground setting; ignored." for key in unknown]
    warnings += capped(listed, "… and {count} more unknown settings ignored.")
    return {name: values[-1] for name, values in texts.items()}, warnings


def _read_cut(name: str | None, key: str, value: str, has_value: str) -> tuple[str | None, str]:
    """For the last piece: (the value to use or None, what was done if the link looks cut off)."""
    dropped = "that setting was ignored"
    if not has_value:
        started = any(known.startswith(key) for known in _KNOWN)
        return (None, dropped) if started else (value, "")
    if name is None or name in SILENT or name in ("seed", "tutorial"):
        return value, ""
    if not value:
        return None, dropped
    if name == "networkShape":
        kept = value.rstrip(",")  # a width was cut: keep the widths before it
        if kept == value:
            return value, ""
        return (kept, f"read networkShape as {echo(kept)}") if kept else (None, dropped)
    if name in CHOICES:
        options = CHOICES[name][0]
        started = value not in options and any(option.startswith(value) for option in options)
    elif name in NUMBERS:
        started = _number(value) is None and _NUMBER_START.fullmatch(value) is not None
    else:  # a true/false flag there
        started = value not in ("true", "false") and any(
            word.startswith(value) for word in ("true", "false")
        )
    return (None, dropped) if started else (value, "")


def _translate(raw: dict[str, str], warnings: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Our query and the link parameter behind each gate-checked field; appends to warnings."""

    def choice(name: str) -> str:
        options, default = CHOICES[name]
        text = raw.get(name, default)
        found = options.get(text, "")
        if text in UNAVAILABLE_REG_DATASETS:
            warnings.append(f"{name}={echo(text)} has no counterpart here; using {default}.")
        elif not found:
            listed = ", ".join(options)
            warnings.append(f"{name}={echo(text)} is not one of {listed}; using {default}.")
        return found or options[default]

    def flag(name: str, default: bool) -> bool:
        text = raw.get(name)
        if text is None:
            return default
        if text not in ("true", "false"):
            warnings.append(f"{name}={echo(text)} counts as true (only false is false there).")
        return text != "false"

    regression = choice("problem") == "regression"
    query = {
        "dataset": choice("regDataset" if regression else "dataset"),
        "activation": choice("activation"),
        "reg": choice("regularization"),
        "init": "zeros" if flag("initZero", False) else "uniform",  # its weights: uniform ±0.5
        "test": str(flag("showTestData", False)).lower(),
        "discrete": str(flag("discretize", False)).lower(),
    }
    if regression:
        query["points"] = str(REGRESSION_POINTS)
    features = [name for name in FEATURES if flag(name, name in DEFAULT_FEATURES)]
    for name in ("cosX", "cosY"):
        if raw.get(name, "false") != "false":
            warnings.append(f"{name} has no counterpart here (no cos feature); ignored.")
    if "tutorial" in raw:
        warnings.append(f"tutorial={echo(raw['tutorial'])} has no counterpart here; ignored.")
    hidden = _hidden_controls(raw, features, warnings)
    if not features:
        warnings.append("The link turns every input feature off; using x and y.")
        features = list(DEFAULT_FEATURES)
    query["features"] = ",".join(FEATURES[name] for name in features)
    query["hide"] = ",".join(name for name in HIDEABLE_CONTROLS if name in hidden)
    if "seed" in raw:
        query["seed"] = str(seed_from_text(raw["seed"]))
    passed = {**NUMBERS, "networkShape": "layers"}  # left to the gate: its bounds, its warnings
    sources = {ours: theirs for theirs, ours in passed.items() if theirs in raw}
    query.update({ours: raw[theirs] for ours, theirs in sources.items()})
    return query, sources


def _hidden_controls(raw: dict[str, str], features: list[str], warnings: list[str]) -> set[str]:
    """Our names of the controls the link hides; a hidden input is taken out of the network."""
    hidden = set()
    for name, text in raw.items():
        base = name.removesuffix("_hide")
        if base == name:
            continue
        if text != "true":
            if text != "false":
                warnings.append(f"{name}={echo(text)} does not hide (only true hides there).")
        elif base in HIDES:
            hidden.add(HIDES[base])
        elif base in features:
            features.remove(base)
            warnings.append(f"{name}=true: inputs cannot be hidden here; {base} is turned off.")
    return hidden


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _relabel(warning: str, sources: dict[str, str]) -> str:
    """Name the parameter of the link in a warning of the gate (lr=… -> learningRate=…)."""
    match = re.match("[a-z]+", warning)
    if match and match.group() in sources:
        return sources[match.group()] + warning[match.end() :]
    return warning
