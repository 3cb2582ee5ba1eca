"""Numbers as small coloured LaTeX matrices (KaTeX): blue cells positive, orange negative."""

from __future__ import annotations

import math

import numpy as np

from playground.figures import palette

SIGNIFICANT_DIGITS = 3
CELL_STRENGTH = (
    0.55  # a matrix's largest |entry| gets this share of the full colour: text stays legible
)
FULL_DIAGONAL_UP_TO = 4  # wider diagonal Jacobians are written diag(...) to stay readable
LINE_COLUMNS = 12  # matrix columns on one formula line before it wraps (~70 px each)


def number(value: float, digits: int = SIGNIFICANT_DIGITS) -> str:
    """A number in LaTeX with a few significant digits: 0.123, -4.56, 1.2\\times10^{-5}."""
    value = float(value) + 0.0  # + 0.0 turns -0.0 into 0.0: no "-0" for a dead unit
    if math.isnan(value):
        return r"\text{NaN}"
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    text = f"{value:.{digits}g}"
    # A value rounded onto a whole number reads as exact (tanh 4.24 as 1): add digits.
    while "e" not in text and float(text) != value and float(text).is_integer() and digits < 8:
        digits += 1
        text = f"{value:.{digits}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa}\times10^{{{int(exponent)}}}"


def cell_color(value: float, scale: float) -> str:
    """A cell's background: white at 0, deeper blue (positive) or orange (negative) with size."""
    if not math.isfinite(value) or scale <= 0:
        return palette.WHITE
    strength = CELL_STRENGTH * min(abs(value) / scale, 1.0)
    color = palette.POSITIVE_COLOR if value > 0 else palette.NEGATIVE_COLOR
    return palette.region_color(color, strength)


def _scale(values: np.ndarray) -> float:
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size else 0.0


def cell(value: float, scale: float) -> str:
    """One coloured entry."""
    return rf"\colorbox{{{cell_color(value, scale)}}}{{${number(value)}$}}"


def matrix(values: np.ndarray | float, scale: float | None = None) -> str:
    """A bracketed matrix; a 1-D array is a row vector, as derivatives are in the course."""
    grid = np.atleast_2d(np.asarray(values, dtype=np.float64))  # (rows, cols)
    scale = _scale(grid) if scale is None else scale
    # A coloured box pads its number: thin spaces keep the boxes off the brackets.
    rows = [r"\, " + " & ".join(cell(v, scale) for v in row) + r" \," for row in grid]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def column(values: np.ndarray) -> str:
    """A 1-D array as a column vector (a transposed row)."""
    return matrix(np.asarray(values, dtype=np.float64)[:, None])


def diagonal(values: np.ndarray) -> str:
    """diag(values): the full matrix for a few units, diag(row) notation beyond that."""
    values = np.asarray(values, dtype=np.float64)
    if values.size > FULL_DIAGONAL_UP_TO:
        return r"\operatorname{diag}\left(" + matrix(values) + r"\right)"
    scale = _scale(values)
    rows = [
        r"\, "
        + " & ".join(
            cell(v, scale) if r == c else r"\color{#8C8C8C}{0}" for c, v in enumerate(values)
        )
        + r" \,"
        for r in range(values.size)
    ]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def aligned(*lines: str) -> str:
    """Lines of an aligned block, a little apart."""
    return r"\begin{aligned}" + r" \\[6pt] ".join(lines) + r"\end{aligned}"


def wrapped(*pieces: tuple[str, int]) -> list[str]:
    """Aligned '&= ...' lines from (LaTeX, matrix columns) pieces, wrapping wide products."""
    lines, used = ["&= "], 0
    for piece, width in pieces:
        if used and used + width > LINE_COLUMNS:
            lines.append(r"&\quad ")
            used = 0
        lines[-1] += piece
        used += width
    return lines


def scalar(value: float) -> str:
    """A single coloured number, for factors in a product."""
    return cell(value, abs(value))


def sym(letter: str, layer: int, sub: str = "") -> str:
    """A layer-indexed symbol such as z^{2}, a^{1}_{3} or W^{1}_{12}."""
    return f"{letter}^{{{layer}}}" + (f"_{{{sub}}}" if sub else "")


def weight(layer: int, i: int, j: int) -> str:
    """The weight w^l_ij for 0-based units i, j (written 1-based, as in the course)."""
    return f"w^{{{layer}}}_{{{i + 1}{j + 1}}}"


def partial(of: str, by: str) -> str:
    """The derivative symbol dof/dby."""
    return rf"\frac{{\partial {of}}}{{\partial {by}}}"


# How each activation is written in formulas: a = f(z), and its derivative f'(z).
FUNCTION_TEX = {
    "relu": r"\operatorname{ReLU}",
    "leaky_relu": r"\operatorname{LeakyReLU}",
    "elu": r"\operatorname{ELU}",
    "tanh": r"\tanh",
    "sigmoid": r"\sigma",
    "softplus": r"\operatorname{softplus}",
    "sine": r"\sin",
    "linear": r"\operatorname{id}",
    "softmax": r"\operatorname{softmax}",
}
DERIVATIVE_TEX = {
    "relu": r"1 \text{ if } z > 0 \text{, else } 0",
    "leaky_relu": r"1 \text{ if } z > 0 \text{, else } 0.01",
    "elu": r"1 \text{ if } z > 0 \text{, else } e^{z}",
    # (tanh z)^2, not tanh^2 z: a superscript next to a function reads as a layer index here.
    "tanh": r"1 - (\tanh z)^{2}",
    "sigmoid": r"\sigma(z)\,(1 - \sigma(z))",
    "softplus": r"\sigma(z)",
    "sine": r"\cos z",
    "linear": "1",
}
