"""Course symbols used in figure labels."""

from playground.figures.notation import (
    bias_symbol,
    node_name,
    subscript,
    superscript,
    weight_symbol,
)


def test_digits_become_superscripts_and_subscripts():
    assert superscript(12) == "¹²"
    assert subscript(30) == "₃₀"


def test_weight_and_bias_symbols_count_layers_from_one():
    assert weight_symbol(0) == "W¹"
    assert bias_symbol(2) == "b³"


def test_node_names_follow_the_columns_of_the_diagram():
    sizes = [3, 4, 2]
    assert node_name(0, 1, sizes, ["x₁", "x₂²"]) == "x₂²"
    assert node_name(0, 2, sizes, ["x₁", "x₂²"]) == "x₃"  # no label given: generic name
    assert node_name(1, 3, sizes, []) == "a¹₄"
    assert node_name(2, 0, sizes, []) == "ŷ₁"
    assert node_name(1, 0, [2, 1], []) == "ŷ"
