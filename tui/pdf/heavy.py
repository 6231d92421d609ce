"""Per-page caps on drawings: a cheap look at a page before MuPDF runs it.

A page's cost is the drawing commands MuPDF interprets: its content streams, plus every
form XObject each time it is drawn (forms drawing forms ten times, six deep, are a
million rectangles from a 10 KB file). :func:`page_flags` estimates that from the
streams' lengths and the ``Do`` operators of the forms that draw other forms, without
running anything, then:

* past :data:`HEAVY` bytes the page is read without collecting vector graphics (its text
  comes out; its figures are not located), which is what costs the memory;
* past :data:`ABSURD` bytes the page is skipped (:class:`HeavyPage`): no paper's page
  comes near it, and running it would take minutes.

:func:`cap_vectors` drops the vector boxes of a page that still produced too many.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from tui.pdf.document import size_text

HEAVY = 4 << 20
"""Bytes of drawing commands past which a page's vector graphics are not collected.
Papers' pages hold tens of kilobytes; the densest plots a few MB."""

ABSURD = 32 << 20
"""Bytes of drawing commands past which a page is not run at all (about 6 s of MuPDF)."""

MAX_VECTORS = 20_000
"""More vector-graphics blocks than this on one page are dropped rather than kept."""

_DECOMPRESS = 1 << 20  # a form that draws forms is read for its count when this small
_LOOKUPS = 500  # objects looked at per document (about 2 ms); past them, only content counts
_DEPTH = 12
_LENGTH = re.compile(r"/Length\s+(\d+)(\s+\d+\s+R)?")
_RESOURCES = re.compile(r"/Resources\s*(?:(\d+)\s+\d+\s+R|<<)")
_XOBJECT = re.compile(r"/XObject\s*(?:(\d+)\s+\d+\s+R|<<((?:[^<>]|<<[^<>]*>>)*)>>)")
_NAMED_REF = re.compile(r"/([^\s/<>\[\]()]+)\s*(\d+)\s+\d+\s+R")
_DO = re.compile(rb"/([^\s/<>\[\]()]+)\s*Do\b")


class HeavyPage(Exception):
    """A page with too many drawing commands to run; the message says how many."""


def page_flags(pdf: Any, page: Any, flags: int) -> tuple[int, str | None]:
    """The text-extraction flags for ``page`` and the warning when they were reduced;
    raises :class:`HeavyPage` for a page not worth running."""
    import pymupdf

    costs = _costs(pdf)
    try:
        cost = costs.page(page)
    except Exception:  # a damaged object: the look is skipped, MuPDF reads what it can
        cost = 0
    if cost <= HEAVY:
        return flags, None
    amount = f"{size_text(cost)} of drawing commands"
    if cost > ABSURD:
        raise HeavyPage(f"{amount}, too many to run")
    where = f"page {page.number + 1}: {amount}"
    return flags & ~pymupdf.TEXT_COLLECT_VECTORS, f"{where}; its figures are not located"


def may_draw_images(pdf: Any, page: Any) -> bool:
    """Whether ``page`` may draw an image XObject, itself or through its forms: a walk of
    the resources memoised per document, so a figure's forms are read once per paper, not
    once per page that shows them (PyMuPDF's ``get_images`` walks them every time: 120 ms
    on a paper whose figures are nested forms). True when the walk runs out of lookups."""
    costs = _costs(pdf)
    try:
        return costs.images(costs.resources(page.xref, inherit=True), 0)
    except _OutOfLookups:
        return True
    except Exception:  # a damaged object: let MuPDF look
        return True


def _costs(pdf: Any) -> _Costs:
    costs = pdf.__dict__.get("_winnow_costs")
    if costs is None:
        costs = pdf.__dict__["_winnow_costs"] = _Costs(pdf)
    return costs


def cap_vectors(vectors: list[Any], page_number: int) -> str | None:
    """Drop a page's vector-graphics boxes past :data:`MAX_VECTORS`; the warning, if any."""
    if len(vectors) <= MAX_VECTORS:
        return None
    count = len(vectors)
    vectors.clear()
    return f"page {page_number + 1}: {count:,} drawings; its figures are not located"


class _OutOfLookups(Exception):
    pass


