"""Read an uploaded CSV of points (x1, x2, label or target) into a Dataset, or say what is wrong.

Every problem raises DatasetError naming the line (counted as in a text editor, header included) and
the column. Nothing in the file is evaluated: fields are matched against a number pattern only.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import IO, NamedTuple

import numpy as np

from engine.dataset_base import VIEW_RADIUS, Dataset, DatasetError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_CLASSES = 10
MAX_LINE_CHARS = 1000  # three numbers or a class name fit easily; longer lines are not our rows
DEFAULT_COLUMNS = ("x1", "x2", "label")

Source = str | os.PathLike | bytes | bytearray | IO[bytes] | IO[str]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_NOT_FINITE_WORDS = {"nan", "inf", "infinity"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QUOTED = re.compile(r'"[^"]*"')

Row = tuple[int, list[str]]  # (line number, stripped fields)


def _read_bytes(source: Source) -> bytes:
    """The raw bytes of the source, refusing anything above MAX_BYTES before reading it whole."""
    if isinstance(source, bytes | bytearray):
        raw = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise DatasetError(_too_big(size))
            raw = path.read_bytes()
        except OSError as error:
            raise DatasetError(f"cannot read {path}: {error.strerror or error}") from error
    elif hasattr(source, "read"):
        if getattr(source, "seekable", lambda: False)():
            source.seek(0)  # an upload widget's file may already have been read once
        data = source.read(MAX_BYTES + 1)
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    else:
        raise TypeError(f"expected a path, bytes or a file object, got {type(source).__name__}")
    if len(raw) > MAX_BYTES:
        raise DatasetError(_too_big(len(raw)))
    return raw


def _too_big(size: int) -> str:
    """The message for a file over the byte cap."""
    limit_mb = MAX_BYTES / 2**20
    return f"the file is too large ({size / 2**20:.1f} MB); the limit is {limit_mb:.0f} MB"


def _line_of(raw: bytes, offset: int) -> int:
    """The line number holding byte `offset`."""
    return raw.count(b"\n", 0, offset) + 1


def _decode(raw: bytes) -> str:
    """Text with \n line ends: UTF-8 (with or without BOM) or UTF-16 with BOM; refuses binary."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # spreadsheet "Unicode text" exports
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DatasetError("the file starts like UTF-16 text but cannot be decoded") from error
    else:
        if b"\x00" in raw:
            nul_line = _line_of(raw, raw.index(b"\x00"))
            raise DatasetError(
                f"line {nul_line}: the file contains NUL bytes, "
                "so it is not a text file (is it a spreadsheet? save it as CSV)"
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DatasetError(
                f"line {_line_of(raw, error.start)}: byte 0x{raw[error.start]:02x} is not "
                "UTF-8 text; save the file as CSV (UTF-8)"
            ) from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise DatasetError(
            f"line {line}: control character U+{ord(control.group()):04X} found, "
            "so this is not a plain text file"
        )
    if not text.strip():
        raise DatasetError("the file is empty")
    return text


def _delimiter(line: str) -> str:
    """Tab, semicolon or comma, in that order of preference, looking outside quoted fields."""
    bare = _QUOTED.sub("", line)
    return next((d for d in ("\t", ";") if d in bare), ",")


def _fields(line: str, delimiter: str) -> list[str]:
    """The stripped fields of one line, allowing spaces around quoted fields."""
    # the csv module rejects `"a" ,` in strict mode, so drop the spaces after a closing quote first
    line = re.sub(rf'"[ ]+(?={re.escape(delimiter)}|$)', '"', line.rstrip(" "))
    fields = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True, strict=True))
    stripped = [field.strip() for field in fields]
    while len(stripped) > len(DEFAULT_COLUMNS) and not stripped[-1]:
        stripped.pop()  # spreadsheets often leave empty trailing cells
    return stripped


def _rows(text: str) -> tuple[list[Row], str]:
    """Non-blank rows with their line numbers, and the delimiter used."""
    lines = text.split("\n")
    filled = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    # a cheap count before any parsing: one header line is allowed on top of MAX_ROWS rows
    if len(filled) > MAX_ROWS + 1:
        raise DatasetError(
            f"the file has {len(filled):,} lines; at most {MAX_ROWS:,} rows of data "
            "(and a header line) are allowed"
        )
    delimiter = _delimiter(filled[0][1])
    rows: list[Row] = []
    # line by line, because no valid field spans lines, so a stray quote is blamed on its own line
    for number, line in filled:
        if len(line) > MAX_LINE_CHARS:
            raise DatasetError(
                f"line {number} is {len(line):,} characters long, too long for a row of "
                "x1, x2, label"
            )
        try:
            rows.append((number, _fields(line, delimiter)))
        except csv.Error as error:
            raise DatasetError(
                f"line {number}: a quoted field is not closed or has text after its closing quote"
            ) from error
    return rows, delimiter


def _number(field: str, decimal_comma: bool) -> float | None:
    """The field's value, NaN/inf for those words, or None when it is not a number."""
    if decimal_comma and _DECIMAL_COMMA.fullmatch(field):
        field = field.replace(",", ".")
    if _NUMBER.fullmatch(field) or field.lower().lstrip("+-") in _NOT_FINITE_WORDS:
        return float(field)
    return None


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
    value = _number(field, decimal_comma)
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
    numbers = [_number(field, decimal_comma) for field in fields]
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
    raw = _read_bytes(source)
    rows, delimiter = _rows(_decode(raw))
    decimal_comma = delimiter != ","
    first_line, first = rows[0]
    _check_width(first_line, first)
    has_header = any(_number(field, decimal_comma) is None for field in first[:2])
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
