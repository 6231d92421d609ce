"""Bring papers into the open topic: pasted ids, a ``.bib`` file, a local PDF, a topic file.

Every importer respects the shortlist cap: it takes what fits and reports what
it refused and why, one line each. Ids are recorded offline (placeholders);
the caller fills in their metadata when a source answers
(:func:`tui.library.fill_metadata`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from tui.errors import UserError, WinnowError
from tui.exchange._text import one_line
from tui.exchange.outcome import ImportReport
from tui.exchange.topic_json import import_topic
from tui.models import Author, IdKind, Paper, PaperIds, PaperRef, parse_ref
from tui.store import CapReached, Store
from tui.textsafe import repair, repair_tree

MAX_FILE_BYTES = 20 * 1024 * 1024  # a bibliography or id list bigger than this is a mistake
_TRIM = "\"'()<>[]{}.,;"
_S2_URL = re.compile(r"semanticscholar\.org/paper/(?:[^/\s]+/)?([0-9a-f]{40})", re.IGNORECASE)
_EXPLICIT_S2 = re.compile(r"^(?:s2:|corpusid:)|^[0-9a-f]{40}$", re.IGNORECASE)


# ---------------------------------------------------------------- ids


def _ref_of(token: str) -> PaperRef | None:
    if m := _S2_URL.search(token):
        return PaperRef(IdKind.S2, m.group(1).lower())
    ref = parse_ref(token)
    if ref is not None and ref.kind is IdKind.S2 and not _EXPLICIT_S2.search(token):
        return None  # a bare number in pasted text (a year, a page) is not an S2 id
    return ref


def find_refs(text: str) -> tuple[list[PaperRef], list[str]]:
    """The ids in pasted text (any separators, URLs welcome), de-duplicated; and the rest."""
    refs: list[PaperRef] = []
    rest: list[str] = []
    for raw in text.split():
        token = raw.strip(_TRIM)
        found = _ref_of(token)
        parts = [found] if found else [_ref_of(p.strip(_TRIM)) for p in re.split(r"[,;|]", token)]
        if any(parts):
            refs += [p for p in parts if p and p not in refs]
        elif token:
            rest.append(token)
    return refs, rest


def _add(store: Store, paper: Paper, topic: str | None, label: str, report: ImportReport) -> bool:
    try:
        store.add(paper, topic)
    except CapReached as error:
        report.refused.append(f"{label}: {error}")
        return False
    except WinnowError as error:
        report.refused.append(f"{label}: {error}")
        return False
    report.added.append(label)
    report.keys.append(paper.key)
    return True


def import_ids(store: Store, text: str, topic: str | None = None) -> ImportReport:
    """Add every arXiv id, DOI or S2 id in ``text`` to the shortlist (offline placeholders)."""
    refs, rest = find_refs(text)
    report = ImportReport(topic=topic or _open_topic(store))
    for ref in refs:
        known = store.paper(ref.key)
        paper = known or Paper(title=ref.key, ids=PaperIds(**{ref.kind.value: ref.value}))
        _add(store, paper, topic, ref.key, report)
    if rest:
        shown = ", ".join(repr(one_line(t)[:40]) for t in rest[:5])
        more = f" and {len(rest) - 5} more" if len(rest) > 5 else ""
        report.notes.append(f"ignored {len(rest)} word(s) that are not ids: {shown}{more}")
    if not refs and not rest:
        report.notes.append("no ids given")
    return report


def _open_topic(store: Store) -> str:
    topic = store.current_topic()
    if topic is None:
        raise UserError('no topic is open: create one with winnow topic new NAME --purpose "..."')
    return topic.name


# ---------------------------------------------------------------- BibTeX

_LATEX_ACCENT = re.compile(r"\\[`'^\"~=.uvHcdbtk]\s*\{?\s*([A-Za-z])\s*\}?")
_LATEX_CMD = re.compile(r"\\(?:textbf|textit|emph|mathrm|mathbf|texttt|textsc|url)\s*")
_ACCENTS = {"`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
            "c": "\u0327", "d": "\u0323", "b": "\u0331", "t": "\u0361", "k": "\u0328"}  # fmt: skip


def delatex(text: str) -> str:
    """A BibTeX value as plain text: accents composed, escapes and braces dropped."""
    import unicodedata

    def accent(m: re.Match[str]) -> str:
        return unicodedata.normalize("NFC", m.group(1) + _ACCENTS[m.group(0)[1]])

    text = _LATEX_ACCENT.sub(accent, text)
    text = _LATEX_CMD.sub("", text)
    text = re.sub(r"\\text(?:backslash)\{\}", "\\\\", text)
    text = re.sub(r"\\([&%$#_{}])", r"\1", text)
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text)  # \TeX, \LaTeX and the like: the word stays
    text = text.replace("{", "").replace("}", "").replace("~", " ")
    return one_line(text)


def _split_authors(value: str) -> list[str]:
    names, depth, start = [], 0, 0
    for m in re.finditer(r"[{}]|\s+and\s+", value):
        if m.group() == "{":
            depth += 1
        elif m.group() == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : m.start()])
            start = m.end()
    names.append(value[start:])
    out = []
    for name in (delatex(n) for n in names):
        if "," in name:
            last, first = (p.strip() for p in name.split(",", 1))
            name = f"{first} {last}".strip()
        if name and name.lower() != "others":
            out.append(name)
    return out


def _bib_ids(fields: dict[str, str]) -> PaperIds:
    arxiv = doi = None
    prefix = fields.get("archiveprefix", "").lower()
    for name in ("eprint", "arxivid", "arxiv"):
        value = fields.get(name)
        ref = parse_ref(value) if value else None
        if ref and ref.kind is IdKind.ARXIV and (name != "eprint" or prefix in ("", "arxiv")):
            arxiv = ref.value
            break
    for name in ("url", "journal", "volume"):  # S2 and DBLP write "abs/1706.03762"
        if arxiv is None and (
            m := re.search(r"(?:arxiv\.org/abs/|abs/)([\w./-]+)", fields.get(name, ""))
        ):
            ref = parse_ref(m.group(1))
            arxiv = ref.value if ref and ref.kind is IdKind.ARXIV else None
    if value := fields.get("doi"):
        ref = parse_ref(value)
        doi = ref.value if ref and ref.kind is IdKind.DOI else None
    return PaperIds(arxiv=arxiv, doi=doi)


def paper_from_bib(fields: dict[str, str], raw: str | None = None) -> Paper | None:
    """A paper from one BibTeX entry's fields (names lower case); None without title nor id."""
    ids = _bib_ids(fields)
    title = delatex(fields.get("title", ""))
    if not title and ids.primary() is None:
        return None
    year = re.search(r"\d{4}", fields.get("year", ""))
    venue = delatex(fields.get("booktitle") or fields.get("journal") or "") or None
    return Paper(
        title=title or ids.primary().key,  # type: ignore[union-attr]
        ids=ids,
        authors=tuple(Author(n) for n in _split_authors(fields.get("author", ""))),
        year=int(year.group()) if year else None,
        venue=venue,
        abstract=delatex(fields.get("abstract", "")) or None,
        bibtex=raw.strip() + "\n" if raw else None,
        sources=("bib",),
    )


