"""A damaged PDF said so: what MuPDF repaired, and a page tree that loops.

MuPDF opens a truncated file by rebuilding its cross-reference table; pages whose
objects were cut off then come out empty, and without this module they would be blamed
on scanning. :func:`inspect` looks once, cheaply, before the parse; :meth:`Damage.apply`
puts the right words on the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from tui.pdf.errors import CorruptPdf
from tui.pdf.model import Document

_REF = re.compile(r"(\d+)\s+\d+\s+R")
_SCAN_BLAME = re.compile(r"\s*\([^()]*\bscan[^()]*\)")
_NODES_PER_PAGE = 8  # the page-tree walk stops after this many nodes per page wanted


@dataclass(frozen=True)
class Damage:
    repaired: str | None = None  # MuPDF rebuilt the file: its first complaint
    loop_after: int | None = None  # the page tree loops back on itself after this many pages

    def __bool__(self) -> bool:
        return self.repaired is not None or self.loop_after is not None

    @property
    def summary(self) -> str:
        parts = []
        if self.repaired is not None:
            detail = f": {self.repaired}" if self.repaired else ""
            parts.append(f"damaged PDF (repaired by MuPDF{detail})")
        if self.loop_after is not None:
            where = f"after page {self.loop_after}" if self.loop_after else "at once"
            prefix = "its" if parts else "damaged PDF: its"
            parts.append(f"{prefix} page tree loops back on itself {where}")
        return "; ".join(parts)

    def fatal(self) -> CorruptPdf:
        """The error for a damaged file with no readable text (never "looks like a scan")."""
        return CorruptPdf(f"{self.summary}; no readable text")

    def apply(self, doc: Document) -> Document:
        """``doc`` with the damage named first, and no page blamed on scanning when pages
        were damaged or could not be read."""
        unread = any("could not be read" in w for w in doc.warnings)
        if not self and not unread:
            return doc
        kept = []
        for warning in doc.warnings:
            if self.loop_after is not None and warning.startswith(
                f"stopped at page {self.loop_after} of"
            ):
                continue  # the loop is the reason, said above
            kept.append(_SCAN_BLAME.sub("", warning))
        if not self:
            return replace(doc, warnings=tuple(kept))
        note = self.summary + ("; some pages may be missing or cut short" if self.repaired else "")
        return replace(doc, warnings=(note, *kept))


def inspect(pdf: Any, max_pages: int) -> Damage:
    """What is wrong with an opened PDF's structure, looking at no more than ``max_pages``."""
    import pymupdf

    complaint = _first_complaint(pymupdf.TOOLS.mupdf_warnings())
    repaired = (complaint or "") if pdf.is_repaired else None
    try:
        readable, loops = _walk_page_tree(pdf, max_pages)
    except Exception:  # no page tree to walk (a repaired file): MuPDF decides alone
        readable, loops = 0, False
    damage = Damage(repaired, readable if loops else None)
    if loops and readable == 0:
        raise damage.fatal()
    return damage


def _first_complaint(warnings: str) -> str | None:
    for line in warnings.splitlines():
        line = line.strip()
        if line and not line.startswith(("trying to repair", "repairing")):
            return line.removeprefix("format error: ")[:120]
    return None


def _refs(text: str) -> list[int]:
    return [int(m.group(1)) for m in _REF.finditer(text)]


def _walk_page_tree(pdf: Any, limit: int) -> tuple[int, bool]:
    """(pages found in order before a loop or ``limit``, whether the tree loops).

    A depth-first walk of /Kids that keeps the chain of ancestors: a node that is its own
    ancestor is a loop. Shared subtrees (one page listed twice) are not loops. The walk
    is bounded by ``limit`` pages and a few nodes per page, whatever the file claims.
    """
    kind, value = pdf.xref_get_key(pdf.pdf_catalog(), "Pages")
    if kind != "xref":
        return 0, False  # no indirect page tree to walk: MuPDF decides
    pages = 0
    budget = _NODES_PER_PAGE * max(limit, 1)
    ancestors: list[int] = []
    on_path: set[int] = set()
    stack = [iter(_refs(value))]
    while stack and budget > 0:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            if ancestors:
                on_path.discard(ancestors.pop())
            continue
        if node in on_path:
            return pages, True
        budget -= 1
        kids_kind, kids = pdf.xref_get_key(node, "Kids")
        if kids_kind == "xref":
            kids = pdf.xref_object(_refs(kids)[0]) if _refs(kids) else ""
            kids_kind = "array"
        if kids_kind == "array":
            ancestors.append(node)
            on_path.add(node)
            stack.append(iter(_refs(kids)))
            continue
        pages += 1
        if pages >= limit:
            break
    return pages, False
