"""A drawing as one URL value: compact, exact to the hundredth, and never raising on bad text."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.config import Config
from playground.config.drawn import MAX_POINTS, Drawing


def _drawing(n: int, task: str = "binary") -> Drawing:
    drawing = Drawing(task)
    for i in range(n):
        label = i % 2 if task == "binary" else (i % 101) / 50 - 1
        drawing = drawing.with_point(
            -6 + (i * 7 % 1201) / 100, 6 - (i * 13 % 1201) / 100, label, i % 5 == 0
        )
    return drawing


def test_points_round_trip_exactly_at_hundredths_with_their_marks() -> None:
    drawing = Drawing("regression", "percent").with_point(1.234, -5.999, 0.38, True)
    drawing = drawing.with_point(7.5, -9, -1.4, False)  # outside: clamped to the plane and range
    text = drawing.encode()
    assert text.startswith("rp")
    again, warnings = Drawing.decode(text)
    assert warnings == [] and again == drawing
    assert again.points == ((1.23, -6.0, 0.38, True), (6.0, -6.0, -1.0, False))


def test_two_hundred_points_fit_a_link_and_the_limit_is_kept() -> None:
    assert len(_drawing(200).encode()) < 1400  # 5 bytes a point, base64
    full = _drawing(MAX_POINTS)
    with pytest.raises(ValueError, match="at most 500"):
        full.with_point(0, 0, 1, False)
    assert Drawing.decode(full.encode()) == (full, [])


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("xx" + "AAAA", "not a drawing"),
        ("cm" + "!!!!", "not readable"),
        (_drawing(3).encode()[:-2], "cut off"),
        ("cm" + base64.urlsafe_b64encode(b"\x10\x00\x10\x00\x07").decode(), "no class 0 or 1"),
        ("cm" + base64.urlsafe_b64encode(b"\xff\xff\x10\x00\x01").decode(), "clamped"),
        ("cm" + base64.urlsafe_b64encode(b"\x10\x00\x10\x00\x01" * 600).decode(), "more than"),
    ],
    ids=["bad letters", "bad base64", "truncated", "bad class", "off the plane", "too many"],
)
def test_damaged_text_keeps_what_it_can_and_says_what_it_fixed(text: str, warning: str) -> None:
    drawing, warnings = Drawing.decode(text)
    assert len(warnings) == 1 and warning in warnings[0]
    assert len(drawing.points) <= MAX_POINTS
    cfg, problems = Config.from_query({"dataset": "drawn", "drawn": text})
    assert cfg.drawing == drawing and problems == warnings


def test_erasing_takes_the_nearest_point_within_reach_only() -> None:
    drawing = Drawing().with_point(0, 0, 0, False).with_point(1, 1, 1, False)
    assert drawing.without_nearest(0.9, 0.8, 0.5).points == ((0.0, 0.0, 0.0, False),)
    assert drawing.without_nearest(4, 4, 0.5) == drawing


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=4000))
def test_any_text_gives_a_valid_drawing_without_raising(text: str) -> None:
    drawing, warnings = Drawing.decode(text)
    assert len(drawing.points) <= MAX_POINTS
    assert all(-6 <= x1 <= 6 and -6 <= x2 <= 6 for x1, x2, _, _ in drawing.points)
    assert Drawing.decode(drawing.encode()) == (drawing, [])
    assert all(isinstance(w, str) and "\n" not in w for w in warnings)