def parse_bib(text: str) -> tuple[list[tuple[str, Paper | None]], int]:
    """(entry key, paper or None) for each entry, and the number of blocks that failed."""
    import bibtexparser

    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # bibtexparser logs each bad block; we count them
    try:
        library = bibtexparser.parse_string(text)
    finally:
        quiet.setLevel(level)
    out = []
    for entry in library.entries:
        fields = {f.key.lower(): str(f.value) for f in entry.fields}
        out.append((entry.key, paper_from_bib(fields, entry.raw)))
    return out, len(library.failed_blocks)


def import_bib(store: Store, path: Path | str, topic: str | None = None) -> ImportReport:
    """Add each entry of a ``.bib`` file: by arXiv id or DOI when it has one, else by title."""
    path = Path(path)
    entries, failed = parse_bib(read_text(path))
    if not entries:
        raise UserError(f"{path} holds no BibTeX entry winnow could read")
    report = ImportReport(topic=topic or _open_topic(store))
    for key, paper in entries:
        if paper is None:
            report.refused.append(f"@{key}: it has neither a title nor an arXiv id or DOI")
            continue
        label = f"{one_line(paper.title)} (@{key})"
        if paper.ids.primary() is None:
            label += ", by title"
        _add(store, paper, topic, label, report)
    if failed:
        report.notes.append(
            f"{failed} block(s) of {path.name} could not be parsed and were skipped"
        )
    return report


# ---------------------------------------------------------------- files


def read_text(path: Path) -> str:
    """A text file's content, or one line saying why it cannot be had."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError(f"{path} is larger than {MAX_FILE_BYTES >> 20} MB: not importing it")
        return repair(path.read_bytes().decode("utf-8-sig"))  # outside text: repaired here
    except UnicodeDecodeError:
        raise UserError(f"{path} is not a UTF-8 text file") from None
    except FileNotFoundError:
        raise UserError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a file") from None
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror or error}") from None


def load_topic_file(path: Path) -> object:
    try:
        return repair_tree(json.loads(read_text(path)))  # "\ud800" escapes repaired too
    except RecursionError:
        raise UserError(f"{path} is nested too deeply to be a winnow topic file") from None
    except json.JSONDecodeError as error:
        raise UserError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None


def import_pdf(store: Store, path: Path, topic: str | None = None) -> ImportReport:
    from tui.library import paper_from_pdf

    report = ImportReport(topic=topic or _open_topic(store))
    paper = paper_from_pdf(path)
    if store.find_entry(paper, topic) is not None:  # listed already: the PDF is attached
        entry, _ = store.add_pdf(paper, topic)
        report.notes.append(f"attached {one_line(path.name)} to {entry.paper_key} (its PDF now)")
        return report
    _add(store, paper, topic, f"{one_line(paper.title)} ({path.name})", report)
    return report


def _is_pdf(path: Path) -> bool:
    if path.suffix.lower() == ".pdf":
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def import_path(store: Store, path: Path) -> ImportReport:
    """One file, by its kind: a topic (.json), a bibliography (.bib), a PDF, or a list of ids."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return import_topic(store, load_topic_file(path))
    if suffix in (".bib", ".bibtex"):
        return import_bib(store, path)
    if path.is_file() and _is_pdf(path):
        return import_pdf(store, path)
    return import_ids(store, read_text(path))


def import_args(store: Store, args: Iterable[str]) -> ImportReport:
    """What ``winnow import`` was given: files of any kind, then the remaining words as ids.

    With one file, a file that cannot be read is an error; with several, it is
    one refused line and the others still come in.
    """
    args = list(args)
    report = ImportReport()
    words = []
    for arg in args:
        path = Path(arg).expanduser()
        if path.is_dir():
            raise UserError(f"{path} is a folder, not a file")
        looks_like_file = path.suffix.lower() in (".json", ".bib", ".bibtex", ".pdf", ".txt")
        if not (path.is_file() or (looks_like_file and parse_ref(arg) is None)):
            words.append(arg)
            continue
        try:
            report.extend(import_path(store, path))
        except WinnowError as error:
            if len(args) == 1:
                raise
            report.refused.append(f"{path.name}: {error}")
    if words:
        report.extend(import_ids(store, " ".join(words)))
    return report
