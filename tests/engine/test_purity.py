"""The numeric core stays numpy-only: importing it never pulls in the UI libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"
UI_LIBRARIES = {"streamlit", "plotly"}


def test_importing_engine_loads_no_ui_library() -> None:
    code = (
        "import sys, engine, engine.activations, engine.training; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'streamlit', 'plotly'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ENGINE.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_engine_sources_import_no_ui_library() -> None:
    sources = sorted(ENGINE.glob("*.py"))
    assert sources
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                roots = {node.module.split(".")[0]}
            else:
                continue
            assert not roots & UI_LIBRARIES, f"{source.name} imports {roots & UI_LIBRARIES}"
