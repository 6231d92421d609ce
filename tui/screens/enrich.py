"""Metadata that comes later (issue 11.8): a paper added by its id offline, or from a
PDF, gets its title, authors, year, venue, citations and TLDR when they become known —
from its parsed PDF, and from the sources (looked up by its id, the arXiv id its PDF
carries, or else its title). Lookups run in workers; the store merges (``enrich``) in the
writer; the header, the list and the exports then show the paper as it is now known.
"""

from __future__ import annotations

from textual import work

from tui.library import paper_from_document
from tui.models import Paper, SearchFilters, normalise_title
from tui.store.merge import placeholder_title, weak


class EnrichMixin:
    """Mixed into MainScreen: uses its view, writer, sources and reader."""

    _looked_up: set[str] | None = None  # keys asked about in this window's life

    @work(group="metadata", exit_on_error=False)
    async def fill_placeholders(self) -> None:
        """The list's papers known only by an id or from a PDF: asked about once a start."""
        for entry in self.view.entries:
            paper = self.view.papers.get(entry.paper_key)
            found = paper is not None and weak(paper)
            if found and not await self._look_up(entry.paper_key, paper):
                return  # offline or rate-limited: the next start tries again

    def enrich_from_pdf(self, paper: Paper, doc) -> None:
        """A listed paper's PDF was parsed: what its first page says reaches the paper
        known only by its id; then the sources are asked about what is still missing."""
        key = paper.key
        stored = self.view.papers.get(key)
        if not self._on_list(key) or stored is None or not weak(stored):
            return
        found = paper_from_document(doc)
        if not placeholder_title(stored) and not found.ids.arxiv:
            self.look_up(key, stored)  # nothing new in the PDF: ask the sources
            return
        if placeholder_title(found):
            found = found.with_(title=stored.title)
        self.run_guarded(
            lambda: self.store.enrich(key, found),
            lambda merged: self._enriched(key, merged, ask=True),
        )

    @work(group="metadata", exit_on_error=False)
    async def look_up(self, key: str, paper: Paper) -> None:
        await self._look_up(key, paper)

    async def _look_up(self, key: str, paper: Paper) -> bool:
        """Ask the sources; False when none answered (offline, rate-limited)."""
        if self._looked_up is None:
            self._looked_up = set()
        if key in self._looked_up:
            return True
        self._looked_up.add(key)
        ref = paper.ids.primary()
        try:
            found = await (self.sources.lookup(ref) if ref else self._by_title(paper))
        except Exception:  # offline, rate-limited, a bad answer: next time
            self._looked_up.discard(key)
            return False
        if found is not None:
            if paper.local_pdf and not found.local_pdf:
                found = found.with_(local_pdf=paper.local_pdf)
            self.run_guarded(
                lambda: self.store.enrich(key, found), lambda merged: self._enriched(key, merged)
            )
        return True

    async def _by_title(self, paper: Paper) -> Paper | None:
        """A paper with no id at all (a PDF without an arXiv id): the search result with
        the very same title, if a source has one."""
        wanted = normalise_title(paper.title)
        if not wanted or placeholder_title(paper):
            return None
        result = await self.sources.search(paper.title, SearchFilters())
        return next((p for p in result.papers if normalise_title(p.title) == wanted), None)

    def _enriched(self, old_key: str, merged: Paper, ask: bool = False) -> None:
        """The open paper follows its record (its key may have changed: an id was found)."""
        if self.paper is not None and self.paper.key == old_key and merged.key != old_key:
            local = merged.local_pdf or self.paper.local_pdf
            self.paper = merged.with_(local_pdf=local)
            self._reshow = True  # drawn once the view has it (``reader_follows``)
        if ask and weak(merged):
            self.look_up(merged.key, merged)
