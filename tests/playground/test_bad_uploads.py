"""Hostile and broken CSV uploads: refused with a message that names the problem, nothing lost.

Each file goes through engine.datasets.from_csv and through the app's own upload widget (AppTest):
a refused file leaves a notice and keeps the previous dataset and network; the accepted oddities
(BOM, semicolons, Windows line ends) switch the app to the uploaded points.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
from app_session import open_app
from streamlit.testing.v1 import AppTest

from engine.csv_io import MAX_BYTES, MAX_ROWS
from engine.datasets import DatasetError, from_csv

REPO_ROOT = Path(__file__).resolve().parents[2]
FIFTY_MB = 50 * 1024 * 1024


def rows(count: int, label=lambda i: i % 2) -> bytes:
    """A valid CSV body of `count` points."""
    return "".join(f"{i % 17},{i % 13},{label(i)}\n" for i in range(count)).encode()


# (case, file content, what the message must say)
REFUSED = [
    ("empty file", b"", "the file is empty"),
    ("only blank lines", b"\n\n  \n", "the file is empty"),
    ("binary garbage", bytes(range(256)) * 8, "not a text file"),
    ("a picture", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not a text file"),
    ("Latin-1 text", "x1,x2,label\n1,2,caf\xe9\n".encode("latin-1"), "not UTF-8 text"),
    ("50 MB", b"1,2,0\n" * (FIFTY_MB // 6), "too large"),
    ("a million rows", b"0,0,0\n" * 1_000_000, "too large"),
    ("one row too many", rows(MAX_ROWS + 1), f"at most {MAX_ROWS:,}"),
    ("NaN", b"1,2,0\nnan,3,1\n4,5,0\n", "not a finite number"),
    ("inf", b"1,2,0\n3,inf,1\n4,5,0\n", "not a finite number"),
    ("NaN label", b"1,2,0\n3,4,NaN\n4,5,0\n", "not a finite number"),
    ("text where numbers belong", b"1,2,0\n3,four,1\n", "'four' is not a number"),
    ("missing value", b"1,2,0\n3,,1\n", "the value is missing"),
    ("one column", b"1\n2\n3\n", "1 column; expected 3"),
    ("ten columns", b"1,2,3,4,5,6,7,8,9,10\n", "10 columns; expected 3"),
    ("ragged rows", b"1,2,0\n3,4\n", "line 2 has 2 columns"),
    ("a single class", b"1,2,a\n3,4,a\n5,6,a\n", "only one class"),
    ("eleven text classes", rows(22, lambda i: "abcdefghijk"[i % 11]), "at most 10 classes"),
    ("header only", b"x1,x2,label\n", "no rows of data"),
    ("unclosed quote", b'1,2,"a\n3,4,b\n', "quoted field is not closed"),
]

ACCEPTED = [
    ("UTF-8 BOM", b"\xef\xbb\xbfx1,x2,label\n0,0,a\n1,2,b\n2,1,a\n", "binary", 3),
    ("semicolons with decimal commas", b"x1;x2;label\n0,5;1;0\n1,5;2;1\n2,5;0;0\n", "binary", 3),
    ("Windows line ends", b"x1,x2,label\r\n0,0,0\r\n1,2,1\r\n2,1,0\r\n", "binary", 3),
    (
        "fractional labels are a regression target",
        b"0,0,0.25\n1,2,0.5\n2,1,0.75\n",
        "regression",
        3,
    ),
    ("eleven integer labels: a regression target", rows(22, lambda i: i % 11), "regression", 22),
]


@pytest.mark.parametrize(("case", "content", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_from_csv_refuses_with_a_reason(case, content, message):
    with pytest.raises(DatasetError, match=message):
        from_csv(content)


@pytest.mark.parametrize(("case", "content", "task", "n"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_from_csv_accepts_the_harmless_oddities(case, content, task, n):
    dataset = from_csv(content)
    assert dataset.task == task
    assert dataset.X.shape == (n, 2)
    assert np.isfinite(dataset.X).all() and np.abs(dataset.X).max() <= 6.0


def test_upload_cap_in_the_server_config_matches_the_parser():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 2  # megabytes, enforced by Streamlit itself
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


def test_a_50_mb_path_is_refused_from_its_size_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(FIFTY_MB)  # sparse: 50 MB by size, nothing written

    def must_not_read(self):
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    with pytest.raises(DatasetError, match="too large"):
        from_csv(big)


class CountingReader:
    """A file object that records how many bytes were asked for."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.requested = 0

    def read(self, count: int = -1) -> bytes:
        if count < 0:
            raise AssertionError("read the whole file")
        self.requested += count
        return b"1" * min(count, self.size)


