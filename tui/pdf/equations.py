"""Display equations: whole displays, found as rows set off from the running text.

A display is a run of visual rows, each a line of its own: indented or centred in its
column (a paragraph's last line starts at the column's edge, so ``We used`` /
``warmup_steps = 4000.`` stays text), mathematical (math fonts, symbols, a relation)
and nearly free of words; or a row that ends with the paper's own label ``(3)`` at
the column's right edge. Fragments set on rows of their own around it (a fraction's
denominator, a sum's limits, sub- and superscripts) belong to the display, so no half
equation is left in the text. A run holding several labels (an ``align``) is split
after each labelled row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.pdf.layout import Line, PageInfo

_NUMBER = re.compile(r"\(\s*(\d{1,3}[a-z]?|[A-Z]\.?\d{1,3}[a-z]?|\d{1,2}\.\d{1,3})\s*\)$")
_WORD = re.compile(r"^[a-z]{3,}[,.;:]?$")  # a word of running text (not ``Lloc``, ``Concat``)
_RELATION = re.compile(r"[=<>≤≥≈≡≠∈∝←→↦⇒⇔≜≪≫⊂⊆∼≃]|:=")
_OPERATOR = re.compile(r"[+−×·∑∏∫∂∇√±∓⊙⊗⊕∘∥‖/^_|]")
_BULLET = re.compile(r"^(?:[•●◦▪‣∙–—-]\s|\(?[a-z0-9]{1,2}[.)]\s)")
_NOT_MATH = re.compile(r"https?://|www\.|\.(?:com|org|edu|html?)\b")
_MONO = re.compile(r"mono|courier|cmtt|typewriter|consol|menlo|inconsolata|nimbusmon", re.I)


@dataclass
class FoundEquation:
    label: str | None
    lines: list[Line]  # in reading order
    rows: list[list[Line]] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        """The display's rows in order, the paper's label (if any) at the end."""
        rows = self.rows or [[ln] for ln in self.lines]
        text = " ".join(_row_text(row) for row in rows)
        if self.label:
            inner = re.escape(self.label[1:-1])
            text = re.sub(rf"\(\s*{inner}\s*\)", " ", text, count=1)
            text = f"{' '.join(text.split())} {self.label}"
        return text

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (
            round(min(ln.x0 for ln in self.lines), 1),
            round(min(ln.y0 for ln in self.lines), 1),
            round(max(ln.x1 for ln in self.lines), 1),
            round(max(ln.y1 for ln in self.lines), 1),
        )


class _Row:
    """Lines of one column sharing a band of the page, with their extent."""

    __slots__ = (
        "lines",
        "kind",
        "label",
        "math_like",
        "page",
        "col",
        "x0",
        "y0",
        "x1",
        "y1",
        "size",
    )

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.kind = ""  # display | fragment | ""
        self.label: str | None = None
        self.math_like = False  # mathematical and nearly wordless, wherever it starts
        first = lines[0]
        self.page, self.col = first.page, first.col
        self.x0, self.y0, self.x1, self.y1, self.size = (
            first.x0,
            first.y0,
            first.x1,
            first.y1,
            first.size,
        )
        for ln in lines[1:]:
            self.x0, self.y0 = min(self.x0, ln.x0), min(self.y0, ln.y0)
            self.x1, self.y1 = max(self.x1, ln.x1), max(self.y1, ln.y1)
            self.size = max(self.size, ln.size)


def _row_text(row: list[Line]) -> str:
    """Left to right; pieces stacked in one place (a fraction) top to bottom."""
    ordered = sorted(row, key=lambda ln: ln.x0)
    for k in range(len(ordered) - 1):
        a, b = ordered[k], ordered[k + 1]
        if b.x0 < a.x1 and b.y0 < a.y0 and a.x0 < b.x1:
            ordered[k], ordered[k + 1] = b, a
    return " ".join(ln.text for ln in ordered)


def _column(line: Line, info: PageInfo) -> tuple[float, float]:
    if info.two_columns and line.col == 1:
        return info.text_x0, info.mid
    if info.two_columns and line.col == 2:
        return info.mid, info.text_x1
    return info.text_x0, info.text_x1


def _rows(lines: list[Line]) -> list[_Row]:
    """Consecutive unclaimed lines of one column that share a band of the page."""
    rows: list[_Row] = []
    current: list[Line] = []
    top = bottom = 0.0
    for ln in lines:
        if ln.role:
            if current:
                rows.append(_Row(current))
            current = []
            continue
        if current and ln.page == current[0].page and ln.col == current[0].col:
            overlap = min(bottom, ln.y1) - max(top, ln.y0)
            if overlap > 0.3 * min(bottom - top, ln.height):
                current.append(ln)
                top, bottom = min(top, ln.y0), max(bottom, ln.y1)
                continue
        if current:
            rows.append(_Row(current))
        current, top, bottom = [ln], ln.y0, ln.y1
    if current:
        rows.append(_Row(current))
    return rows


def _classify(row: _Row, info: PageInfo, body: float) -> None:
    """Mark ``row`` a display row, a fragment (of a display), or neither."""
    lo, hi = _column(row.lines[0], info)
    width = max(hi - lo, 1.0)
    indent = row.x0 - lo
    starts_left = indent < max(0.03 * width, 0.8 * body)
    if starts_left and not any(ln.text.endswith(")") for ln in row.lines):
        return  # running text, or a paragraph's last line: never a display (the common case)
    ordered = sorted(row.lines, key=lambda ln: ln.x0)
    text = " ".join(ln.text for ln in ordered)
    x1 = max(ln.x1 for ln in ordered)
    right = max(ordered, key=lambda ln: ln.x1)  # the label sits at the column's right edge
    m = _NUMBER.search(right.text)
    if m and right.x1 >= hi - 0.12 * width:
        row.label = f"({m.group(1)})"
        text = " ".join(text.replace(m.group(0), " ", 1).split())
        if len(ordered) > 1 and _NUMBER.fullmatch(right.text.strip()):
            x1 = max((ln.x1 for ln in ordered if ln is not right), default=x1)
    chars = sum(len(ln.text) for ln in ordered) or 1
    math = sum(ln.math * len(ln.text) for ln in ordered) / chars
    tokens = text.split()
    words = sum(1 for t in tokens if _WORD.match(t))
    relation = bool(_RELATION.search(text))
    mathy = math >= 0.3 or relation or (math >= 0.12 and bool(_OPERATOR.search(text)))
    centred = abs((row.x0 + x1) / 2 - (lo + hi) / 2) <= 0.12 * width and x1 - row.x0 <= 0.85 * width
    set_off = centred or indent >= max(0.05 * width, 2.0 * body)
    cells = max(ln.cells for ln in ordered)
    if not re.search(r"[^\W_]", text):
        row.kind = "display" if row.label and not text else ""  # a label on a row of its own
        return
    if _BULLET.match(text) or (text.endswith(":") and words >= 2) or _NOT_MATH.search(text):
        return
    if (_MONO.search(ordered[0].font) and not row.label) or (
        len(tokens) >= 2 and all(_WORD.match(t) for t in tokens[-2:])
    ):
        return  # a code listing (unless the paper numbers it), or a sentence going on
    row.math_like = mathy and words <= 2 and (row.size >= 0.85 * body or math >= 0.6)
    labelled = bool(row.label) and (not starts_left or (math >= 0.3 and words <= 1))
    if (
        labelled
        and mathy
        and words <= 4
        or row.math_like
        and set_off
        and not starts_left
        and cells <= 3
    ):
        row.kind = "display"
    elif (
        not starts_left
        and not words
        and len(text) <= 30
        and (math >= 0.3 or row.size < 0.9 * body or all(len(t) <= 2 for t in tokens))
    ):
        row.kind = "fragment"  # a numerator, a denominator (``M t e '``), a limit


def _formula(row: _Row) -> bool:
    """A wordless row of mathematics, wherever it starts: what a label set on a row of its
    own below it (a tall display, its name at the column's edge) numbers."""
    text = _row_text(row.lines)
    if len(text) > 200 or _NOT_MATH.search(text):
        return False
    tokens = text.split()
    if sum(1 for t in tokens if _WORD.match(t)) > 1:
        return False
    chars = sum(len(ln.text) for ln in row.lines) or 1
    math = sum(ln.math * len(ln.text) for ln in row.lines) / chars
    return math >= 0.2 or bool(_RELATION.search(text))


def _near(a: _Row, b: _Row) -> bool:
    """``b`` sits just below (or beside) ``a`` in the same column."""
    return a.page == b.page and a.col == b.col and b.y0 - a.y1 <= max(0.9 * b.size, 6.0)


def _within(group: list[_Row], row: _Row) -> bool:
    x0 = min(r.x0 for r in group)
    x1 = max(r.x1 for r in group)
    pad = 2.0 * row.size
    return row.x0 >= x0 - pad and row.x1 <= x1 + pad


def _groups(rows: list[_Row]) -> list[list[_Row]]:
    """Runs of display rows, with the fragments (and, for a labelled display, the
    mathematical rows) set just above, below or between them."""
    groups: list[list[_Row]] = []
    current: list[_Row] = []
    start = 0
    for k, row in enumerate(rows):
        if row.kind == "display":
            if current and _near(current[-1], row):
                current.append(row)
                continue
            if current:
                groups.append(current)
            current, start = [row], k
            while start > 0 and _near(rows[start - 1], current[0]):
                back = rows[start - 1]  # a numerator, a limit, or the body of a labelled display
                if (
                    back.kind == "fragment"
                    or (back.math_like and (row.label or back.kind))
                    or (
                        row.label
                        and not _row_text(row.lines).strip("() 0123456789")
                        and _formula(back)
                    )
                ):
                    current.insert(0, back)
                    start -= 1
                else:
                    break
        elif (
            row.kind == "fragment" and current and _near(current[-1], row) and _within(current, row)
        ):
            current.append(row)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _split(group: list[_Row]) -> list[list[_Row]]:
    """One equation per label: an ``align`` of labelled rows is several displays."""
    parts: list[list[_Row]] = [[]]
    for row in group:
        if row.kind == "display" and row.label and any(r.label for r in parts[-1]):
            parts.append([])
        parts[-1].append(row)
    return [p for p in parts if any(r.kind == "display" for r in p)]


def find_equations(lines: list[Line], infos: list[PageInfo]) -> list[FoundEquation]:
    """Whole display equations in reading order; their lines are marked ``equation``."""
    sizes = sorted(ln.size for ln in lines if not ln.role)
    body = sizes[len(sizes) // 2] if sizes else 10.0
    rows = _rows(lines)
    for row in rows:
        _classify(row, infos[row.page], body)
    found: list[FoundEquation] = []
    for group in _groups(rows):
        for part in _split(group):
            # rows are runs of consecutive lines, kept in order: their lines are in reading order
            ordered = [ln for row in part for ln in row.lines]
            label = next((r.label for r in part if r.label), None)
            found.append(FoundEquation(label, ordered, [r.lines for r in part]))
            for ln in ordered:
                ln.role = "equation"
    return found
