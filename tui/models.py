"""The domain's plain data: frozen dataclasses that everything else speaks in.

Raw arXiv Atom entries and S2 JSON become these as soon as they arrive; the
store, the CLI and the widgets never see raw dicts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from typing import Any

# ---------------------------------------------------------------- identifiers

_ARXIV_NEW = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5})(v\d+)?$", re.IGNORECASE)
_ARXIV_OLD = re.compile(r"^(?:arxiv:)?([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^?#\s]+?)(?:\.pdf)?/?$", re.IGNORECASE)
_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_S2 = re.compile(r"^(?:s2:|CorpusId:)?([0-9a-f]{40}|\d{1,12})$", re.IGNORECASE)


class IdKind(str, Enum):
    ARXIV = "arxiv"
    DOI = "doi"
    S2 = "s2"


@dataclass(frozen=True)
class PaperRef:
    """A parsed identifier, as the user typed it: ``kind`` and canonical ``value``."""

    kind: IdKind
    value: str

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.value}"


def strip_arxiv_version(arxiv_id: str) -> str:
    return re.sub(r"v\d+$", "", arxiv_id)


def parse_ref(text: str) -> PaperRef | None:
    """Parse an arXiv id, DOI or S2 id; ``None`` when it is none of them."""
    text = text.strip()
    if m := _ARXIV_URL.search(text):
        text = m.group(1)
    if m := _ARXIV_NEW.match(text):
        return PaperRef(IdKind.ARXIV, m.group(1))
    if m := _ARXIV_OLD.match(text):
        return PaperRef(IdKind.ARXIV, m.group(1).lower())
    if m := _DOI.match(text):
        return PaperRef(IdKind.DOI, m.group(1).lower())
    if m := _S2.match(text):
        value = m.group(1)
        if text.lower().startswith("corpusid:"):
            value = f"CorpusId:{value}"
        return PaperRef(IdKind.S2, value.lower() if len(value) == 40 else value)
    return None


def normalise_title(title: str) -> str:
    """Title folded for de-duplication: accents, case, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


# ---------------------------------------------------------------- papers


@dataclass(frozen=True)
class Author:
    name: str
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaperIds:
    arxiv: str | None = None  # without version
    s2: str | None = None
    doi: str | None = None  # lower case

    def refs(self) -> list[PaperRef]:
        out = []
        if self.arxiv:
            out.append(PaperRef(IdKind.ARXIV, self.arxiv))
        if self.doi:
            out.append(PaperRef(IdKind.DOI, self.doi))
        if self.s2:
            out.append(PaperRef(IdKind.S2, self.s2))
        return out

    def primary(self) -> PaperRef | None:
        refs = self.refs()
        return refs[0] if refs else None


@dataclass(frozen=True)
class Paper:
    """One paper as winnow knows it, merged from every source that answered."""

    title: str
    ids: PaperIds = field(default_factory=PaperIds)
    authors: tuple[Author, ...] = ()
    year: int | None = None
    venue: str | None = None
    abstract: str | None = None
    tldr: str | None = None
    citations: int | None = None
    influential_citations: int | None = None
    pdf_url: str | None = None
    open_access: bool = False
    categories: tuple[str, ...] = ()
    comment: str | None = None
    published: str | None = None  # ISO date
    updated: str | None = None  # ISO date
    bibtex: str | None = None
    sources: tuple[str, ...] = ()
    local_pdf: str | None = None  # a file the user brought in
    version: int | None = None  # the arXiv version seen (5 for 1706.03762v5), when known

    @property
    def key(self) -> str:
        """The stable key the store files this paper under."""
        ref = self.ids.primary()
        if ref is not None:
            return ref.key
        return "title:" + normalise_title(self.title)

    @property
    def author_names(self) -> list[str]:
        return [a.name for a in self.authors]

    def first_authors(self, n: int = 2) -> str:
        names = self.author_names
        if not names:
            return ""
        shown = ", ".join(names[:n])
        return shown + (" et al." if len(names) > n else "")

    def with_(self, **changes: Any) -> Paper:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        data = dict(data)
        data["ids"] = PaperIds(**(data.get("ids") or {}))
        data["authors"] = tuple(
            Author(a["name"], tuple(a.get("affiliations") or ())) for a in data.get("authors") or ()
        )
        for name in ("categories", "sources"):
            data[name] = tuple(data.get(name) or ())
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_json(self) -> dict[str, Any]:
        """The paper as SPEC §5's ``search --json`` prints it."""
        return {
            "title": self.title,
            "authors": self.author_names,
            "year": self.year,
            "venue": self.venue,
            "citations": self.citations,
            "tldr": self.tldr,
            "abstract": self.abstract,
            "ids": {"arxiv": self.ids.arxiv, "s2": self.ids.s2, "doi": self.ids.doi},
            "sources": list(self.sources),
            "pdf_url": self.pdf_url,
        }


