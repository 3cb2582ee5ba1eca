"""The typed playground settings: the one gate between the URL (or a JSON file) and the app."""

from __future__ import annotations

import dataclasses
import json
from typing import ClassVar
from urllib.parse import urlencode

from playground.config import compare
from playground.config.drawn import Drawing
from playground.config.fields import (
    ACTIVATION_NAMES,
    DATASET_NAMES,
    DATASET_TASKS,
    FEATURE_NAMES,
    FIELDS,
    HIDEABLE_CONTROLS,
    INITIALIZER_NAMES,
    LEARNING_RATES,
    MAX_HIDDEN_LAYERS,
    MAX_LAYER_WIDTH,
    MODES,
    OPTIMIZER_NAMES,
    REGULARIZATION_RATES,
    REGULARIZER_NAMES,
    FieldSpec,
    normalize_value,
    problem_with,
)
from playground.config.parsing import echo, format_value, gather, parse_field

__all__ = [
    "ACTIVATION_NAMES",
    "DATASET_NAMES",
    "DATASET_TASKS",
    "FEATURE_NAMES",
    "FIELDS",
    "HIDEABLE_CONTROLS",
    "INITIALIZER_NAMES",
    "LEARNING_RATES",
    "MAX_HIDDEN_LAYERS",
    "MAX_LAYER_WIDTH",
    "MODES",
    "OPTIMIZER_NAMES",
    "REGULARIZATION_RATES",
    "REGULARIZER_NAMES",
    "Config",
    "FieldSpec",
]


