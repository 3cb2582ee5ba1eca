"""Numbers in one readable style; user text shown literally."""

from __future__ import annotations

import pytest

from playground.text import escape_markdown, number


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.6931471805599453, "0.6931"),
        (0.0123456, "0.01235"),
        (-0.25, "−0.25"),
        (52.0, "52"),
        (1.2346e17, "1.235e17"),
        (3e-7, "3e-7"),
        (-4.339e-2, "−0.04339"),
        (-1.091e-5, "−1.091e-5"),
        (0.0, "0"),
        (-0.0, "0"),
        (0.99958, "0.9996"),  # tanh(4.24): not "1"
        (0.9999996, "0.9999996"),
        (1.0, "1"),
        (float("inf"), "∞"),
        (float("-inf"), "−∞"),
        (float("nan"), "NaN"),
        (None, "–"),
    ],
)
def test_numbers_are_short_and_never_misleading(value, shown):
    assert number(value) == shown


def test_markdown_is_escaped():
    assert escape_markdown("a*b_[x](y)") == "a\\*b\\_\\[x\\]\\(y\\)"
