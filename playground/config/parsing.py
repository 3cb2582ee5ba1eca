"""Forgiving text parsing and minimal formatting of settings for URLs and JSON files."""

from __future__ import annotations

import math
from collections.abc import Mapping

from playground.config.fields import FIELDS, FieldSpec, format_number

MAX_ECHO_CHARS = 40  # user text quoted in a warning is cut here so a warning stays one short line
MAX_LISTED = 5  # further problems of the same sort are folded into one summary line
TRUE_WORDS = ("true", "1", "yes", "on")
FALSE_WORDS = ("false", "0", "no", "off")
LIST_KINDS = ("names", "layers", "activation")

Parsed = tuple[object, list[str]]


def echo(text: str) -> str:
    """Return user text cut to a short length with control characters escaped."""
    head = text[: MAX_ECHO_CHARS + 1]  # never walk a huge string
    escaped = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in head
    )
    return escaped if len(escaped) <= MAX_ECHO_CHARS else escaped[:MAX_ECHO_CHARS] + "…"


def as_text(value: object) -> str:
    """Turn one raw value (str, None, number, anything) into text without raising."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        # str() of an int with thousands of digits raises; any such value is simply huge.
        if abs(value) < 10**100:
            return str(value)
        return "1e999" if value > 0 else "-1e999"
    try:
        return str(value)
    except Exception:  # a foreign object's __str__ may fail; the URL gate must never raise
        return "<unreadable value>"


def format_value(spec: FieldSpec, value: object) -> str:
    """Write a valid field value the way it appears in a URL."""
    if spec.kind == "compare":
        return ",".join(f"{name}:{text}" for name, text in value)
    if spec.kind == "drawn":
        return str(value)
    if spec.kind == "bool":
        return "true" if value else "false"
    if spec.kind == "snap":
        return format_number(value)
    if spec.kind == "layers":
        # "0" rather than "" because parse_qs drops blank values by default.
        return ",".join(str(width) for width in value) if value else "0"
    if spec.kind in ("names", "activation"):
        return ",".join(value)
    return str(value)


def capped(messages: list[str], summary: str) -> list[str]:
    """Keep the first few messages and fold the rest into one summary ({count} = folded)."""
    if len(messages) <= MAX_LISTED:
        return messages
    return messages[:MAX_LISTED] + [summary.format(count=len(messages) - MAX_LISTED)]


def gather(params: object) -> tuple[dict[str, str], list[str]]:
    """Map known field names to one raw text each; warn about unknown or repeated keys."""
    if not isinstance(params, Mapping):
        return {}, ["Settings must be name=value pairs; using the defaults."]
    texts: dict[str, list[str]] = {}
    unknown: list[str] = []
    for key, value in params.items():
        name = as_text(key).strip().lower()
        if name not in FIELDS:
            unknown.append(f"Unknown parameter '{echo(as_text(key))}' ignored.")
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        texts.setdefault(name, []).extend(as_text(item) for item in values)
    raw: dict[str, str] = {}
    warnings: list[str] = []
    for name, values in texts.items():
        if FIELDS[name].kind in LIST_KINDS:
            raw[name] = ",".join(values)  # features=x1&features=x2 means features=x1,x2
        elif values:
            if len(values) > 1:
                warnings.append(f"{name} was given {len(values)} times; using the last value.")
            raw[name] = values[-1]
    return raw, warnings + capped(unknown, "… and {count} more unknown parameters ignored.")


def parse_field(spec: FieldSpec, raw: str, default: object, layers: tuple[int, ...]) -> Parsed:
    """Parse one field's text; bad values fall back to the default, numbers are clamped."""
    if spec.kind == "layers":
        return _parse_layers(spec, raw, default)
    if spec.kind == "names":
        return _parse_names(spec, raw, default)
    if not raw.strip():
        return default, [f"{spec.name} has no value; using {format_value(spec, default)}."]
    if spec.kind == "activation":
        return _parse_activation(spec, raw, default, layers)
    if spec.kind == "choice":
        return _parse_choice(spec, raw, default)
    if spec.kind == "bool":
        word = raw.strip().lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS, []
        shown = format_value(spec, default)
        return default, [f"{spec.name}={echo(raw)} is not true or false; using {shown}."]
    if spec.kind == "snap":
        return _parse_snap(spec, raw, default)
    value, problem = _parse_whole(raw, spec.minimum, spec.maximum)
    if value is None:
        value = default
    return value, ([f"{spec.name}={echo(raw)} {problem}; using {value}."] if problem else [])


def _parse_choice(spec: FieldSpec, raw: str, default: object) -> Parsed:
    name = raw.strip().lower()
    if name in spec.options:
        return name, []
    options = ", ".join(spec.options)
    return default, [f"{spec.name}={echo(raw)} is not one of {options}; using {default}."]


