"""Read an uploaded CSV of points (x1, x2, label or target) into a Dataset, or say what is wrong.

Every problem raises DatasetError naming the line (counted as in a text editor, header included) and
the column. Nothing in the file is evaluated: fields are matched against a number pattern only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import numpy as np

from engine.csv_parse import (
    DEFAULT_COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    Row,
    Source,
    decode,
    parse_number,
    read_bytes,
    split_rows,
)
from engine.dataset_base import VIEW_RADIUS, Dataset, DatasetError

__all__ = [
    "DEFAULT_COLUMNS",
    "MAX_BYTES",
    "MAX_CLASSES",
    "MAX_ROWS",
    "Labels",
    "Source",
    "from_csv",
]

MAX_CLASSES = 10


def _check_width(line: int, fields: list[str]) -> None:
    """Refuse a row without exactly three columns."""
    if len(fields) == len(DEFAULT_COLUMNS):
        return
    found = f"line {line} has {len(fields)} column{'s' if len(fields) != 1 else ''}"
    hint = " separated by commas, semicolons or tabs" if len(fields) == 1 else ""
    raise DatasetError(f"{found}; expected 3 (x1, x2, label){hint}")


def _describe(line: int, column: int, names: tuple[str, ...]) -> str:
    """Where a value sits: 'line 4, column 2 (x2)'."""
    return f"line {line}, column {column + 1} ({names[column]})"


def _quote(field: str) -> str:
    """The field as shown in a message, shortened if long."""
    return repr(field if len(field) <= 30 else field[:27] + "...")


def _value(field: str, where: str, decimal_comma: bool) -> float:
    """A finite number from a field, or a DatasetError saying where it is not."""
    if not field:
        raise DatasetError(f"{where}: the value is missing")
    value = parse_number(field, decimal_comma)
    if value is None:
        raise DatasetError(f"{where}: {_quote(field)} is not a number")
    if not np.isfinite(value):
        raise DatasetError(f"{where}: {_quote(field)} is not a finite number (NaN or infinity)")
    return value


def _rescale(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Min-max map values (n,) onto [low, high]; a constant column goes to the middle."""
    # work with halves: max - min of finite doubles such as +-1e308 would overflow to infinity
    half_min, half_max = values.min() / 2, values.max() / 2
    half_spread = half_max - half_min
    if half_spread == 0:
        return np.full_like(values, (low + high) / 2)
    return low + (values / 2 - half_min) / half_spread * (high - low)


class Labels(NamedTuple):
    """What the third column holds: targets y (n,), the task, class names, and for a numeric
    target its original range and a note on why it was read as one."""

    y: np.ndarray
    task: str
    class_names: tuple[str, ...]
    target_range: tuple[float, float] | None = None
    note: str = ""


def _labels(rows: list[Row], names: tuple[str, ...], decimal_comma: bool) -> Labels:
    """Targets y (n,), the task and the class names from the third column."""
    fields = [row_fields[2] for _, row_fields in rows]
    missing = next((line for line, row_fields in rows if not row_fields[2]), None)
    if missing is not None:
        raise DatasetError(f"{_describe(missing, 2, names)}: the label is missing")
    numbers = [parse_number(field, decimal_comma) for field in fields]
    if all(value is not None for value in numbers):
        values = np.array(numbers, dtype=np.float64)  # (n,)
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            where = _describe(rows[bad[0]][0], 2, names)
            shown = _quote(fields[bad[0]])
            raise DatasetError(f"{where}: {shown} is not a finite number (NaN or infinity)")
        classes = np.unique(values)
        whole = bool(np.all(classes == np.round(classes)))
        if whole and len(classes) <= MAX_CLASSES:
            return _classes(values, [str(int(c)) for c in classes], classes, names)
        if len(classes) == 1:
            raise DatasetError(f"column 3 ({names[2]}) has the same value on every line")
        note = (
            f"{len(classes)} distinct whole-number labels in column 3 ({names[2]}): read as a "
            f"numeric target (regression); a classification takes at most {MAX_CLASSES} classes."
            if whole
            else f"Column 3 ({names[2]}) holds fractional numbers: read as a numeric target "
            "(regression)."
        )
        target_range = (float(classes[0]), float(classes[-1]))
        return Labels(_rescale(values, -1.0, 1.0), "regression", (), target_range, note)
    texts = sorted(set(fields))
    if len(texts) > MAX_CLASSES:
        message = (
            f"column 3 ({names[2]}) has {len(texts)} different labels; "
            f"at most {MAX_CLASSES} classes are allowed"
        )
        if any(value is not None for value in numbers):
            # mostly numbers with a stray word: probably a regression target with a typo
            first_text = next(i for i, value in enumerate(numbers) if value is None)
            message += (
                f"; for a numeric target every value must be a number, but line "
                f"{rows[first_text][0]} has {_quote(fields[first_text])}"
            )
        raise DatasetError(message)
    return _classes(np.array(fields), texts, np.array(texts), names)


