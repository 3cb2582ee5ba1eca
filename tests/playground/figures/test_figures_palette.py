"""Colours, the uint8 mapping and the PNG encoder shared by the figures."""

import numpy as np
import pytest
from png_reader import decode_data_uri, decode_png

from playground.figures import palette
from playground.figures.png import encode_png, png_data_uri


def test_hex_and_rgb_round_trip():
    assert palette.hex_to_rgb("#E69F00") == (230, 159, 0)
    assert palette.rgb_to_hex((0, 114, 178)) == "#0072B2"
    for color in palette.CLASS_COLORS:
        assert palette.rgb_to_hex(palette.hex_to_rgb(color)) == color


def test_class_colors_are_okabe_ito_with_binary_orange_then_blue():
    assert palette.class_color(0) == "#E69F00"
    assert palette.class_color(1) == "#0072B2"
    assert len(set(palette.CLASS_COLORS)) == len(palette.CLASS_COLORS) >= 5


def test_region_color_blends_towards_white():
    assert palette.region_color(palette.BLUE, 1.0) == palette.BLUE
    assert palette.region_color(palette.BLUE, 0.0) == "#FFFFFF"
    half = palette.region_rgb(palette.BLUE, 0.5)
    np.testing.assert_allclose(half, [127.5, 184.5, 216.5])


def test_to_uint8_maps_ends_clips_and_centres_nan():
    values = np.array([-1.0, 0.0, 0.5, 1.0, 7.0, np.nan])
    mapped = palette.to_uint8(values, 0.0, 1.0)
    assert mapped.dtype == np.uint8
    assert mapped.tolist() == [0, 0, 128, 255, 255, 128]
    assert palette.to_uint8(np.array([0.25]), 0.0, 1.0, top=100).tolist() == [25]


@pytest.mark.parametrize(("vmin", "vmax", "top"), [(1.0, 1.0, 255), (0.0, 1.0, 0), (0.0, 1.0, 300)])
def test_to_uint8_rejects_bad_ranges(vmin, vmax, top):
    with pytest.raises(ValueError):
        palette.to_uint8(np.zeros(3), vmin, vmax, top=top)


def test_diverging_rgb_ends_and_middle():
    rgb = palette.diverging_rgb(np.array([-1.0, 0.0, 1.0, 5.0]))
    assert rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[0], np.rint(palette.region_rgb(palette.ORANGE)))
    np.testing.assert_array_equal(rgb[1], [255, 255, 255])
    np.testing.assert_array_equal(rgb[2], np.rint(palette.region_rgb(palette.BLUE)))
    np.testing.assert_array_equal(rgb[3], rgb[2])  # clipped to +1


def test_blend_classes_white_when_unsure_and_class_colour_when_certain():
    confidence = np.array([0.0, 1.0, 1.0])
    predicted = np.array([2, 2, 0])
    rgb = palette.blend_classes(confidence, predicted, 3)
    np.testing.assert_array_equal(rgb[0], [255, 255, 255])
    np.testing.assert_array_equal(rgb[1], np.rint(palette.region_rgb(palette.GREEN)))
    np.testing.assert_array_equal(rgb[2], np.rint(palette.region_rgb(palette.ORANGE)))


def test_diverging_scale_runs_orange_white_blue():
    scale = palette.DIVERGING_SCALE
    assert [stop for stop, _ in scale] == [0.0, 0.5, 1.0]
    assert [color for _, color in scale] == [palette.ORANGE, "#FFFFFF", palette.BLUE]


def test_png_round_trip_keeps_every_pixel():
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, size=(7, 5, 3), dtype=np.uint8)
    np.testing.assert_array_equal(decode_png(encode_png(image)), image)
    np.testing.assert_array_equal(decode_data_uri(png_data_uri(image[::-1])), image[::-1])


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3)), np.zeros((4, 4), np.uint8)])
def test_png_rejects_non_rgb_uint8(bad):
    with pytest.raises(ValueError):
        encode_png(bad)


def test_max_abs_ignores_non_finite_values():
    assert palette.max_abs(np.array([0.5, -3.0, np.nan, np.inf])) == 3.0
    assert palette.max_abs(np.array([np.nan])) == 0.0
    assert palette.max_abs(None) == 0.0
