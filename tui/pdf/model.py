"""The reading engine's plain data: frozen dataclasses, JSON in and out.

``Document.to_json()`` gives the ``winnow sections --json`` schema (SPEC §5);
``Document.to_cache()`` / ``Document.from_cache()`` keep everything, for the
parsed-paper cache.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

BBox = tuple[float, float, float, float]

SECTION_KINDS = (
    "introduction",
    "related",
    "method",
    "experiments",
    "discussion",
    "conclusion",
    "limitations",
    "acknowledgments",
    "references",
    "appendix",
    "other",
)


@dataclass(frozen=True)
class Section:
    number: str | None
    heading: str
    kind: str
    page: int
    text: str
    level: int = 1
    part: int = 0  # 1 and up after a second title page (a supplement that restarts numbering)


@dataclass(frozen=True)
class Caption:
    """A figure or table caption; ``region`` is the figure's drawing area (PDF points)."""

    label: str
    caption: str
    page: int
    bbox: BBox
    region: BBox | None = None
    section: int | None = None  # index into Document.sections
    part: int = 0  # as Section.part: labels are unique within a part

    @property
    def number(self) -> str:
        return self.label.split(" ", 1)[-1]


@dataclass(frozen=True)
class Equation:
    label: str | None
    page: int
    text: str
    bbox: BBox
    section: int | None = None


@dataclass(frozen=True)
class ChecklistItem:
    kind: str  # results | limitations | future_work
    sentence: str | None
    section: str | None = None


@dataclass(frozen=True)
class Document:
    title: str
    authors: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    arxiv_id: str | None = None
    abstract: str = ""
    sections: tuple[Section, ...] = ()
    figures: tuple[Caption, ...] = ()
    tables: tuple[Caption, ...] = ()
    equations: tuple[Equation, ...] = ()
    pages: int = 0
    warnings: tuple[str, ...] = ()
    key_figure: Caption | None = None
    key_figure_rule: str = ""
    checklist: tuple[ChecklistItem, ...] = ()
    contributions: tuple[str, ...] = ()
    sha256: str = ""
    path: str = ""

    def to_json(self) -> dict[str, Any]:
        """The SPEC §5 ``winnow sections --json`` schema, plus ``warnings``."""
        return {
            "title": self.title,
            "authors": list(self.authors),
            "affiliations": list(self.affiliations),
            "links": list(self.links),
            "arxiv_id": self.arxiv_id,
            "abstract": self.abstract,
            "sections": [
                {
                    "number": s.number,
                    "heading": s.heading,
                    "kind": s.kind,
                    "page": s.page,
                    "text": s.text,
                }
                for s in self.sections
            ],
            "figures": [_caption_json(c) for c in self.figures],
            "tables": [_caption_json(c) for c in self.tables],
            "equations": [{"label": e.label, "page": e.page} for e in self.equations],
            "pages": self.pages,
            "warnings": list(self.warnings),
        }

    def to_cache(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_cache(cls, data: dict[str, Any]) -> Document:
        def caption(d: dict[str, Any] | None) -> Caption | None:
            if d is None:
                return None
            region = tuple(d["region"]) if d.get("region") else None
            return Caption(
                d["label"],
                d["caption"],
                d["page"],
                tuple(d["bbox"]),
                region,
                d.get("section"),
                d.get("part", 0),
            )

        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["sections"] = tuple(Section(**s) for s in data.get("sections", ()))
        values["figures"] = tuple(caption(c) for c in data.get("figures", ()))
        values["tables"] = tuple(caption(c) for c in data.get("tables", ()))
        values["equations"] = tuple(
            Equation(e["label"], e["page"], e["text"], tuple(e["bbox"]), e.get("section"))
            for e in data.get("equations", ())
        )
        values["checklist"] = tuple(ChecklistItem(**c) for c in data.get("checklist", ()))
        values["key_figure"] = caption(data.get("key_figure"))
        for name in ("authors", "affiliations", "links", "warnings", "contributions"):
            values[name] = tuple(data.get(name, ()))
        return cls(**values)


def _caption_json(c: Caption) -> dict[str, Any]:
    return {"label": c.label, "caption": c.caption, "page": c.page}


@dataclass(frozen=True)
class StageMeta:
    """What the caller knows from metadata (arXiv / S2) about the paper."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    tldr: str | None = None
    venue: str | None = None
    year: int | None = None
    missing_reason: str | None = None  # why there is no PDF, e.g. "no open-access PDF"


@dataclass(frozen=True)
class Block:
    """One unit of a reading stage; the TUI renders it, ``stage_text`` prints it."""

    kind: str
    text: str
    section: int | None = None  # index into Document.sections (headings and their body)
    level: int = 1
    figure: Caption | None = None
    equation: Equation | None = None
    highlight: bool = False
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
