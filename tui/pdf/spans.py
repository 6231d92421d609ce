"""One page's ``get_text("dict")`` into Lines: sizes weighed, weights and styles read,
accents composed, raised spans shown raised, small capitals told from subscripts.

This is the engine's one superscript detector: a span smaller than the line's text and
set above its baseline is raised, and ``Line.text`` shows it raised (``10²⁰``,
``Lee¹,²``, ``^(2i/d)``), so every later step (marks in the front matter, exponents,
formulas) reads it from the text.

One call to MuPDF per page and no sorting by it; this is the engine's innermost loop,
so the common one-span line takes a short path.
"""

from __future__ import annotations

import re

from tui.pdf.glyphs import clean, superscript
from tui.pdf.layout import BOLD_FONT, MATH_CHARS, MATH_FONT, Line


def page_lines(
    data: dict, number: int, *, vectors: list | None = None
) -> tuple[list[Line], list[str]]:
    """Turn one page's ``get_text("dict")`` into Lines; also return rotated text (stamps).

    Vector-graphics blocks (``TEXT_COLLECT_VECTORS``) go into ``vectors`` when given.
    """
    lines: list[Line] = []
    rotated: list[str] = []
    for bno, block in enumerate(data.get("blocks", ())):
        kind = block.get("type", 0)
        if kind != 0:
            if vectors is not None and kind in (1, 3):
                vectors.append(tuple(block["bbox"]))
            continue
        first = True
        for raw in block.get("lines", ()):
            spans = raw.get("spans", ())
            direction = raw.get("dir", (1.0, 0.0))
            if abs(direction[0] - 1.0) > 0.05:
                rotated.append("".join(s["text"] for s in spans))
                continue
            line = _make_line(spans, raw["bbox"], number, bno, first)
            if line is not None:
                lines.append(line)
                first = False
    return lines, rotated


_FONT_KIND: dict[str, tuple[bool, bool]] = {}
_MATH_RE = re.compile("[" + re.escape("".join(sorted(MATH_CHARS))) + "]")


_ASCII_MATH = re.compile(r"[=+^_|]")


def _math_chars(text: str) -> int:
    if text.isascii():  # the common case: five characters to look for, usually none
        return len(_ASCII_MATH.findall(text)) if _ASCII_MATH.search(text) else 0
    return len(_MATH_RE.findall(text))


def _font_kind(font: str) -> tuple[bool, bool]:
    """(bold-looking name, math font), cached per font name."""
    kind = _FONT_KIND.get(font)
    if kind is None:
        kind = _FONT_KIND[font] = (bool(BOLD_FONT.search(font)), bool(MATH_FONT.search(font)))
    return kind


def _one_span(span, bbox, page: int, bno: int, first: bool) -> Line | None:
    """The common case, a line in one font: no sizes to weigh, no baselines to compare."""
    raw = span["text"]
    text = " ".join(clean(raw).split())  # cleaned first: a Symbol-font space is a space
    if not text:
        return None
    size = round(span["size"], 1)
    font = span["font"]
    flags = span["flags"]
    bold_name, math_font = _font_kind(font)
    bold = bool(flags & 16) or bold_name
    n = len(raw.strip())
    return _line(
        bbox,
        page,
        bno,
        first,
        text=text,
        size=size,
        bold=bold,
        italic=bool(flags & 2),
        font=font,
        math=1.0 if math_font else _math_chars(raw) / max(n, 1),
    )


def _line(bbox, page: int, bno: int, first: bool, **looks) -> Line:
    x0, y0, x1, y1 = bbox
    return Line(page, x0, y0, x1, y1, block=page * 10000 + bno, block_start=first, **looks)


