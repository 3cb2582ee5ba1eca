"""Drawing data by hand on the output view: the browser's draw actions turned into a new config.

A drawing is part of the config (its `drawn` text travels in the share link); each action returns
the config with the drawing changed, or None with a notice when the action cannot be done.
"""

from __future__ import annotations

import math
from typing import Any

from playground.config import Config
from playground.config.drawn import MAX_POINTS, Drawing
from playground.experiment import Experiment

ERASE_RADIUS = 0.4  # a click this close to a point (input units) erases it
DRAWABLE_TASKS = ("binary", "regression")


def apply(experiment: Experiment, action: dict[str, Any]) -> tuple[Config | None, list[str]]:
    """The config after a draw action (None: nothing changes) and notices for the student."""
    cfg, kind = experiment.cfg, action.get("type")
    if kind == "draw_start":
        return _start(experiment, action)
    if cfg.dataset != "drawn":
        return None, ["Press Draw on the output view first."]
    drawing = cfg.drawing
    if kind == "draw_add":
        x1, x2, label = (_number(action.get(key)) for key in ("x1", "x2", "label"))
        if len(drawing.points) >= MAX_POINTS:
            return None, [
                f"A drawing holds at most {MAX_POINTS} points (they travel in the link). "
                "For more, download the data (Export tab) and upload it as a CSV file."
            ]
        try:
            drawing = drawing.with_point(x1, x2, label, bool(action.get("test")))
        except ValueError as error:
            return None, [f"The point was not added: {error}."]
    elif kind == "draw_remove":
        drawing = drawing.without_nearest(
            _number(action.get("x1")), _number(action.get("x2")), ERASE_RADIUS
        )
    elif kind == "draw_clear":
        drawing = Drawing(drawing.task, drawing.split)
    elif kind == "draw_split":
        split = "percent" if action.get("split") == "percent" else "marked"
        drawing = Drawing(drawing.task, split, drawing.points)
    else:
        return None, []
    return cfg.replace(drawn=drawing.encode()), []


def _start(experiment: Experiment, action: dict[str, Any]) -> tuple[Config | None, list[str]]:
    """Begin drawing: from the points shown now, or on an empty plane of the chosen task."""
    cfg = experiment.cfg
    notices: list[str] = []
    if action.get("from") == "current" and experiment.task in DRAWABLE_TASKS:
        drawing = Drawing(experiment.task, "marked")
        parts = ((experiment.train, False), (experiment.test, True))
        rows = [
            (x1, x2, y, test)
            for part, test in parts
            for (x1, x2), y in zip(part.X, part.y, strict=True)
        ]
        if len(rows) > MAX_POINTS:
            notices.append(f"The drawing keeps the first {MAX_POINTS} of the {len(rows)} points.")
        for x1, x2, y, test in rows[:MAX_POINTS]:
            label = float(y) if experiment.task == "binary" else max(-1.0, min(1.0, float(y)))
            drawing = drawing.with_point(float(x1), float(x2), label, test)
    else:
        if action.get("from") == "current":
            notices.append("A drawing has two classes or a numeric target; it starts empty.")
        task = "regression" if action.get("task") == "regression" else "binary"
        drawing = Drawing(task, "marked")
    return cfg.replace(dataset="drawn", drawn=drawing.encode()), notices


def _number(value: object) -> float:
    """A coordinate or label from the browser; anything else is NaN (and refused later)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return math.nan
    return float(value)
