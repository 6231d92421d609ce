"""The four reading stages (SPEC §4) as lists of Blocks, and as plain text."""

from __future__ import annotations

import re

from tui.pdf.mathfold import is_setting, markers
from tui.pdf.model import Block, Caption, Document, Section, StageMeta

_CHECK_NAMES = {"results": "results", "limitations": "limitations", "future_work": "future work"}


def build_stage(doc: Document | None, stage: int, meta: StageMeta | None = None) -> list[Block]:
    """What the reader shows for ``stage`` (1–4); ``doc`` None means no PDF (stage 1 only)."""
    if stage not in (1, 2, 3, 4):
        raise ValueError(f"stage must be 1, 2, 3 or 4, not {stage}")
    if doc is None:
        return _from_metadata(stage, meta or StageMeta())
    builder = {1: _stage1, 2: _stage2, 3: _stage3, 4: _stage4}[stage]
    blocks = builder(doc, meta)
    blocks.extend(Block("note", w) for w in doc.warnings if stage in (1, 4))
    return blocks


def _front(doc: Document, meta: StageMeta | None) -> list[Block]:
    title = doc.title or (meta.title if meta and meta.title else "") or "(untitled)"
    blocks = [Block("title", title)]
    authors = doc.authors or (meta.authors if meta else ())
    if authors:
        blocks.append(Block("authors", ", ".join(authors)))
    if doc.affiliations:
        blocks.append(Block("affiliations", "; ".join(doc.affiliations)))
    if doc.links:
        blocks.append(Block("links", "  ".join(doc.links)))
    if doc.arxiv_id:
        blocks.append(Block("links", f"arXiv:{doc.arxiv_id}"))
    return blocks


def _abstract(doc: Document, meta: StageMeta | None) -> list[Block]:
    blocks = []
    abstract = doc.abstract or (meta.abstract if meta and meta.abstract else "")
    if abstract:
        blocks += [Block("heading", "Abstract", level=1), Block("paragraph", abstract)]
    else:
        blocks.append(Block("note", "no abstract found"))
    if meta and meta.tldr:
        blocks.append(Block("tldr", meta.tldr))
    return blocks


def _stage1(doc: Document, meta: StageMeta | None) -> list[Block]:
    blocks = _front(doc, meta)
    if doc.key_figure is not None:
        blocks.append(_caption_block(doc.key_figure))
        blocks.append(Block("note", f"key figure: {doc.key_figure_rule}"))
    else:
        blocks.append(Block("note", f"key figure: {doc.key_figure_rule or 'none'}"))
    return blocks + _abstract(doc, meta)


def _stage2(doc: Document, meta: StageMeta | None) -> list[Block]:
    blocks: list[Block] = [Block("title", doc.title or "(untitled)")]
    intro = _sections_of(doc, {"introduction"})
    if not intro:
        blocks.append(Block("note", "no introduction found"))
    wanted = [_norm(c) for c in doc.contributions]
    for k, sec in intro:
        blocks.append(_heading(k, sec))
        for para in _paragraphs(sec):
            flat = _norm(para)
            if any(w and (w in flat or flat in w) for w in wanted):
                blocks.append(Block("contribution", para, section=k, highlight=True))
            else:
                blocks.append(Block("paragraph", para, section=k))
    closing = _sections_of(doc, {"conclusion", "discussion", "limitations"})
    if not closing:
        blocks.append(Block("note", "no conclusion or discussion section found"))
    for k, sec in closing:
        blocks.append(_heading(k, sec))
        blocks += [Block("paragraph", p, section=k) for p in _paragraphs(sec)]
    blocks.append(Block("heading", "Checklist", level=1))
    for item in doc.checklist:
        name = _CHECK_NAMES.get(item.kind, item.kind)
        text = f"✓ {name}: {item.sentence}" if item.sentence else f"✗ {name}: not stated"
        blocks.append(Block("checklist", text, extra={"kind": item.kind}))
    return blocks


def _stage3(doc: Document, meta: StageMeta | None) -> list[Block]:
    blocks: list[Block] = [Block("title", doc.title or "(untitled)")]
    blocks.append(Block("heading", "Figures and tables", level=1))
    captions = [*doc.figures, *doc.tables]
    if not captions:
        blocks.append(Block("note", "no figure or table captions found"))
    blocks += [_caption_block(c) for c in captions]
    body = _sections_of(doc, {"method", "experiments"})
    if not body:
        blocks.append(Block("note", "no method or experiment sections found"))
    for k, sec in body:
        blocks.append(_heading(k, sec))
        blocks += _section_body(doc, k, sec, fold=True)
    return blocks