def arxiv_version(arxiv_id: str | None) -> int | None:
    """The version of ``1706.03762v5`` (5); ``None`` when the id carries none."""
    m = re.search(r"v(\d+)$", arxiv_id or "")
    return int(m.group(1)) if m else None


def placeholder_paper(ref: PaperRef) -> Paper:
    """A paper known only by its id (added offline; metadata comes later)."""
    ids = PaperIds(**{ref.kind.value: ref.value})
    return Paper(title=ref.key, ids=ids)


# ---------------------------------------------------------------- citations


class Intent(str, Enum):
    """Why one paper cites another, as S2 classifies it (its words are the values)."""

    BACKGROUND = "background"
    METHOD = "methodology"
    RESULT = "result"

    @property
    def label(self) -> str:
        return "method" if self is Intent.METHOD else self.value

    @classmethod
    def parse(cls, value: object) -> Intent | None:
        try:
            return cls(value)
        except ValueError:
            return None


@dataclass(frozen=True)
class Context:
    """One sentence in which the citing paper cites the cited one, with its intents."""

    text: str
    intents: tuple[Intent, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "intents": [i.label for i in self.intents]}


@dataclass(frozen=True)
class Citation:
    """A row of a references or citations listing: the other paper and how the two link.

    ``paper`` is the cited paper (references) or the citing one (citations);
    ``contexts`` the citing sentences, ``intents`` S2's summary of them,
    ``influential`` S2's flag for a citation that builds on the cited work.
    """

    paper: Paper
    contexts: tuple[Context, ...] = ()
    intents: tuple[Intent, ...] = ()
    influential: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            **self.paper.to_json(),
            "contexts": [c.to_json() for c in self.contexts],
            "intents": [i.label for i in self.intents],
            "influential": self.influential,
        }


# ---------------------------------------------------------------- triage


class Status(str, Enum):
    CANDIDATE = "candidate"
    KEPT = "kept"
    ELIMINATED = "eliminated"


class Phase(str, Enum):
    COLLECT = "COLLECT"
    SKIM = "SKIM"
    CUT = "CUT"
    READ = "READ"


@dataclass(frozen=True)
class Notes:
    purpose: str = ""
    problem: str = ""
    contributions: str = ""
    text: str = ""

    @property
    def answered(self) -> int:
        """How many of the three skim questions have an answer."""
        return sum(bool(v.strip()) for v in (self.purpose, self.problem, self.contributions))


@dataclass(frozen=True)
class Entry:
    """A paper on a topic's shortlist."""

    paper_key: str
    status: Status = Status.CANDIDATE
    reason: str = ""
    eliminated_at: str | None = None
    added_at: str = ""
    stage: int = 0  # highest stage opened, 0-4
    notes: Notes = field(default_factory=Notes)
    position: dict[str, int] = field(default_factory=dict)  # stage -> reading line
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> time spent

    @property
    def active(self) -> bool:
        return self.status is not Status.ELIMINATED


@dataclass(frozen=True)
class Topic:
    name: str
    purpose: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class SearchFilters:
    since: int | None = None
    until: int | None = None
    sort: str = "relevance"  # relevance | newest | citations
    source: str = "all"  # arxiv | s2 | all
    category: str | None = None
    open_access: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """The filters in a few words ("since 2021, most cited"); empty when none are set."""
        bits = []
        if self.since and self.until:
            bits.append(f"{self.since}–{self.until}")
        elif self.since:
            bits.append(f"since {self.since}")
        elif self.until:
            bits.append(f"until {self.until}")
        if self.sort != "relevance":
            bits.append("most cited" if self.sort == "citations" else self.sort)
        if self.source != "all":
            bits.append(f"{self.source} only")
        if self.category:
            bits.append(self.category)
        if self.open_access:
            bits.append("open access")
        return ", ".join(bits)


def skimmed(entry: Entry) -> bool:
    """Stage 1 opened and at least one of the three skim questions answered."""
    return entry.stage >= 1 and entry.notes.answered > 0


def phase_of(entries: list[Entry], cap: int, kept_target: int = 3, list_size: int = 6) -> Phase:
    """The phase follows from the state; the user never sets it.

    READ once the cut is done; CUT once every paper on the list is skimmed;
    SKIM once skimming began or the list reached the method's 6 papers (or the
    cap, if smaller); COLLECT before that.
    """
    active = [e for e in entries if e.active]
    if not active:
        return Phase.COLLECT
    if cut_done(entries, kept_target):
        return Phase.READ
    if all(skimmed(e) or e.status is Status.KEPT for e in active):
        return Phase.CUT
    if len(active) >= min(cap, list_size) or any(e.stage >= 1 for e in active):
        return Phase.SKIM
    return Phase.COLLECT


def cut_done(entries: list[Entry], kept_target: int = 3) -> bool:
    """Stages 2-4 open once at most ``kept_target`` papers remain on the list, all kept."""
    active = [e for e in entries if e.active]
    kept = [e for e in active if e.status is Status.KEPT]
    return bool(kept) and len(active) <= kept_target and len(kept) == len(active)
