"""The course's symbols as plain Unicode text: W¹, b², a¹₃, ŷ₂."""

from __future__ import annotations

from collections.abc import Sequence

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def superscript(number: int) -> str:
    """Return the number in superscript digits: 12 -> '¹²'."""
    return str(number).translate(_SUPERSCRIPTS)


def subscript(number: int) -> str:
    """Return the number in subscript digits: 12 -> '₁₂'."""
    return str(number).translate(_SUBSCRIPTS)


def weight_symbol(layer_index: int) -> str:
    """Return the name of net.weights[layer_index]: 'W¹' for index 0."""
    return "W" + superscript(layer_index + 1)


def bias_symbol(layer_index: int) -> str:
    """Return the name of net.biases[layer_index]: 'b¹' for index 0."""
    return "b" + superscript(layer_index + 1)


def node_name(
    column: int, unit: int, layer_sizes: Sequence[int], input_labels: Sequence[str]
) -> str:
    """Name unit `unit` of diagram column `column`: an input label, a¹₂ (hidden) or ŷ₁ (output)."""
    if column == 0:
        return input_labels[unit] if unit < len(input_labels) else "x" + subscript(unit + 1)
    if column == len(layer_sizes) - 1:
        return "ŷ" if layer_sizes[-1] == 1 else "ŷ" + subscript(unit + 1)
    return "a" + superscript(column) + subscript(unit + 1)
