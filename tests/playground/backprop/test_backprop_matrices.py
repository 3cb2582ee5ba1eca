"""Numbers as coloured LaTeX: formatting, the diagram's colours, matrix shapes and line wrapping."""

from __future__ import annotations

import numpy as np

from playground.backprop import matrices as tex
from playground.figures import palette


def test_number_keeps_three_significant_digits_and_writes_powers_of_ten():
    assert tex.number(0.123456) == "0.123"
    assert tex.number(-4.5678) == "-4.57"
    assert tex.number(0.000123456) == "0.000123"
    assert tex.number(1.2345e-5) == r"1.23\times10^{-5}"
    assert tex.number(123456.0) == r"1.23\times10^{5}"
    assert tex.number(0.0) == "0"
    assert tex.number(float("nan")) == r"\text{NaN}"
    assert tex.number(float("-inf")) == r"-\infty"


def test_cell_colours_follow_the_diagram_sign_convention():
    assert tex.cell_color(0.0, 1.0) == palette.WHITE
    strongest_positive = palette.region_color(palette.POSITIVE_COLOR, tex.CELL_STRENGTH)
    strongest_negative = palette.region_color(palette.NEGATIVE_COLOR, tex.CELL_STRENGTH)
    assert tex.cell_color(2.0, 2.0) == strongest_positive
    assert tex.cell_color(-2.0, 2.0) == strongest_negative
    assert tex.cell_color(5.0, 2.0) == strongest_positive  # beyond the scale: clipped
    half = tex.cell_color(1.0, 2.0)
    assert half not in (palette.WHITE, strongest_positive)
    assert tex.cell_color(float("nan"), 1.0) == palette.WHITE


def test_matrix_rows_columns_and_vectors():
    body = tex.matrix(np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]))
    assert body.startswith(r"\begin{bmatrix}") and body.endswith(r"\end{bmatrix}")
    assert body.count(r"\\") == 1 and body.count("&") == 4
    assert body.count(r"\colorbox") == 6 and "{$-6$}" in body
    row = tex.matrix(np.array([0.5, 0.25]))
    assert row.count(r"\\") == 0 and row.count("&") == 1  # a 1-D array is a row vector
    column = tex.column(np.array([0.5, 0.25, 1.0]))
    assert column.count(r"\\") == 2 and "&" not in column


def test_diagonal_is_written_out_for_few_units_and_as_diag_for_many():
    small = tex.diagonal(np.array([0.5, -0.25, 1.0]))
    assert small.count(r"\colorbox") == 3 and small.count(r"\color{#8C8C8C}{0}") == 6
    wide = tex.diagonal(np.arange(1.0, 9.0))
    assert wide.startswith(r"\operatorname{diag}") and wide.count(r"\colorbox") == 8


def test_wide_products_wrap_onto_aligned_lines():
    assert tex.wrapped(("A", 3), ("B", 4), ("C", 4)) == ["&= ABC"]
    assert tex.wrapped(("A", 8), ("B", 8), (" + C", 8)) == ["&= A", r"&\quad B", r"&\quad  + C"]
    block = tex.aligned("x &= 1", "&= 2")
    assert block == r"\begin{aligned}x &= 1 \\[6pt] &= 2\end{aligned}"
