"""Tests for the input features computed from x1 and x2."""

import numpy as np
import pytest

from engine.features import FEATURES, transform

POINTS = np.array([[0.0, 0.0], [1.0, 2.0], [-3.0, 0.5], [np.pi / 2, -np.pi]])  # (4, 2)


def test_registry_names_and_labels():
    assert list(FEATURES) == ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]
    labels = {name: feature.label for name, feature in FEATURES.items()}
    assert labels["x1"] == "x₁" and labels["x1sq"] == "x₁²" and labels["sinx2"] == "sin x₂"
    function, label = FEATURES["x1x2"]  # entries unpack as (function, label)
    assert label == "x₁x₂"
    np.testing.assert_allclose(function(POINTS), [0.0, 2.0, -1.5, -(np.pi**2) / 2])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("x1", [0.0, 1.0, -3.0, np.pi / 2]),
        ("x2", [0.0, 2.0, 0.5, -np.pi]),
        ("x1sq", [0.0, 1.0, 9.0, np.pi**2 / 4]),
        ("x2sq", [0.0, 4.0, 0.25, np.pi**2]),
        ("x1x2", [0.0, 2.0, -1.5, -(np.pi**2) / 2]),
        ("sinx1", [0.0, np.sin(1.0), np.sin(-3.0), 1.0]),
        ("sinx2", [0.0, np.sin(2.0), np.sin(0.5), 0.0]),
    ],
)
def test_each_feature_on_known_points(name, expected):
    np.testing.assert_allclose(transform(POINTS, [name])[:, 0], expected, atol=1e-12)


def test_transform_stacks_columns_in_the_requested_order():
    out = transform(POINTS, ("x2", "x1sq", "x1"))
    assert out.shape == (4, 3) and out.dtype == np.float64
    np.testing.assert_allclose(out[1], [2.0, 1.0, 1.0])
    np.testing.assert_allclose(out[:, 2], POINTS[:, 0])


def test_float32_path_matches_float64():
    grid = np.stack(np.meshgrid(np.linspace(-6, 6, 100), np.linspace(-6, 6, 100)), -1).reshape(
        -1, 2
    )  # (10000, 2)
    names = list(FEATURES)
    exact = transform(grid, names)
    fast = transform(grid, names, dtype=np.float32)
    assert fast.dtype == np.float32 and fast.shape == (10000, 7)
    np.testing.assert_allclose(fast, exact, rtol=1e-5, atol=1e-5)


def test_transform_accepts_a_float32_input_and_does_not_modify_it():
    points = POINTS.astype(np.float32)
    before = points.copy()
    out = transform(points, ["x1sq"])
    assert out.dtype == np.float64
    np.testing.assert_array_equal(points, before)


@pytest.mark.parametrize(
    ("names", "message"),
    [([], "at least one"), (["x1", "x3"], "unknown feature"), ("x1", "not the string")],
)
def test_bad_names_raise_value_error(names, message):
    with pytest.raises(ValueError, match=message):
        transform(POINTS, names)


def test_wrong_input_shape_raises_value_error():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        transform(np.zeros((5, 3)), ["x1"])