class _Costs:
    """Bytes of drawing commands per page and per form, for one document (memoised)."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.memo: dict[int, int] = {}
        self.imaged: dict[int, bool] = {}  # form xref → it draws an image, itself or below
        self.lookups = _LOOKUPS

    def page(self, page: Any) -> int:
        contents = page.get_contents()
        cost = sum(self.length(xref) for xref in contents)
        if cost > ABSURD or self.lookups <= 0:
            return cost
        try:
            forms = self.forms(self.resources(page.xref, inherit=True))
            if not forms:
                return cost
            if cost > _DECOMPRESS:
                return cost + sum(self.form(x, 1) for x in forms.values())
            calls: Counter[str] = Counter()
            for xref in contents:
                calls.update(_calls(self.pdf.xref_stream(xref)))
            return cost + self.calls(calls, forms, 0)
        except _OutOfLookups:
            return cost

    def calls(self, calls: Counter[str], forms: dict[str, int], depth: int) -> int:
        total = 0
        for name, times in calls.items():
            if name in forms:
                total += times * self.form(forms[name], depth + 1)
                if total > ABSURD:
                    break
        return total

    def form(self, xref: int, depth: int) -> int:
        if xref in self.memo:
            return self.memo[xref]
        if depth > _DEPTH:
            return ABSURD + 1
        self.memo[xref] = ABSURD + 1  # a form that draws itself costs without end
        own = self.length(xref)
        children = self.forms(self.resources(xref, inherit=False))
        if not children:
            cost = own
        elif own > _DECOMPRESS:
            cost = own + sum(self.form(x, depth + 1) for x in children.values())
        else:
            calls = Counter(_calls(self.pdf.xref_stream(xref)))
            cost = own + self.calls(calls, children, depth)
        self.memo[xref] = cost
        return cost

    def text(self, xref: int) -> str:
        if self.lookups <= 0:
            raise _OutOfLookups
        self.lookups -= 1
        return self.pdf.xref_object(xref, compressed=True)

    def length(self, xref: int) -> int:
        match = _LENGTH.search(self.pdf.xref_object(xref, compressed=True))
        if match is None:
            return 0
        if match.group(2):  # an indirect length
            return _int(self.pdf.xref_object(int(match.group(1)), compressed=True))
        return int(match.group(1))

    def resources(self, xref: int, *, inherit: bool) -> str:
        """The text of an object's resources dictionary (a page inherits its parents')."""
        for _ in range(32):
            text = self.text(xref)
            match = _RESOURCES.search(text)
            if match is not None:
                return self.text(int(match.group(1))) if match.group(1) else text[match.start() :]
            parent = re.search(r"/Parent\s*(\d+)\s+\d+\s+R", text)
            if not inherit or parent is None:
                break
            xref = int(parent.group(1))
        return ""

    def forms(self, resources: str) -> dict[str, int]:
        """The form XObjects named in a resources dictionary: name → xref."""
        return {name: x for name, (x, kind) in self.xobjects(resources).items() if kind == "Form"}

    def xobjects(self, resources: str) -> dict[str, tuple[int, str]]:
        """The XObjects named in a resources dictionary: name → (xref, subtype)."""
        match = _XOBJECT.search(resources)
        if match is None:
            return {}
        names = self.text(int(match.group(1))) if match.group(1) else match.group(2) or ""
        found = {}
        for name, target in _NAMED_REF.findall(names):
            text = self.text(int(target)).replace(" ", "")
            kind = next((k for k in ("Form", "Image") if f"/Subtype/{k}" in text), "")
            found[name] = (int(target), kind)
        return found

    def images(self, resources: str, depth: int) -> bool:
        """Whether these resources name an image, themselves or in their forms' resources."""
        if depth > _DEPTH:
            return True
        kinds = self.xobjects(resources)
        if any(kind == "Image" for _, kind in kinds.values()):
            return True
        for xref, kind in kinds.values():
            if kind != "Form":
                continue
            if xref not in self.imaged:
                self.imaged[xref] = False  # a form that draws itself adds nothing
                self.imaged[xref] = self.images(self.resources(xref, inherit=False), depth + 1)
            if self.imaged[xref]:
                return True
        return False


def _calls(data: bytes) -> list[str]:
    return [m.group(1).decode("latin-1") for m in _DO.finditer(data)]


def _int(text: str) -> int:
    try:
        return max(int(text.strip()), 0)
    except ValueError:
        return 0