def _parse_number(raw: str) -> float | None:
    """Read a number (1e309 -> inf); None for text that is not a number or is NaN."""
    try:
        number = float(raw)
    except ValueError:
        return None
    return None if math.isnan(number) else number


def _parse_whole(raw: str, minimum: float, maximum: float) -> tuple[int | None, str | None]:
    """Read a whole number clamped to bounds: (value or None if not a number, problem or None)."""
    number = _parse_number(raw)
    if number is None:
        return None, "is not a number"
    if number > maximum:
        return int(maximum), f"is above the maximum {maximum}"
    if number < minimum:
        return int(minimum), f"is below the minimum {minimum}"
    whole = math.floor(number + 0.5)
    return whole, (None if whole == number else "is not a whole number")


def _parse_snap(spec: FieldSpec, raw: str, default: float) -> Parsed:
    number = _parse_number(raw)
    options = spec.options
    if number is None:
        shown = format_number(default)
        return default, [f"{spec.name}={echo(raw)} is not a number; using {shown}."]
    if number > options[-1]:
        snapped, reason = options[-1], f"is above the maximum {format_number(options[-1])}"
    elif number < options[0]:
        snapped, reason = options[0], f"is below the minimum {format_number(options[0])}"
    else:
        snapped, reason = _nearest_option(number, options), "is not an allowed value"
    if snapped == number:
        return snapped, []
    return snapped, [f"{spec.name}={echo(raw)} {reason}; using {format_number(snapped)}."]


def _nearest_option(number: float, options: tuple[float, ...]) -> float:
    """Nearest allowed value on a log scale; 0 (if allowed) below half the smallest positive."""
    positives = [option for option in options if option > 0]
    if options[0] == 0 and number < positives[0] / 2:
        return 0.0
    return min(positives, key=lambda option: abs(math.log10(option) - math.log10(number)))


def _parse_layers(spec: FieldSpec, raw: str, default: tuple[int, ...]) -> Parsed:
    if raw.strip() in ("", "0"):
        return (), []
    pieces = raw.split(",")
    warnings = []
    if len(pieces) > spec.max_items:
        warnings.append(
            f"layers={echo(raw)} lists {len(pieces)} hidden layers, more than the maximum "
            f"{spec.max_items}; keeping the first {spec.max_items}."
        )
        pieces = pieces[: spec.max_items]
    widths = []
    problems: dict[str, int] = {}  # the same fix for several layers is said once
    for piece in pieces:
        width, problem = _parse_whole(piece, spec.minimum, spec.maximum)
        if width is None:
            shown = format_value(spec, default)
            return default, [f"layers={echo(raw)} is not a comma list of numbers; using {shown}."]
        widths.append(width)
        if problem:
            message = f"layers: width {echo(piece.strip())} {problem}; using {width}"
            problems[message] = problems.get(message, 0) + 1
    for message, count in problems.items():
        warnings.append(f"{message} ({count} layers)." if count > 1 else f"{message}.")
    return tuple(widths), warnings


def _parse_names(spec: FieldSpec, raw: str, default: tuple[str, ...]) -> Parsed:
    chosen: list[str] = []
    problems: list[str] = []
    for piece in raw.split(","):
        name = piece.strip().lower()
        if not name:
            continue
        if name not in spec.options:
            problems.append(f"{spec.name}: unknown name '{echo(piece.strip())}' ignored.")
        elif name in chosen:
            problems.append(f"{spec.name}: {name} is listed twice; the repeat is ignored.")
        else:
            chosen.append(name)
    warnings = capped(problems, spec.name + ": … and {count} more names ignored.")
    if len(chosen) < spec.min_items:
        shown = ", ".join(default)
        return default, [*warnings, f"{spec.name}: no valid name was given; using {shown}."]
    return tuple(chosen), warnings


def _parse_activation(
    spec: FieldSpec, raw: str, default: tuple[str, ...], layers: tuple[int, ...]
) -> Parsed:
    names = [piece.strip().lower() for piece in raw.split(",")]
    warnings = []
    if len(names) not in (1, len(layers)):
        warnings.append(
            f"activation={echo(raw)} names {len(names)} activations for {len(layers)} "
            f"hidden layers; using the first one for all."
        )
        names = names[:1]
    chosen = []
    for name in names:
        if name in spec.options:
            chosen.append(name)
        else:
            options = ", ".join(spec.options)
            warnings.append(f"activation={echo(name)} is not one of {options}; using {default[0]}.")
            chosen.append(default[0])
    return tuple(chosen), warnings
