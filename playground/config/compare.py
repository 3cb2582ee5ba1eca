"""A second run beside the first: which settings differ, as one URL value (compare=lr:0.1,...).

Each entry is `setting:value`; a value may hold commas of its own (layers:4,2 or
activation:relu,tanh): a piece without a colon continues the entry before it. Only settings
that change the network or its training can differ; data and features stay shared, so both runs
see the same points in the same mini-batch order.
"""

from __future__ import annotations

from playground.config.fields import FIELDS
from playground.config.parsing import echo, format_value, parse_field

COMPARABLE = ("layers", "activation", "init", "lr", "optimizer", "batch", "reg", "rate")
MAX_CHARS = 400  # a compare value longer than this is cut: a link cannot ask for unbounded work

Pairs = tuple[tuple[str, str], ...]


def parse(raw: str, layers: tuple[int, ...]) -> tuple[Pairs, list[str]]:
    """Validated (setting, value) pairs in a fixed order; one warning per entry fixed or dropped."""
    entries: list[list[str]] = []
    warnings: list[str] = []
    for piece in raw[:MAX_CHARS].split(","):
        if ":" in piece:
            name, value = piece.split(":", 1)
            entries.append([name.strip().lower(), value])
        elif entries:
            entries[-1][1] += "," + piece
        elif piece.strip():
            warnings.append(f"compare: {echo(piece.strip())} is not setting:value; ignored.")
    chosen: dict[str, str] = {}
    for name, value in entries:
        if name not in COMPARABLE:
            allowed = ", ".join(COMPARABLE)
            warnings.append(f"compare: {echo(name)} cannot differ between the runs ({allowed}).")
            continue
        if name in chosen:
            warnings.append(f"compare: {name} is given twice; the last one counts.")
        chosen[name] = value
    pairs = []
    for name in COMPARABLE:  # layers first: the activation list is checked against them
        if name not in chosen:
            continue
        spec = FIELDS[name]
        right_layers = _layers(dict(pairs), layers)
        value, problems = parse_field(spec, chosen[name], _default(name), right_layers)
        warnings += [f"compare: {problem}" for problem in problems]
        pairs.append((name, format_value(spec, value)))
    return tuple(pairs), warnings


def _default(name: str) -> object:
    from playground.config import Config  # Config's fields use this module: import when used

    return getattr(Config(), name)


def _layers(pairs: dict[str, str], layers: tuple[int, ...]) -> tuple[int, ...]:
    text = pairs.get("layers")
    if text is None:
        return layers
    return () if text == "0" else tuple(int(width) for width in text.split(","))


def to_text(pairs: Pairs) -> str:
    """The URL value: compare=layers:4,2,lr:0.1."""
    return ",".join(f"{name}:{value}" for name, value in pairs)


def problem(pairs: object, layers: tuple[int, ...]) -> str | None:
    """What is wrong with a programmatic value, or None: it must be what parse() makes of it."""
    shaped = isinstance(pairs, tuple) and all(
        isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        for pair in pairs
    )
    if not shaped:
        return "must be a tuple of (setting, value) text pairs"
    parsed, warnings = parse(to_text(pairs), layers)
    if warnings or parsed != pairs:
        return f"must be valid settings in the order {', '.join(COMPARABLE)}"
    return None