def _classes(
    values: np.ndarray, class_names: list[str], classes: np.ndarray, names: tuple[str, ...]
) -> Labels:
    """Class indices 0..k-1 of values (n,) in the sorted order of `classes`."""
    if len(classes) < 2:
        raise DatasetError(
            f"column 3 ({names[2]}) has only one class ({class_names[0]!r}); "
            "a classification needs at least two"
        )
    y = np.searchsorted(classes, values)  # (n,) classes are sorted, so this is the class index
    task = "binary" if len(classes) == 2 else "multiclass"
    return Labels(y, task, tuple(class_names))


def from_csv(source: Source, name: str | None = None) -> Dataset:
    """Read columns x1, x2, label from a CSV path, bytes or file object into a Dataset.

    A str is a path; a seekable file object is read from its start. The separator is a comma,
    semicolon or tab (with ';' or tab a decimal comma is accepted). A header is present when the
    first row's x1 or x2 is not a number. The label column decides the task: text labels, or
    integers with at most 10 distinct values, are classes (sorted, numbered 0..k-1, their text kept
    in class_names); other numbers, including any fractional value, are a regression target,
    rescaled to [-1, 1] (its original range kept in target_range, and a note saying why it was
    read as a number). Each input column is rescaled on its own from its min..max to [-6, 6], so
    columns in different units (age, income) both fill the playground; a constant column goes to 0.
    """
    raw = read_bytes(source)
    rows, delimiter = split_rows(decode(raw))
    decimal_comma = delimiter != ","
    first_line, first = rows[0]
    _check_width(first_line, first)
    has_header = any(parse_number(field, decimal_comma) is None for field in first[:2])
    names = DEFAULT_COLUMNS
    if has_header:
        names = tuple(field or default for field, default in zip(first, names, strict=True))
    data = rows[1:] if has_header else rows
    if not data:
        raise DatasetError("the file has a header line but no rows of data")
    if len(data) > MAX_ROWS:
        raise DatasetError(
            f"the file has {len(data):,} rows of data; at most {MAX_ROWS:,} are allowed"
        )
    X = np.empty((len(data), 2))  # (n, 2)
    for i, (line, fields) in enumerate(data):
        _check_width(line, fields)
        for j in range(2):
            X[i, j] = _value(fields[j], _describe(line, j, names), decimal_comma)
    labels = _labels(data, names, decimal_comma)
    X = np.column_stack([_rescale(X[:, j], -VIEW_RADIUS, VIEW_RADIUS) for j in range(2)])
    source_name = getattr(source, "name", source if isinstance(source, str | os.PathLike) else "")
    return Dataset(
        X=X,
        y=labels.y,
        task=labels.task,
        n_classes=len(labels.class_names),
        class_names=labels.class_names,
        name=name or Path(str(source_name)).stem or "csv",
        target_range=labels.target_range,
        target_name=names[2] if labels.task == "regression" else "y",
        notes=(labels.note,) if labels.note else (),
    )
