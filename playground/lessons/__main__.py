"""Rewrite docs/lessons.md from the lesson catalog: python -m playground.lessons."""

from playground.lessons.catalog import DOCS_BASE_URL, DOCS_PATH, lessons_markdown

with open(DOCS_PATH, "w", encoding="utf-8") as handle:
    handle.write(lessons_markdown(DOCS_BASE_URL))
