"""What an import did: what came in, what was refused and why (one line each)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    topic: str | None = None  # the topic the papers went into
    added: list[str] = field(default_factory=list)  # one line per paper brought in
    refused: list[str] = field(default_factory=list)  # "what: why", one line each
    notes: list[str] = field(default_factory=list)  # anything else worth saying
    keys: list[str] = field(default_factory=list)  # the store keys of the papers added
    whole_topic: bool = False  # a topic file: its papers are counted, not listed (11.36)

    def extend(self, other: ImportReport) -> None:
        self.topic = other.topic or self.topic
        self.added += other.added
        self.refused += other.refused
        self.notes += other.notes
        self.keys += other.keys
        self.whole_topic = self.whole_topic or other.whole_topic

    def lines(self) -> list[str]:
        """The report as the CLI prints it (and a notification can show)."""
        out = [] if self.whole_topic else [f"added {line}" for line in self.added]
        out += [f"refused {line}" for line in self.refused]
        out += self.notes
        if not out and not self.added:
            out.append("nothing to import")
        return out

    @property
    def summary(self) -> str:
        where = f" into {self.topic!r}" if self.topic else ""
        text = f"imported {len(self.added)} paper{'s' * (len(self.added) != 1)}{where}"
        return text + (f", refused {len(self.refused)}" if self.refused else "")
