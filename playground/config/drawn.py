"""Points drawn by hand, as one compact URL value: bounded, canonical, never raising.

Text: a task letter (c: two classes, r: a numeric target), a split letter (m: each point marked
train or test, p: split by the training % like generated data), then base64url of 5 bytes per
point: x1 and x2 as little-endian uint16 hundredths above -6 (0..1200), and a label byte whose
top bit marks a test point and whose low 7 bits hold the class (0, 1) or the target level 0..100
(target = level / 50 - 1). 500 points fit in about 3,300 characters.
"""

from __future__ import annotations

import base64
import binascii
import math
import struct
from dataclasses import dataclass

MAX_POINTS = 500
RANGE = 6.0  # the input plane is [-6, 6]^2
STEPS = 1200  # coordinates in hundredths: 0..1200
LEVELS = 100  # regression targets in steps of 0.02 over [-1, 1]
TASK_LETTERS = {"c": "binary", "r": "regression"}
SPLIT_LETTERS = {"m": "marked", "p": "percent"}
_RECORD = struct.Struct("<HHB")
_TEST_BIT = 0x80

Point = tuple[float, float, float, bool]  # x1, x2, class or target, is a test point


def _letter(table: dict[str, str], name: str) -> str:
    return next(letter for letter, full in table.items() if full == name)


def _coordinate(value: float) -> int:
    """A coordinate as hundredths above -6, clamped to the plane."""
    return min(STEPS, max(0, round((value + RANGE) * 100)))


def _position(hundredths: int) -> float:
    return round(min(hundredths, STEPS) / 100 - RANGE, 2)


def _target(level: int) -> float:
    return round(min(level, LEVELS) * 2 / LEVELS - 1, 2)


def _level(target: float) -> int:
    return min(LEVELS, max(0, round((target + 1.0) * LEVELS / 2)))


@dataclass(frozen=True)
class Drawing:
    """A drawn data set: its task, how it splits into train and test, and its points."""

    task: str = "binary"
    split: str = "marked"
    points: tuple[Point, ...] = ()

    def encode(self) -> str:
        """The URL text of this drawing (empty text for an empty two-class drawing)."""
        if self == Drawing():
            return ""
        records = b"".join(
            _RECORD.pack(
                _coordinate(x1),
                _coordinate(x2),
                (_TEST_BIT if test else 0)
                | (int(label) if self.task == "binary" else _level(label)),
            )
            for x1, x2, label, test in self.points
        )
        payload = base64.urlsafe_b64encode(records).decode("ascii").rstrip("=")
        return _letter(TASK_LETTERS, self.task) + _letter(SPLIT_LETTERS, self.split) + payload

    @classmethod
    def decode(cls, text: str) -> tuple[Drawing, list[str]]:
        """Read URL text; a damaged or cut part is dropped or fixed, with one warning each."""
        text = text.strip()
        if not text:
            return cls(), []
        task, split = TASK_LETTERS.get(text[:1]), SPLIT_LETTERS.get(text[1:2])
        if task is None or split is None:
            return cls(), [
                "drawn: the drawing's text is not a drawing; starting from an empty one."
            ]
        payload = text[2 : 2 + 4 * ((MAX_POINTS + 1) * _RECORD.size + 2) // 3]  # bounded work
        try:
            padded = payload + "=" * (-len(payload) % 4)
            raw = base64.b64decode(padded, altchars=b"-_", validate=True)
        except (binascii.Error, ValueError):
            return cls(task, split), ["drawn: the points are not readable; none were kept."]
        warnings: list[str] = []
        usable = len(raw) - len(raw) % _RECORD.size
        bounded = len(text) - 2 > len(payload)  # more than MAX_POINTS: the rest was not read
        if usable != len(raw) and not bounded:
            warnings.append("drawn: the last point was cut off (a shortened link); it is dropped.")
        count = usable // _RECORD.size
        if count > MAX_POINTS:  # the text was cut just past the limit: there were more
            warnings.append(f"drawn: more than {MAX_POINTS} points; the first {MAX_POINTS} kept.")
            count = MAX_POINTS
        points: list[Point] = []
        fixed = dropped = 0
        for x1, x2, byte in _RECORD.iter_unpack(raw[: count * _RECORD.size]):
            test, value = bool(byte & _TEST_BIT), byte & ~_TEST_BIT
            if task == "binary" and value > 1:
                dropped += 1
                continue
            fixed += (x1 > STEPS) + (x2 > STEPS) + (task == "regression" and value > LEVELS)
            label = float(value) if task == "binary" else _target(value)
            points.append((_position(x1), _position(x2), label, test))
        if dropped:
            warnings.append(f"drawn: {dropped} points had no class 0 or 1; they are dropped.")
        if fixed:
            warnings.append(f"drawn: {fixed} values were outside the plane; they are clamped.")
        return cls(task, split, tuple(points)), warnings

    def with_point(self, x1: float, x2: float, label: float, test: bool) -> Drawing:
        """This drawing with one more point, stored as the URL keeps it (hundredths, levels)."""
        if len(self.points) >= MAX_POINTS:
            raise ValueError(f"a drawing holds at most {MAX_POINTS} points")
        if not (math.isfinite(x1) and math.isfinite(x2) and math.isfinite(label)):
            raise ValueError("a point needs finite coordinates and label")
        stored = _position(_coordinate(x1)), _position(_coordinate(x2))
        if self.task == "binary":
            if label not in (0, 1):
                raise ValueError("a drawn point's class is 0 or 1")
            value = float(label)
        else:
            value = _target(_level(label))
        return Drawing(self.task, self.split, (*self.points, (*stored, value, bool(test))))

    def without_nearest(self, x1: float, x2: float, radius: float = 0.5) -> Drawing:
        """This drawing without the point nearest to (x1, x2), if one lies within radius."""
        if not self.points:
            return self
        distances = [(px - x1) ** 2 + (py - x2) ** 2 for px, py, _, _ in self.points]
        nearest = min(range(len(distances)), key=distances.__getitem__)
        if distances[nearest] > radius**2:
            return self
        return Drawing(self.task, self.split, self.points[:nearest] + self.points[nearest + 1 :])