@dataclasses.dataclass(frozen=True)
class Config:
    """All playground settings; field names are URL parameters and widget keys."""

    FIELDS: ClassVar[dict[str, FieldSpec]] = FIELDS

    dataset: str = "circle"
    noise: int = 0
    train: int = 50
    points: int = 500
    seed: int = 0
    classes: int = 3
    features: tuple[str, ...] = ("x1", "x2")
    layers: tuple[int, ...] = (4, 2)
    activation: tuple[str, ...] = ("tanh",)
    lr: float = 0.03
    optimizer: str = "sgd"
    batch: int = 10
    reg: str = "none"
    rate: float = 0.0
    init: str = "auto"
    test: bool = False
    discrete: bool = False
    speed: int = 25
    hide: tuple[str, ...] = ()
    mode: str = "normal"
    drawn: str = ""
    compare: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        """Normalize container and number types, then reject any value out of bounds."""
        for spec in FIELDS.values():
            value = normalize_value(spec, getattr(self, spec.name))
            object.__setattr__(self, spec.name, value)  # frozen: only way to store normalized value
            problem = problem_with(spec, value)
            if problem:
                raise ValueError(f"Config.{spec.name} {problem}; got {echo(repr(value))}.")
        if len(self.activation) not in (1, len(self.layers)):
            raise ValueError(
                f"Config.activation must name one activation or one per hidden layer "
                f"({len(self.layers)}); got {len(self.activation)}."
            )
        problem = compare.problem(self.compare, self.layers)
        if problem:
            raise ValueError(f"Config.compare {problem}; got {echo(repr(self.compare))}.")

    @classmethod
    def from_query(cls, params: object) -> tuple[Config, list[str]]:
        """Build a valid config from URL parameters, with one warning per ignored or fixed value."""
        raw, warnings = gather(params)
        defaults = cls()
        values: dict[str, object] = {}
        for spec in FIELDS.values():
            if spec.name not in raw:
                continue
            layers = values.get("layers", defaults.layers)
            default = getattr(defaults, spec.name)
            if spec.kind == "compare":
                value, problems = compare.parse(raw[spec.name], layers)
            elif spec.kind == "drawn":
                drawing, problems = Drawing.decode(raw[spec.name])
                value = drawing.encode()
            else:
                value, problems = parse_field(spec, raw[spec.name], default, layers)
            values[spec.name] = value
            warnings.extend(problems)
        cfg = cls(**values)
        if cfg.compare and cfg.compared() == cfg.replace(compare=()):
            warnings.append("compare: the second run would be the same as the first; not shown.")
            cfg = cfg.replace(compare=())
        return cfg, warnings

    def compared(self) -> Config | None:
        """The second run of a comparison: this config with the compare settings; else None."""
        if not self.compare:
            return None
        query = {**self.to_query(), **dict(self.compare)}
        query.pop("compare", None)
        return Config.from_query(query)[0]

    @property
    def drawing(self) -> Drawing:
        """The points drawn by hand (empty unless the dataset is drawn)."""
        return Drawing.decode(self.drawn)[0]

    @classmethod
    def from_tensorflow_playground(cls, link: str) -> tuple[Config, list[str]]:
        """Build a config from a TensorFlow Playground link or its #… part; never raises."""
        from playground.config import tfp  # tfp builds on Config, so it is imported when used

        return tfp.from_link(link)

    def to_query(self) -> dict[str, str]:
        """Return the URL parameters of the fields that differ from the defaults."""
        defaults = Config()
        return {
            spec.name: format_value(spec, getattr(self, spec.name))
            for spec in FIELDS.values()
            if getattr(self, spec.name) != getattr(defaults, spec.name)
        }

    def share_url(self, base: str) -> str:
        """Return base plus the query string of this config, keeping commas readable."""
        query = urlencode(self.to_query(), safe=",")
        if not query:
            return base
        return base + ("&" if "?" in base else "?") + query

    def to_json(self) -> str:
        """Return every field as a readable JSON object for export (compare as its URL text)."""
        data = dataclasses.asdict(self)
        data["compare"] = format_value(FIELDS["compare"], self.compare)
        return json.dumps(data, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> tuple[Config, list[str]]:
        """Read an exported JSON object like a query; bad JSON gives the defaults and a warning."""
        try:
            data = json.loads(text)
        except (TypeError, ValueError, RecursionError) as error:
            reason = echo(str(error))
            return cls(), [f"The settings file is not valid JSON ({reason}); using the defaults."]
        if not isinstance(data, dict):
            return cls(), ["The settings file must hold one JSON object; using the defaults."]
        return cls.from_query(data)

    def replace(self, **changes: object) -> Config:
        """Return a copy with some fields changed; ValueError for unknown fields or bad values."""
        unknown = sorted(set(changes) - set(FIELDS))
        if unknown:
            raise ValueError(f"Config has no field {', '.join(unknown)}.")
        return dataclasses.replace(self, **changes)

    def with_layers(self, layers: tuple[int, ...]) -> Config:
        """Change the hidden layers and keep per-layer activations aligned (repeat the last one)."""
        activation = self.activation
        if len(activation) > 1:
            padded = activation + activation[-1:] * len(layers)
            activation = padded[: max(len(layers), 1)]
        return self.replace(layers=tuple(layers), activation=activation)

    @property
    def hidden_activations(self) -> tuple[str, ...]:
        """Return one activation name per hidden layer."""
        if len(self.activation) == 1:
            return self.activation * len(self.layers)
        return self.activation

    @property
    def regularization(self) -> str | None:
        """Return the engine's name for the penalty: None when the config says none."""
        return None if self.reg == "none" else self.reg

    def data_key(self) -> tuple:
        """Return the fields that define the data; a change means new data."""
        drawn = self.drawn if self.dataset == "drawn" else ""
        return (self.dataset, self.noise, self.train, self.points, self.seed, self.classes, drawn)

    def architecture_key(self) -> tuple:
        """Return the fields that shape the network and its initial weights, data aside."""
        return (self.features, self.layers, self.hidden_activations, self.init)

    def network_key(self) -> tuple:
        """Return the fields that require a freshly initialized network when they change."""
        return (*self.data_key(), *self.architecture_key())
