"""Pure merges: two records of one paper, two shortlist entries of one paper.

Nothing here touches a file; the store calls these inside its transactions, on
what it has just re-read, so a merge never works from a stale copy.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from tui.models import Paper, PaperIds, Status, normalise_title

# Sources that guess (a PDF's own front matter) rather than know (arXiv, S2).
WEAK_SOURCES = frozenset({"pdf"})
# Fields a newer answer updates even when a value is known (counts change).
FRESH_FIELDS = frozenset({"citations", "influential_citations"})
MERGED_FIELDS = tuple(
    f.name for f in fields(Paper) if f.name not in ("ids", "sources", "local_pdf")
)


def placeholder_title(paper: Paper) -> bool:
    """The title is only the paper's id (added offline), or missing."""
    title = paper.title.strip()
    return not title or title == paper.key or title in {r.key for r in paper.ids.refs()}


def weak(paper: Paper) -> bool:
    """Known only by its id, or only from a PDF's own front matter."""
    return placeholder_title(paper) or set(paper.sources) <= WEAK_SOURCES


def needs_metadata(paper: Paper) -> bool:
    """Worth asking a source about: known by its id alone, or from a PDF alone (no year,
    venue, citations or TLDR yet) — and it has an id to ask by."""
    return weak(paper) and paper.ids.primary() is not None


def ids_conflict(a: PaperIds, b: PaperIds) -> bool:
    """Two different ids of one kind: two different papers, never merged."""
    return any(
        x is not None and y is not None and x != y
        for x, y in ((a.arxiv, b.arxiv), (a.doi, b.doi), (a.s2, b.s2))
    )


def same_paper(a: Paper, b: Paper) -> bool:
    """One id in common and none in conflict; or, when one has no id, the same title."""
    if ids_conflict(a.ids, b.ids):
        return False
    refs_a, refs_b = set(a.ids.refs()), set(b.ids.refs())
    if refs_a & refs_b:
        return True
    if refs_a and refs_b:
        return False
    title = normalise_title(a.title)
    return bool(title) and not placeholder_title(a) and title == normalise_title(b.title)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value is False


def merge_papers(stored: Paper, incoming: Paper) -> Paper:
    """``stored`` with the better of ``incoming``'s fields: a field ``stored`` lacks, any
    field when ``stored`` is only a placeholder or a PDF's guess and ``incoming`` comes
    from a source, and fresher counts. Ids are united (``stored`` keeps its own when
    they conflict), sources united, the user's PDF (``local_pdf``) kept."""
    if ids_conflict(stored.ids, incoming.ids):
        return stored
    upgrade = weak(stored) and not weak(incoming)
    changes: dict[str, Any] = {}
    for name in MERGED_FIELDS:
        old, new = getattr(stored, name), getattr(incoming, name)
        if _empty(new) or (name == "title" and placeholder_title(incoming)):
            continue
        missing = _empty(old) or (name == "title" and placeholder_title(stored))
        fresher = name in FRESH_FIELDS and not weak(incoming)
        if missing or upgrade or fresher:
            changes[name] = new
    ids = PaperIds(
        arxiv=stored.ids.arxiv or incoming.ids.arxiv,
        s2=stored.ids.s2 or incoming.ids.s2,
        doi=stored.ids.doi or incoming.ids.doi,
    )
    return replace(
        stored,
        **changes,
        ids=ids,
        sources=tuple(dict.fromkeys((*stored.sources, *incoming.sources))),
        local_pdf=stored.local_pdf or incoming.local_pdf,
    )


def paper_refs(paper: Paper | None, key: str) -> list[str]:
    """What an entry is matched by: its key, its paper's ids, its real title."""
    refs = [key]
    if paper is not None:
        refs += [r.key for r in paper.ids.refs()]
        if not placeholder_title(paper):
            refs.append("title:" + normalise_title(paper.title))
    return list(dict.fromkeys(refs))


def refs_match(a: list[str], b: list[str]) -> bool:
    """Two entries' refs name one paper: an id in common and none in conflict; or, when
    either has no id (a PDF without an arXiv id), the same title."""
    kinds_a = {r.split(":", 1)[0]: r for r in a}
    kinds_b = {r.split(":", 1)[0]: r for r in b}
    shared = [k for k in kinds_a.keys() & kinds_b.keys() if k != "title"]
    if any(kinds_a[k] != kinds_b[k] for k in shared):
        return False
    if shared:
        return True
    if set(kinds_a) - {"title"} and set(kinds_b) - {"title"}:
        return False
    title = kinds_a.get("title")
    return title is not None and title != "title:" and title == kinds_b.get("title")


_RANK = {Status.KEPT.value: 2, Status.CANDIDATE.value: 1, Status.ELIMINATED.value: 0}


def _join(x: str, y: str) -> str:
    if not x or x == y:
        return y
    if not y or y in x:
        return x
    return f"{x}\n{y}"


def merge_entries(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """One entry from two of the same paper (raw store docs, ``a`` added first): the more
    decided status, both notes (joined when they differ), the furthest stage and
    position, the time of both, the first date — nothing either held is lost."""
    first, second = sorted((a, b), key=lambda d: d.get("added_at") or "~")
    status_of = max((a, b), key=lambda d: _RANK.get(d.get("status", "candidate"), 1))
    notes_a, notes_b = first.get("notes") or {}, second.get("notes") or {}
    positions = dict(first.get("position") or {})
    for stage, line in (second.get("position") or {}).items():
        positions[stage] = max(int(line), int(positions.get(stage, 0)))
    seconds = dict(first.get("seconds") or {})
    for stage, spent in (second.get("seconds") or {}).items():
        seconds[stage] = round(float(seconds.get(stage, 0.0)) + float(spent), 1)
    eliminated = status_of.get("status") == Status.ELIMINATED.value
    return {
        **first,
        "status": status_of.get("status", "candidate"),
        "reason": status_of.get("reason", "") if eliminated else "",
        "eliminated_at": status_of.get("eliminated_at") if eliminated else None,
        "stage": max(int(a.get("stage", 0)), int(b.get("stage", 0))),
        "notes": {
            k: _join(str(notes_a.get(k, "")), str(notes_b.get(k, "")))
            for k in dict.fromkeys((*notes_a, *notes_b))
        },
        "position": positions,
        "seconds": seconds,
        "refs": list(dict.fromkeys((*(first.get("refs") or ()), *(second.get("refs") or ())))),
    }
