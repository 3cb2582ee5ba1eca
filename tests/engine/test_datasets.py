"""Tests for the dataset generators, the Dataset container and its split."""

import numpy as np
import pytest

from engine import datasets
from engine.datasets import DATASETS, Dataset, make

BINARY = ("circle", "xor", "gauss", "spiral", "moons")
MULTICLASS = ("blobs", "spiral3")
REGRESSION = ("plane", "bumps")


def test_registry_lists_every_dataset_with_a_description():
    assert set(DATASETS) == {*BINARY, *MULTICLASS, *REGRESSION}
    for name, kind in DATASETS.items():
        assert kind.name == name
        assert kind.description and "\n" not in kind.description


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_shape_dtype_and_range(name, noise):
    ds = make(name, n_points=301, noise=noise, seed=3)
    assert ds.name == name
    assert ds.X.shape == (301, 2) and ds.X.dtype == np.float64
    assert ds.y.shape == (301,)
    assert np.all(np.abs(ds.X) <= 6.0)
    assert np.all(np.isfinite(ds.X)) and np.all(np.isfinite(ds.y))


@pytest.mark.parametrize("name", BINARY)
def test_binary_labels_are_zero_and_one(name):
    ds = make(name, n_points=400, noise=0.2, seed=1)
    assert ds.task == "binary" and ds.n_classes == 2 and ds.class_names == ("0", "1")
    assert ds.y.dtype == np.float64
    assert set(np.unique(ds.y)) == {0.0, 1.0}


@pytest.mark.parametrize("name", BINARY)
def test_binary_classes_are_balanced_without_noise(name):
    ds = make(name, n_points=1000, noise=0.0, seed=2)
    assert 0.4 < ds.y.mean() < 0.6


@pytest.mark.parametrize("classes", [3, 4, 5])
def test_blobs_have_the_requested_classes_in_equal_numbers(classes):
    ds = make("blobs", n_points=600, seed=4, classes=classes)
    assert ds.task == "multiclass" and ds.n_classes == classes
    assert ds.y.dtype == np.int64
    assert ds.class_names == tuple(str(k) for k in range(classes))
    counts = np.bincount(ds.y)
    assert len(counts) == classes and counts.max() - counts.min() <= 1


def test_spiral3_has_three_balanced_classes():
    ds = make("spiral3", n_points=301, seed=0)
    assert ds.task == "multiclass" and ds.n_classes == 3
    assert np.bincount(ds.y).tolist() == [101, 100, 100]


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_targets(name):
    ds = make(name, n_points=500, seed=5)
    assert ds.task == "regression" and ds.n_classes == 0 and ds.class_names == ()
    assert ds.y.dtype == np.float64
    assert len(np.unique(ds.y)) > 100


def test_plane_target_is_the_sum_over_ten_without_noise():
    ds = make("plane", n_points=200, seed=6)
    np.testing.assert_allclose(ds.y, ds.X.sum(axis=1) / 10)
    assert np.all(np.abs(ds.y) <= 1.2)


def test_bumps_target_matches_the_nearest_cone_without_noise():
    ds = make("bumps", n_points=2000, seed=7)
    assert ds.y.min() >= -1.0 and ds.y.max() <= 1.0
    assert ds.y.min() < -0.8 and ds.y.max() > 0.8
    near_top_middle = np.linalg.norm(ds.X - [0.0, 2.5], axis=1) < 2.0
    # the dip at (0, 2.5) has height -1 and slope 1/2: target = -(1 - distance / 2)
    distance = np.linalg.norm(ds.X[near_top_middle] - [0.0, 2.5], axis=1)
    np.testing.assert_allclose(ds.y[near_top_middle], -(1 - distance / 2))
    centers = np.array([[x, y] for y in (2.5, -2.5) for x in (-4, 0, 4)])
    far = np.all(np.linalg.norm(ds.X[:, None, :] - centers, axis=2) >= 2, axis=1)
    assert far.sum() > 100 and np.all(ds.y[far] == 0.0)


def test_circle_labels_follow_the_radius_without_noise():
    ds = make("circle", n_points=500, seed=8)
    radius = np.linalg.norm(ds.X, axis=1)
    assert np.all(radius[ds.y == 1] < 2.5)
    assert np.all((radius[ds.y == 0] >= 3.5) & (radius[ds.y == 0] <= 5.0))


def test_xor_labels_follow_the_quadrant_and_keep_a_gap_along_the_axes():
    ds = make("xor", n_points=500, seed=9)
    np.testing.assert_array_equal(ds.y, (ds.X[:, 0] * ds.X[:, 1] >= 0).astype(float))
    assert np.all(np.abs(ds.X) >= 0.3) and np.all(np.abs(ds.X) <= 5.3)


def test_gauss_clouds_sit_at_plus_and_minus_two():
    ds = make("gauss", n_points=2000, seed=10)
    np.testing.assert_allclose(ds.X[ds.y == 1].mean(axis=0), [2, 2], atol=0.15)
    np.testing.assert_allclose(ds.X[ds.y == 0].mean(axis=0), [-2, -2], atol=0.15)
    # variance 0.5 at noise 0, as TensorFlow Playground
    assert abs(ds.X[ds.y == 1].var(axis=0).mean() - 0.5) < 0.08


def test_gauss_noise_widens_the_clouds():
    tight = make("gauss", n_points=2000, noise=0.0, seed=11)
    wide = make("gauss", n_points=2000, noise=0.5, seed=11)
    assert wide.X[wide.y == 1].std() > 2 * tight.X[tight.y == 1].std()


