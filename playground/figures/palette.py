"""Shared colours, colorscales and the value-to-uint8 mapping used by every figure."""

from __future__ import annotations

import numpy as np

# Okabe-Ito colours: distinguishable under the common colour-vision deficiencies.
ORANGE = "#E69F00"
BLUE = "#0072B2"
GREEN = "#009E73"
PURPLE = "#CC79A7"
VERMILLION = "#D55E00"
WHITE = "#FFFFFF"
INK = "#222222"
GREY = "#8C8C8C"

# Class 0 is orange and class 1 blue, as in TensorFlow Playground; more classes continue the set.
CLASS_COLORS: tuple[str, ...] = (ORANGE, BLUE, GREEN, PURPLE, VERMILLION)
NEGATIVE_COLOR = ORANGE  # weights, gradients and regression values below zero
POSITIVE_COLOR = BLUE

# How far the background of a fully confident region moves from white towards the class colour:
# below 1 so that data points drawn in the full class colour stay visible on top of it.
REGION_STRENGTH = 0.5

FONT = {"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 12, "color": INK}

# An empty template: the default one adds ~8 KB of JSON to every figure and restyles axes. Written
# as plotly itself writes `go.layout.Template()`, so spec dicts and go.Figure send the same JSON.
PLAIN_TEMPLATE = {"data": {"scatter": [{"type": "scatter"}]}}


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """Return the (r, g, b) integers of a '#RRGGBB' colour."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def rgb_to_hex(rgb: tuple[int, int, int] | np.ndarray) -> str:
    """Return the '#RRGGBB' string of an (r, g, b) triple of 0-255 integers."""
    r, g, b = (int(round(float(channel))) for channel in rgb)
    return f"#{r:02X}{g:02X}{b:02X}"


def class_color(index: int) -> str:
    """Return the colour of class `index` (cycling when there are more classes than colours)."""
    return CLASS_COLORS[index % len(CLASS_COLORS)]


def region_rgb(color: str, strength: float = REGION_STRENGTH) -> np.ndarray:
    """Return the float (3,) RGB of `color` blended with white, as drawn for a confident region."""
    white = np.array([255.0, 255.0, 255.0])
    return white + strength * (np.array(hex_to_rgb(color), dtype=float) - white)


def region_color(color: str, strength: float = REGION_STRENGTH) -> str:
    """Return the '#RRGGBB' background colour of a fully confident region of `color`."""
    return rgb_to_hex(np.rint(region_rgb(color, strength)))


def diverging_scale(
    negative: str = NEGATIVE_COLOR, positive: str = POSITIVE_COLOR, strength: float = 1.0
) -> list[list]:
    """Return an orange-white-blue colorscale; strength < 1 lightens both ends towards white."""
    return [
        [0.0, region_color(negative, strength)],
        [0.5, WHITE],
        [1.0, region_color(positive, strength)],
    ]


# Full-strength scale for weights, gradients and regression targets.
DIVERGING_SCALE = diverging_scale()
# Lighter scale for backgrounds (decision regions, neuron maps) under full-colour points.
REGION_SCALE = diverging_scale(strength=REGION_STRENGTH)


def max_abs(values: np.ndarray | None) -> float:
    """Return the largest finite |value| (0 when there is none): a symmetric colour limit."""
    if values is None:
        return 0.0
    values = np.asarray(values, dtype=float)
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size else 0.0


def to_uint8(values: np.ndarray, vmin: float, vmax: float, top: int = 255) -> np.ndarray:
    """Map values linearly from [vmin, vmax] onto integers 0..top (clipped) as a uint8 array.

    uint8 arrays travel to the browser as base64 typed arrays: a 100x100 grid costs ~13 KB of
    JSON instead of ~200 KB of float text.
    """
    if not 0 < top <= 255:
        raise ValueError(f"top must be in 1..255, got {top}")
    span = float(vmax) - float(vmin)
    if span <= 0:
        raise ValueError(f"vmax must exceed vmin, got vmin={vmin}, vmax={vmax}")
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged network's huge values
        scaled = (np.asarray(values, dtype=np.float32) - np.float32(vmin)) * np.float32(top / span)
    # A diverged network yields NaN; show it as the undecided middle rather than an end colour.
    scaled = np.nan_to_num(scaled, nan=top / 2, posinf=top, neginf=0)
    return np.rint(np.clip(scaled, 0, top)).astype(np.uint8)


def diverging_rgb(values: np.ndarray, strength: float = REGION_STRENGTH) -> np.ndarray:
    """Colour values in [-1, 1] as uint8 (..., 3): orange below 0, white at 0, blue above."""
    white = np.float32(255.0)
    with np.errstate(over="ignore"):  # values beyond float32 are clipped to ±1 anyway
        u = np.clip(np.nan_to_num(np.asarray(values, dtype=np.float32)), -1.0, 1.0)[..., None]
    negative = region_rgb(NEGATIVE_COLOR, strength).astype(np.float32)
    positive = region_rgb(POSITIVE_COLOR, strength).astype(np.float32)
    # Move from white towards the end colour on the value's side, in proportion to |value|.
    target = np.where(u < 0, negative, positive)  # (..., 3)
    return np.rint(white + np.abs(u) * (target - white)).astype(np.uint8)


def blend_classes(confidence: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """Return a uint8 (..., 3) image: white blended towards each predicted class's region colour.

    confidence in [0, 1] is how far to move from white (0 = undecided, 1 = certain).
    """
    white = np.float32(255.0)
    regions = np.stack([region_rgb(class_color(c)) for c in range(n_classes)]).astype(np.float32)
    target = regions[predicted]  # (..., 3)
    # A diverged network's NaN confidence is drawn as undecided (white).
    weight = np.clip(np.nan_to_num(confidence), 0.0, 1.0).astype(np.float32)[..., None]  # (..., 1)
    return np.rint(white + weight * (target - white)).astype(np.uint8)
