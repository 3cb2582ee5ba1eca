"""Open the real app under AppTest, optionally from a link, as a student's browser would."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def open_app(query: Mapping[str, str] | None = None) -> AppTest:
    """A fresh session on the app after its first run, its URL holding `query`."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    return at