def _make_line(spans, bbox, page: int, bno: int, first: bool) -> Line | None:
    if len(spans) == 1:
        return _one_span(spans[0], bbox, page, bno, first)
    live = []  # (text, chars, size, font, flags, baseline, x0, x1)
    sizes: dict[float, int] = {}
    for span in spans:
        text = span["text"]
        if not text.isascii():
            text = clean(text)  # Symbol-font spaces and digits count as what they draw
        n = len(text.strip())
        size = round(span["size"], 1)
        x0, _, x1, _ = span["bbox"]
        live.append((text, n, size, span["font"], span["flags"], span["origin"][1], x0, x1))
        if n:
            sizes[size] = sizes.get(size, 0) + n
    if not sizes:
        return None
    size = max(sizes, key=sizes.__getitem__)
    base = next(t[5] for t in live if t[1] and t[2] == size)
    fonts: dict[str, int] = {}
    parts: list[str] = []
    bold_n = italic_n = math_n = total = 0
    lead_bold: list[str] = []
    lead_open = True
    max_size = 0.0
    min_size = size
    level = True  # every span on one baseline (small capitals, not sub/superscripts)
    pending: list[str] = []  # raised spans attached to the text before them
    small_space = False  # the last part is a space set in the small size of a mark
    # what a span is raised against: the last span set on the line's own baseline (a
    # superscript follows the text it belongs to, whatever size most characters have)
    ref_size, ref_base = size, base
    flat: dict[float, int] = {}  # sizes of the spans on that baseline
    last_x1 = last_size = 0.0  # where the last span with text ended, and its size
    for text, n, span_size, font, flags, baseline, x0, x1 in live:
        if not n:
            if pending:
                parts.append(superscript(pending))
                pending = []
            parts.append(text)
            small_space = span_size <= 0.85 * size
            continue
        bold_name, math_font = _font_kind(font)
        is_bold = bool(flags & 16) or bold_name
        small = span_size <= 0.85 * ref_size
        raised = small and baseline < ref_base - 0.18 * ref_size
        if not small or not (raised or baseline > ref_base + 0.1 * ref_size):
            ref_size, ref_base = span_size, baseline  # not a sub- or superscript
            flat[span_size] = flat.get(span_size, 0) + n
        # raised after a word (a mark, an exponent), after the thin space a mark's own size
        # puts before it (ICML's ``Mitchell 1``), or opening the line (``¹University``)
        if raised and small_space and not pending and parts and parts[-1].isspace():
            parts.pop()
        if raised and (pending or not parts or not parts[-1][-1:].isspace()):
            pending.append(text)
        else:
            if pending:
                parts.append(superscript(pending))
                pending = []
            if (
                parts
                and x0 - last_x1 > 0.2 * max(span_size, last_size)
                and not parts[-1][-1:].isspace()
                and not text[:1].isspace()
            ):
                parts.append(" ")  # a gap the PDF left without a space (𝑊 and, in math fonts)
            parts.append(text)
        last_x1, last_size = x1, span_size
        small_space = False
        if abs(baseline - base) > 0.12 * size:
            level = False
        if not raised:
            if span_size > max_size:
                max_size = span_size
            if span_size < min_size:
                min_size = span_size
        fonts[font] = fonts.get(font, 0) + n
        total += n
        if is_bold:
            bold_n += n
        if flags & 2:
            italic_n += n
        if math_font:
            math_n += n
        else:
            math_n += _math_chars(text)
        if lead_open and is_bold:
            lead_bold.append(text)
        else:
            lead_open = False
    if pending:
        parts.append(superscript(pending))
    if flat:
        size = max(flat, key=flat.__getitem__)  # the line's size is its own text's size
    text = " ".join(clean("".join(parts)).split())
    if not text:
        return None
    smallcaps = (
        level
        and max_size - min_size > 0.8
        and math_n == 0
        and "=" not in text
        and text.isupper()
        and sum(c.isalpha() for c in text) >= 3
    )
    if smallcaps:
        size = max_size
    lead = "".join(lead_bold).strip() if not lead_open or bold_n < total else ""
    return _line(
        bbox,
        page,
        bno,
        first,
        text=text,
        size=size,
        bold=bold_n >= 0.6 * total,
        italic=italic_n >= 0.6 * total,
        font=max(fonts, key=fonts.__getitem__),
        math=math_n / total,
        smallcaps=smallcaps,
        scripts=not level,
        lead_bold=clean(lead),
    )
