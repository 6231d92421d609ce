"""Display equations: math fonts, symbol density, centred lines, equation numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.pdf.layout import Line, PageInfo

_NUMBER = re.compile(r"\(\s*(\d{1,3}[a-z]?|[A-Z]\.?\d{1,3})\s*\)$")
_WORD = re.compile(r"[A-Za-z]{4,}")


@dataclass
class FoundEquation:
    label: str | None
    lines: list[Line]

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (
            round(min(ln.x0 for ln in self.lines), 1),
            round(min(ln.y0 for ln in self.lines), 1),
            round(max(ln.x1 for ln in self.lines), 1),
            round(max(ln.y1 for ln in self.lines), 1),
        )


def _column(line: Line, info: PageInfo) -> tuple[float, float]:
    if info.two_columns and line.col == 1:
        return info.text_x0, info.mid
    if info.two_columns and line.col == 2:
        return info.mid, info.text_x1
    return info.text_x0, info.text_x1


def is_display(line: Line, info: PageInfo) -> bool:
    if line.role:
        return False
    text = line.text
    lo, hi = _column(line, info)
    indent = line.x0 - lo > 0.08 * (hi - lo)
    numbered = bool(_NUMBER.search(text)) and line.x1 > hi - 0.1 * (hi - lo)
    words = len(_WORD.findall(text))
    if numbered and (line.math > 0.08 or "=" in text) and words <= 6:
        return True
    if line.math >= 0.35 and indent and words <= 3 and not text.endswith((".", ":")):
        return True
    return bool(line.math >= 0.5 and words <= 2 and len(text) < 120)


def find_equations(lines: list[Line], infos: list[PageInfo]) -> list[FoundEquation]:
    """Group consecutive display lines; mark them ``equation``."""
    found: list[FoundEquation] = []
    current: list[Line] = []

    def close() -> None:
        if current:
            label = None
            for ln in current:
                m = _NUMBER.search(ln.text)
                if m:
                    label = f"({m.group(1)})"
            found.append(FoundEquation(label, list(current)))
            for ln in current:
                ln.role = "equation"
            current.clear()

    for line in lines:
        if line.role or not is_display(line, infos[line.page]):
            close()
            continue
        if current:
            last = current[-1]
            if (
                last.page != line.page
                or line.y0 - last.y1 > 2.5 * line.size
                or line.col != last.col
                or _NUMBER.search(last.text)
            ):
                close()
        current.append(line)
    close()
    return found