def _stage4(doc: Document, meta: StageMeta | None) -> list[Block]:
    blocks = _front(doc, meta) + _abstract(doc, meta)
    placed = {id(c) for c in [*doc.figures, *doc.tables] if c.section is not None}
    blocks += [_caption_block(c) for c in [*doc.figures, *doc.tables] if id(c) not in placed]
    for k, sec in enumerate(doc.sections):
        blocks.append(_heading(k, sec))
        blocks += _section_body(doc, k, sec, fold=False)
        blocks += [_caption_block(c) for c in [*doc.figures, *doc.tables] if c.section == k]
    return blocks


def _from_metadata(stage: int, meta: StageMeta) -> list[Block]:
    reason = meta.missing_reason or "no PDF could be found for this paper"
    if stage != 1:
        return [Block("note", f"PDF not available: {reason}; stage {stage} needs the paper's text")]
    blocks = [Block("title", meta.title or "(untitled)")]
    if meta.authors:
        blocks.append(Block("authors", ", ".join(meta.authors)))
    if meta.venue or meta.year:
        blocks.append(Block("venue", " ".join(str(v) for v in (meta.venue, meta.year) if v)))
    if meta.abstract:
        blocks += [Block("heading", "Abstract", level=1), Block("paragraph", meta.abstract)]
    if meta.tldr:
        blocks.append(Block("tldr", meta.tldr))
    blocks.append(
        Block(
            "note",
            f"PDF not available: {reason}; stage 1 shows metadata only "
            "(no organisations, links or key figure), and stages 2–4 need the PDF",
        )
    )
    return blocks


def _sections_of(doc: Document, kinds: set[str]) -> list[tuple[int, Section]]:
    return [(k, s) for k, s in enumerate(doc.sections) if s.kind in kinds]


def _heading(k: int, sec: Section) -> Block:
    text = f"{sec.number} {sec.heading}" if sec.number else sec.heading
    return Block("heading", text, section=k, level=sec.level)


def _paragraphs(sec: Section) -> list[str]:
    return [p for p in sec.text.split("\n\n") if p.strip()]


def _section_body(doc: Document, k: int, sec: Section, *, fold: bool) -> list[Block]:
    """A section's paragraphs; its display equations folded to markers when ``fold``.

    A setting a reader needs (``warmup_steps = 4000``) stays as it is, folded or not.
    """
    pending = [(i, e) for i, e in enumerate(doc.equations) if e.section == k]
    names = markers(doc.equations) if fold and pending else []
    out: list[Block] = []
    for para in _paragraphs(sec):
        flat = " ".join(para.split())
        at = next((j for j, (_, e) in enumerate(pending) if " ".join(e.text.split()) == flat), None)
        if at is None:
            out.append(Block("paragraph", para, section=k))
            continue
        index, eq = pending[at]
        del pending[: at + 1]
        if fold and not is_setting(eq.text):
            out.append(Block("equation_marker", names[index], section=k, equation=eq))
        else:
            out.append(Block("equation", eq.text, section=k, equation=eq))
    return out


def _caption_block(cap: Caption) -> Block:
    kind = "table" if cap.label.startswith("Table") else "figure"
    return Block(kind, f"{cap.label}: {cap.caption}", section=cap.section, figure=cap)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()[:200]


def stage_text(blocks: list[Block]) -> str:
    """Plain text of a stage: what ``winnow read --stage N`` prints."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "title":
            out += [b.text, "=" * min(len(b.text), 80)]
        elif b.kind == "heading":
            out += ["", b.text, ("─" if b.level <= 1 else "·") * min(len(b.text), 80)]
        elif b.kind in ("figure", "table"):
            out += ["", f"[{b.text}]"]
        elif b.kind == "equation" or b.kind == "equation_marker":
            out += ["", f"    {b.text}"]
        elif b.kind == "contribution":
            out += ["", f"» {b.text}"]
        elif b.kind == "checklist":
            out.append(b.text)
        elif b.kind == "note":
            out += ["", f"note: {b.text}"]
        elif b.kind == "tldr":
            out += ["", f"TL;DR: {b.text}"]
        elif b.kind == "paragraph":
            out += ["", b.text]
        else:
            out.append(b.text)
    return "\n".join(out).strip() + "\n"