def test_a_50_mb_stream_is_refused_after_reading_just_past_the_cap():
    reader = CountingReader(FIFTY_MB)
    with pytest.raises(DatasetError, match="too large"):
        from_csv(reader)
    assert reader.requested == MAX_BYTES + 1


# --- the same files through the app's upload widget ----------------------------------------------


@pytest.fixture(scope="module")
def page() -> AppTest:
    """One session on the default page, trained a few steps (so the network is not fresh)."""
    at = open_app()
    at.button(key="step_epoch").click().run()
    assert not at.exception
    return at


def uploader(at: AppTest):
    """The data panel's CSV uploader (a refused file gets a fresh, empty one)."""
    return next(u for u in at.file_uploader if u.key.startswith("upload"))


def upload(at: AppTest, name: str, content: bytes) -> None:
    uploader(at).set_value((name, content, "text/csv")).run()


def snapshot(at: AppTest) -> tuple:
    experiment = at.session_state["_experiment"]
    weights = [np.array(w) for w in experiment.net.weights]
    return experiment.dataset, weights, experiment.trainer.steps, at.session_state["dataset"]


@pytest.mark.parametrize(
    ("case", "content", "message"),
    [case for case in REFUSED if case[0] != "a million rows"],  # same path as 50 MB, 6 MB less
    ids=[case[0] for case in REFUSED if case[0] != "a million rows"],
)
def test_a_refused_upload_says_why_and_keeps_data_and_network(page, case, content, message):
    dataset, weights, steps, choice = snapshot(page)
    upload(page, "points.csv", content)
    assert not page.exception
    notices = " ".join(warning.value for warning in page.warning)
    assert message.replace(" ", "") in notices.replace("\\", "").replace(" ", "")
    assert "points\\.csv" in notices  # the file is named, escaped
    after_dataset, after_weights, after_steps, after_choice = snapshot(page)
    assert after_dataset is dataset and after_choice == choice == "circle"
    assert after_steps == steps
    for before, after in zip(weights, after_weights, strict=True):
        np.testing.assert_array_equal(before, after)
    assert uploader(page).value is None  # the refused file does not sit there as if loaded


@pytest.mark.parametrize(("case", "content", "task", "n"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_an_accepted_upload_becomes_the_dataset(case, content, task, n):
    at = open_app()
    upload(at, "points.csv", content)
    assert not at.exception
    assert at.session_state["dataset"] == "csv"
    experiment = at.session_state["_experiment"]
    assert experiment.task == task
    notices = " ".join(warning.value for warning in at.warning)
    # A numeric target is never a silent guess: the notice says how the labels were read.
    assert ("read as a numeric target" in notices) == (task == "regression")
    assert len(experiment.train.X) + len(experiment.test.X) == n


def test_a_file_name_is_shown_literally_not_as_markdown_or_html():
    at = open_app()
    upload(at, "<img src=x onerror=alert(1)>[x](javascript:alert(2)).csv", b"")
    notice = at.warning[0].value
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in notice
    assert "\\[x\\]\\(javascript" in notice


def test_a_csv_link_without_a_file_says_so_and_points_to_the_uploader():
    at = open_app({"dataset": "csv"})
    assert not at.exception
    assert any("No CSV file is loaded yet" in info.value for info in at.info)
    assert at.session_state["_experiment"].dataset.name == "circle"


def test_thirty_integer_labels_are_read_as_a_target_and_the_notice_says_why():
    at = open_app()
    rows = "\n".join(f"{i % 7},{i % 5},{i}" for i in range(30))
    upload(at, "ages.csv", f"x1,x2,age\n{rows}".encode())
    notice = " ".join(warning.value for warning in at.warning).replace("\\", "")
    assert "30 distinct whole-number labels" in notice and "at most 10 classes" in notice
    assert at.session_state["_experiment"].task == "regression"
    assert not any("No CSV file" in info.value for info in at.info)