def test_spiral_without_noise_lies_on_the_two_arms():
    ds = make("spiral", n_points=400, seed=12)
    r = np.linalg.norm(ds.X, axis=1)
    t = r / 5 * 1.75 * 2 * np.pi  # the angle at which each arm reaches radius r
    arm1 = np.column_stack([r * np.sin(t), r * np.cos(t)])
    on_arm1 = np.linalg.norm(ds.X - arm1, axis=1) < 1e-9
    on_arm0 = np.linalg.norm(ds.X + arm1, axis=1) < 1e-9  # half a turn later: mirrored
    away_from_centre = r > 0  # both arms start at the origin
    np.testing.assert_array_equal(on_arm1[away_from_centre], ds.y[away_from_centre] == 1)
    np.testing.assert_array_equal(on_arm0[away_from_centre], ds.y[away_from_centre] == 0)
    assert r.max() < 5.0


def test_moons_span_the_view_width():
    ds = make("moons", n_points=1000, seed=13)
    assert ds.X[:, 0].min() < -5.9 and ds.X[:, 0].max() > 5.9
    assert np.all(np.abs(ds.X[:, 1]) <= 3.0 + 1e-12)
    assert ds.X[ds.y == 0, 1].mean() > ds.X[ds.y == 1, 1].mean()  # class 0 is the upper moon


@pytest.mark.parametrize("name", list(DATASETS))
def test_same_seed_same_arrays_other_seed_other_arrays(name):
    first = make(name, n_points=200, noise=0.2, seed=42)
    again = make(name, n_points=200, noise=0.2, seed=42)
    other = make(name, n_points=200, noise=0.2, seed=43)
    np.testing.assert_array_equal(first.X, again.X)
    np.testing.assert_array_equal(first.y, again.y)
    assert not np.array_equal(first.X, other.X)


@pytest.mark.parametrize("name", list(DATASETS))
def test_noise_changes_the_data(name):
    clean = make(name, n_points=300, noise=0.0, seed=0)
    noisy = make(name, n_points=300, noise=0.5, seed=0)
    assert not (np.array_equal(clean.X, noisy.X) and np.array_equal(clean.y, noisy.y))


def test_label_noise_flips_some_circle_labels():
    ds = make("circle", n_points=1000, noise=0.5, seed=14)
    inside = np.linalg.norm(ds.X, axis=1) < 2.5
    wrong = np.mean(ds.y != inside)
    assert 0.05 < wrong < 0.5


def test_points_are_shuffled_not_grouped_by_class():
    ds = make("gauss", n_points=400, seed=15)
    assert 0.3 < ds.y[:200].mean() < 0.7


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "nope"}, "unknown dataset"),
        ({"name": "circle", "noise": 0.6}, "noise"),
        ({"name": "circle", "noise": -0.1}, "noise"),
        ({"name": "circle", "n_points": 1}, "n_points"),
        ({"name": "blobs", "classes": 6}, "classes"),
        ({"name": "blobs", "classes": 2}, "classes"),
    ],
)
def test_bad_arguments_raise_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make(**kwargs)


def test_registry_entries_are_callable_generators():
    ds = DATASETS["blobs"](n_points=100, noise=0.1, seed=1, classes=4)
    np.testing.assert_array_equal(ds.X, make("blobs", 100, 0.1, 1, classes=4).X)


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.8])
def test_split_sizes_and_disjoint_parts(fraction):
    ds = make("xor", n_points=500, noise=0.1, seed=1)
    train, test = ds.split(train_fraction=fraction, seed=3)
    assert len(train.X) == int(500 * fraction) and len(test.X) == 500 - int(500 * fraction)
    rows = {tuple(p) for p in ds.X}
    train_rows, test_rows = {tuple(p) for p in train.X}, {tuple(p) for p in test.X}
    assert not train_rows & test_rows
    assert train_rows | test_rows == rows
    assert train.task == test.task == "binary" and train.class_names == ds.class_names


def test_split_keeps_points_with_their_labels():
    ds = make("plane", n_points=100, seed=2)
    train, _ = ds.split(0.5, seed=0)
    np.testing.assert_allclose(train.y, train.X.sum(axis=1) / 10)


def test_split_is_seeded():
    ds = make("circle", n_points=100, seed=0)
    a, _ = ds.split(0.5, seed=7)
    b, _ = ds.split(0.5, seed=7)
    c, _ = ds.split(0.5, seed=8)
    np.testing.assert_array_equal(a.X, b.X)
    assert not np.array_equal(a.X, c.X)


def test_split_never_leaves_a_part_empty():
    tiny = make("circle", n_points=3, seed=0)
    train, test = tiny.split(0.1, seed=0)
    assert (len(train.X), len(test.X)) == (1, 2)
    with pytest.raises(ValueError, match="train_fraction"):
        tiny.split(1.0)


def test_arrays_are_read_only():
    ds = make("circle", n_points=10, seed=0)
    with pytest.raises(ValueError):
        ds.X[0, 0] = 1.0
    with pytest.raises(ValueError):
        ds.y[0] = 1.0


def test_dataset_checks_shapes_and_task():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        Dataset(np.zeros((3, 3)), np.zeros(3), "binary", 2, ("0", "1"), "bad")
    with pytest.raises(ValueError, match="y must have shape"):
        Dataset(np.zeros((3, 2)), np.zeros(4), "binary", 2, ("0", "1"), "bad")
    with pytest.raises(ValueError, match="task"):
        Dataset(np.zeros((3, 2)), np.zeros(3), "ranking", 2, ("0", "1"), "bad")
    with pytest.raises(ValueError, match="class names"):
        Dataset(np.zeros((3, 2)), np.zeros(3), "multiclass", 3, ("0", "1"), "bad")


def test_csv_reader_and_error_are_reachable_from_datasets():
    assert issubclass(datasets.DatasetError, ValueError)
    ds = datasets.from_csv(b"1,2,0\n3,4,1\n")
    assert ds.task == "binary"
