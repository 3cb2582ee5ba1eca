"""Showing text that came from a user (a link, a file name) literally."""

_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>$~:"


def escape_markdown(text: str) -> str:
    """Escape Markdown, HTML and LaTeX syntax so Streamlit shows the text as typed."""
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)
