"""The Markdown triage report: what was decided and why, to paste into a chat or a PR.

Outside text (titles, venues, reasons, notes) is escaped so it reads as
written and never turns into links, emphasis, tables, HTML or headings.
"""

from __future__ import annotations

import re
from datetime import date

from tui.exchange._text import one_line, strip_controls
from tui.exchange.links import alphaxiv_link, paper_link, s2_link
from tui.models import Entry, Paper, Status, phase_of
from tui.store import Store

SKIM_MINUTES = 10  # the method's first pass takes 5-10 minutes
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])|&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\d*)([-+=#.)])")


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)


def md_escape(text: str | None) -> str:
    """Outside text as one line of literal Markdown."""
    return _escape(one_line(text))


def _md_block(text: str) -> list[str]:
    """Several lines of outside text, each escaped, none starting a list or a heading."""
    lines = strip_controls(text, keep_newlines=True).splitlines()
    out = []
    for line in lines:
        escaped = _escape(" ".join(line.split()))
        out.append(_LINE_START.sub(r"\1\\\2", escaped))
    while out and not out[-1]:
        out.pop()
    return out


def _link(title: str, url: str) -> str:
    if not url:
        return f"**{md_escape(title)}**"
    url = re.sub(r"[\s<>]", lambda m: f"%{ord(m.group()):02X}", url)
    target = f"<{url}>" if re.search(r"[()\\]", url) else url  # DOIs may hold parentheses
    return f"[{md_escape(title)}]({target})"


def duration(seconds: float) -> str:
    """``45 s``, ``7 min``, ``1 h 05 min``."""
    if round(seconds) < 60:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _time_line(entry: Entry) -> str | None:
    spent = {int(k): v for k, v in entry.seconds.items() if str(k).isdigit() and v > 0}
    if not spent:
        return None
    parts = []
    for stage in sorted(spent):
        part = f"stage {stage}: {duration(spent[stage])}"
        if stage == 1 and spent[stage] > SKIM_MINUTES * 60:
            part += f" (over the {SKIM_MINUTES}-minute skim)"
        parts.append(part)
    if len(spent) > 1:
        parts.append(f"total {duration(sum(spent.values()))}")
    return " · ".join(parts)


def _byline(paper: Paper) -> str:
    bits = [md_escape(paper.first_authors(3))] if paper.authors else []
    bits += [str(paper.year)] if paper.year else []
    bits += [md_escape(paper.venue)] if paper.venue else []
    if paper.ids.arxiv:
        bits.append(f"arXiv:{md_escape(paper.ids.arxiv)}")
    elif paper.ids.doi:
        bits.append(f"doi:{md_escape(paper.ids.doi)}")
    return " · ".join(bits)


def _kept(number: int, paper: Paper, entry: Entry) -> list[str]:
    lines = [f"### {number}. {_link(paper.title, paper_link(paper))}", ""]
    if byline := _byline(paper):
        lines += [byline, ""]
    notes = entry.notes
    for label, answer in (
        ("Purpose", notes.purpose),
        ("Problem", notes.problem),
        ("Contributions", notes.contributions),
    ):
        lines.append(f"- **{label}:** {md_escape(answer) or '_not answered_'}")
    if text := _md_block(notes.text):
        lines.append("- **Notes:**")
        lines += [f"  > {line}".rstrip() for line in text]
    lines.append(f"- **Reached:** stage {entry.stage} of 4" if entry.stage else "- **Reached:** —")
    if discuss := _discuss(paper):
        lines.append(f"- **Discuss:** {discuss}")
    if spent := _time_line(entry):
        lines.append(f"- **Time:** {spent}")
    lines.append("")
    return lines


def _discuss(paper: Paper) -> str:
    """Where the paper is discussed: alphaXiv's page and Semantic Scholar's."""
    links = [("alphaXiv", alphaxiv_link(paper)), ("Semantic Scholar", s2_link(paper))]
    return " · ".join(_link(label, url) for label, url in links if url)


def _short(paper: Paper) -> str:
    year = f" ({paper.year})" if paper.year else ""
    return f"{_link(paper.title, paper_link(paper))}{year}"


def markdown_report(store: Store, topic_name: str | None = None, *, today: date) -> str:
    """The triage of one topic as Markdown; ``today`` is the date it states."""
    topic = store.topic(topic_name) if topic_name else store.current_topic()
    if topic is None:
        from tui.errors import UserError

        raise UserError(f"no topic named {topic_name!r} (winnow topic list)")
    entries = store.entries(topic.name)
    phase = phase_of(entries, store.cap, store.kept_target)
    groups: dict[Status, list[tuple[Paper, Entry]]] = {s: [] for s in Status}
    for entry in entries:
        paper = store.paper(entry.paper_key) or Paper(title=entry.paper_key)
        groups[entry.status].append((paper, entry))
    kept, cut, open_ = groups[Status.KEPT], groups[Status.ELIMINATED], groups[Status.CANDIDATE]

    lines = [f"# Paper triage: {md_escape(topic.name)}", ""]
    lines.append(f"**Purpose:** {md_escape(topic.purpose) or '_none stated_'}")
    lines.append("")
    lines.append(
        f"**Date:** {today.isoformat()} · **Phase:** {phase.value} · "
        f"{len(kept)} kept, {len(cut)} eliminated, {len(open_)} undecided"
    )
    lines += ["", f"## Kept ({len(kept)})", ""]
    if not kept:
        lines += ["_None yet._", ""]
    for number, (paper, entry) in enumerate(kept, 1):
        lines += _kept(number, paper, entry)
    lines += [f"## Eliminated ({len(cut)})", ""]
    lines += [f"- {_short(p)} — {md_escape(e.reason) or '_no reason given_'}" for p, e in cut]
    lines += ["_None._"] if not cut else []
    if open_:
        lines += ["", f"## Still undecided ({len(open_)})", ""]
        for paper, entry in open_:
            state = f"stage {entry.stage}" if entry.stage else "not opened"
            state += f", {entry.notes.answered}/3 questions answered"
            lines.append(f"- {_short(paper)} — {state}")
    lines += ["", "_Triaged with winnow._", ""]
    return "\n".join(lines)
