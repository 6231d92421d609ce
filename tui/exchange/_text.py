"""Outside text made harmless before it leaves winnow for a file (Markdown, BibTeX).

Thin names over :func:`tui.textsafe.plain`, the one sanitiser for files.
"""

from __future__ import annotations

from tui.textsafe import plain


def strip_controls(text: str, *, keep_newlines: bool = False) -> str:
    """Drop control, bidi and invisible characters (terminal escapes among them).

    Tabs stay, and newlines when asked; without ``keep_newlines`` a newline is dropped
    like any other control.
    """
    if keep_newlines:
        return plain(text, multiline=True)
    return plain(text.replace("\n", ""), multiline=True)


def one_line(text: str | None) -> str:
    """Outside text on one line: controls dropped, runs of spacing collapsed."""
    return plain(text)
