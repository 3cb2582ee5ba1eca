"""From an uploaded CSV's bytes to rows of text fields: size limits, decoding, separator, quotes.

A problem raises DatasetError naming its line where it has one (counted as in a text editor).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import IO

from engine.dataset_base import DatasetError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_LINE_CHARS = 1000  # three numbers or a class name fit easily; longer lines are not our rows
DEFAULT_COLUMNS = ("x1", "x2", "label")

Source = str | os.PathLike | bytes | bytearray | IO[bytes] | IO[str]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_NOT_FINITE_WORDS = {"nan", "inf", "infinity"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QUOTED = re.compile(r'"[^"]*"')

Row = tuple[int, list[str]]  # (line number, stripped fields)


def read_bytes(source: Source) -> bytes:
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


def decode(raw: bytes) -> str:
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


def split_rows(text: str) -> tuple[list[Row], str]:
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


def parse_number(field: str, decimal_comma: bool) -> float | None:
    """The field's value, NaN/inf for those words, or None when it is not a number."""
    if decimal_comma and _DECIMAL_COMMA.fullmatch(field):
        field = field.replace(",", ".")
    if _NUMBER.fullmatch(field) or field.lower().lstrip("+-") in _NOT_FINITE_WORDS:
        return float(field)
    return None
