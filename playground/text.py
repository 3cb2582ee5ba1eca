"""Text the page shows: numbers in one readable style, and user text shown literally."""

from __future__ import annotations

import math

_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>$~:"
MINUS = "\u2212"


def escape_markdown(text: str) -> str:
    """Escape Markdown, HTML and LaTeX syntax so Streamlit shows the text as typed."""
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)


def number(value: float | None, digits: int = 4) -> str:
    """A number as the live view writes it: 4 significant digits, 1.2e-5 / 3.4e17 when tiny or
    huge, a true minus sign in front; never a rounded 1 for a value that is not 1 (0.9996)."""
    if value is None:
        return "–"
    value = float(value) + 0.0  # + 0.0 turns -0.0 into 0.0
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    if value == 0:
        return "0"
    size = abs(value)
    if size >= 1e4 or size < 1e-3:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{int(exponent)}"
    else:
        text = f"{value:.{digits}g}"
        # A value rounded onto a whole number reads as exact (tanh 4.24 as "1"): add digits.
        while float(text) != value and float(text).is_integer() and digits < 8:
            digits += 1
            text = f"{value:.{digits}g}"
    return MINUS + text[1:] if text.startswith("-") else text
