"""A local stand-in for arXiv and Semantic Scholar, for driving winnow by hand in tmux.

    python scripts/fake_services.py [--port 8765] [--papers 150] [--seed 7] [--hostile]

then, in the shell that runs winnow::

    export WINNOW_ARXIV_API=http://127.0.0.1:8765/api/query
    export WINNOW_S2_API=http://127.0.0.1:8765
    export WINNOW_ARXIV_PDF=http://127.0.0.1:8765/pdf

It speaks the real formats (arXiv Atom with opensearch totals; S2 Graph API JSON with
``total``/``offset``/``next``, bulk search with ``token``, references and citations with
``contexts``/``intents``/``isInfluential``, batch lookups, Recommendations API) over a
deterministic synthetic catalogue, and serves a generated PDF for every arXiv id. With
``--hostile`` some titles and abstracts carry terminal escapes, markup and bidi overrides.
Never used by the tests (they build their own servers); a tool for people.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

TOPICS = {
    "attention": ["Attention", "Transformers", "Self-Attention", "Sparse Attention"],
    "graph": ["Graph Neural Networks", "Message Passing", "Graph Transformers"],
    "diffusion": ["Diffusion Models", "Score Matching", "Denoising"],
    "retrieval": ["Dense Retrieval", "Retrieval-Augmented Generation", "Passage Ranking"],
    "protein": ["Protein Language Models", "Structure Prediction", "Protein Design"],
}
NOUNS = [
    "Long Sequences",
    "Efficient Training",
    "Scaling Laws",
    "Robustness",
    "Benchmarks",
    "Low-Resource Settings",
    "Interpretability",
    "Compression",
    "Pretraining",
    "Alignment",
]
PATTERNS = [
    "{a} for {b}",
    "Rethinking {a} in {b}",
    "On the Limits of {a} for {b}",
    "{a} Meets {b}",
    "Towards Better {a}: {b}",
    "A Survey of {a} and {b}",
]
FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Oğuz", "Zoë", "Jürgen", "Li"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Yılmaz", "Müller", "Wei"]
VENUES = ["NeurIPS", "ICML", "ICLR", "ACL", "EMNLP", "Nature", "arXiv.org", ""]
HOSTILE = ["\x1b]0;pwned\x07", "\x1b]52;c;aGk=\x07", "[bold red]markup[/]", "\u202eevil", "\x9b2J"]
INTENTS = ["background", "methodology", "result"]


@dataclass
class Paper:
    n: int
    title: str
    abstract: str
    authors: list[str]
    year: int
    venue: str
    arxiv: str
    doi: str | None
    s2: str
    citations: int
    topic: str
    refs: list[int] = field(default_factory=list)
    cited_by: list[int] = field(default_factory=list)


def build_catalogue(count: int, seed: int, hostile: bool) -> list[Paper]:
    rng = random.Random(seed)
    papers: list[Paper] = []
    topics = list(TOPICS)
    for n in range(count):
        topic = topics[n % len(topics)]
        a = rng.choice(TOPICS[topic])
        b = rng.choice(NOUNS)
        title = rng.choice(PATTERNS).format(a=a, b=b)
        if hostile and n % 17 == 3:
            title += " " + rng.choice(HOSTILE)
        year = rng.randint(2015, 2026)
        arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{10000 + n:05d}"
        abstract = (
            f"We study {a.lower()} for {b.lower()}. We propose a method that improves over "
            f"prior work on three benchmarks. Our contributions are a new objective, an analysis "
            f"of its limits, and code at https://github.com/example/p{n}."
        )
        if hostile and n % 13 == 5:
            abstract += " " + rng.choice(HOSTILE)
        authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 6))]
        papers.append(
            Paper(
                n=n,
                title=title,
                abstract=abstract,
                authors=authors,
                year=year,
                venue=rng.choice(VENUES),
                arxiv=arxiv,
                doi=f"10.5555/fake.{n}" if n % 3 == 0 else None,
                s2=hashlib.sha1(f"{seed}-{n}".encode()).hexdigest(),
                citations=int(rng.paretovariate(1.2) * 10),
                topic=topic,
            )
        )
    for p in papers:  # cite older papers, mostly of the same topic
        older = [q.n for q in papers if q.year <= p.year and q.n != p.n]
        same = [n for n in older if papers[n].topic == p.topic]
        pool = same * 3 + older
        p.refs = sorted(set(rng.sample(pool, min(len(pool), rng.randint(3, 25))))) if pool else []
        for r in p.refs:
            papers[r].cited_by.append(p.n)
    return papers


class Catalogue:
    def __init__(self, papers: list[Paper]) -> None:
        self.papers = papers
        self.by_id: dict[str, Paper] = {}
        for p in papers:
            self.by_id[p.s2] = p
            self.by_id[f"arxiv:{p.arxiv}"] = p
            if p.doi:
                self.by_id[f"doi:{p.doi}"] = p
        self.lock = threading.Lock()

    def find(self, ident: str) -> Paper | None:
        ident = unquote(ident)
        if ":" in ident:
            kind, _, value = ident.partition(":")
            value = re.sub(r"v\d+$", "", value).lower()
            return self.by_id.get(f"{kind.lower()}:{value}")
        return self.by_id.get(ident.lower())

    def search(self, text: str) -> list[Paper]:
        words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]
        if not words:
            return []
        scored = []
        for p in self.papers:
            hay = (p.title + " " + p.abstract).lower()
            score = sum(hay.count(w) for w in words)
            if score:
                scored.append((-score, p.n, p))
        return [p for *_, p in sorted(scored)]


STOP = {"all", "ti", "abs", "au", "and", "or", "andnot", "cat", "the", "of", "for", "a", "in"}


def s2_json(p: Paper) -> dict:
    ext = {"ArXiv": p.arxiv, "CorpusId": 1000 + p.n}
    if p.doi:
        ext["DOI"] = p.doi
    return {
        "paperId": p.s2,
        "externalIds": ext,
        "title": p.title,
        "abstract": p.abstract,
        "venue": p.venue,
        "year": p.year,
        "citationCount": p.citations,
        "influentialCitationCount": p.citations // 8,
        "isOpenAccess": True,
        "openAccessPdf": {"url": f"https://arxiv.org/pdf/{p.arxiv}", "status": "GREEN"},
        "tldr": {"model": "tldr@v2.0.0", "text": p.abstract.split(". ")[1] + "."},
        "publicationDate": f"{p.year}-03-01",
        "authors": [{"authorId": str(i), "name": a} for i, a in enumerate(p.authors)],
        "url": f"https://www.semanticscholar.org/paper/{p.s2}",
    }


def _xml(text: str) -> str:
    """XML 1.0 cannot carry C0 controls: arXiv's feed never has them (S2's JSON may)."""
    return escape(re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text))


def atom(papers: list[Paper], total: int, start: int) -> str:
    entries = []
    for p in papers:
        who = "".join(f"<author><name>{escape(a)}</name></author>" for a in p.authors)
        doi = f"<arxiv:doi>{p.doi}</arxiv:doi>" if p.doi else ""
        entries.append(
            f"""<entry><id>http://arxiv.org/abs/{p.arxiv}v2</id>
<updated>{p.year}-03-02T10:00:00Z</updated><published>{p.year}-03-01T10:00:00Z</published>
<title>{_xml(p.title)}</title><summary>{_xml(p.abstract)}</summary>{who}{doi}
<link href="https://arxiv.org/abs/{p.arxiv}v2" rel="alternate" type="text/html"/>
<link title="pdf" href="https://arxiv.org/pdf/{p.arxiv}v2" rel="related" type="application/pdf"/>
<arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
<category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/></entry>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
 xmlns:arxiv="http://arxiv.org/schemas/atom"><id>https://arxiv.org/api/fake</id>
<title>arXiv Query</title><updated>2026-12-01T00:00:00Z</updated>
<opensearch:totalResults>{total}</opensearch:totalResults>
<opensearch:startIndex>{start}</opensearch:startIndex>
<opensearch:itemsPerPage>{len(papers)}</opensearch:itemsPerPage>{"".join(entries)}</feed>"""


def make_pdf(p: Paper) -> bytes:
    import pymupdf  # only when a PDF is asked for

    doc = pymupdf.open()
    page = doc.new_page()
    y = 72
    page.insert_textbox(
        pymupdf.Rect(72, y, 540, y + 60), p.title, fontsize=16, fontname="hebo", align=1
    )
    y += 62
    page.insert_textbox(
        pymupdf.Rect(72, y, 540, y + 20),
        ", ".join(p.authors),
        fontsize=10,
        fontname="helv",
        align=1,
    )
    y += 24
    page.insert_textbox(
        pymupdf.Rect(72, y, 540, y + 14), "Example University", fontsize=9, fontname="heit", align=1
    )
    y += 30
    page.insert_text((280, y), "Abstract", fontsize=11, fontname="hebo")
    y += 8
    page.insert_textbox(pymupdf.Rect(90, y, 520, y + 70), p.abstract, fontsize=9, fontname="tiro")
    y += 80
    body = "Lorem ipsum text about the method follows, with details a reader wants. " * 6
    for number, heading in enumerate(["Introduction", "Method", "Experiments", "Conclusion"], 1):
        if y > 640:
            page = doc.new_page()
            y = 72
        page.insert_text((72, y), f"{number} {heading}", fontsize=12, fontname="hebo")
        y += 10
        text = body
        if heading == "Conclusion":
            text = (
                "Our results show gains of 3 points. A limitation is the cost of training. "
                "Future work will study larger models."
            )
        if heading == "Method":
            page.draw_rect(
                pymupdf.Rect(150, y + 5, 460, y + 125), color=(0, 0, 0), fill=(0.6, 0.7, 0.9)
            )
            page.insert_text(
                (150, y + 140), "Figure 1: Overview of the method.", fontsize=9, fontname="tiro"
            )
            y += 150
        page.insert_textbox(pymupdf.Rect(72, y, 540, y + 120), text, fontsize=10, fontname="tiro")
        y += 130
    data = doc.tobytes()
    doc.close()
    return data


class Handler(BaseHTTPRequestHandler):
    catalogue: Catalogue
    quiet = False

    def log_message(self, fmt: str, *args) -> None:  # noqa: D401
        if not self.quiet:
            super().log_message(fmt, *args)

    def _send(self, status: int, body: bytes | str, kind: str = "application/json") -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _json(self, value, status: int = 200) -> None:
        self._send(status, json.dumps(value))

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        path = url.path
        cat = self.catalogue
        if path.endswith("/api/query"):
            start, size = int(q.get("start", 0)), int(q.get("max_results", 10))
            if q.get("id_list"):
                hits = [p for i in q["id_list"].split(",") if (p := cat.find(f"arxiv:{i}"))]
            else:
                hits = cat.search(q.get("search_query", ""))
                if q.get("sortBy") == "submittedDate":
                    hits.sort(key=lambda p: -p.year)
            self._send(
                200, atom(hits[start : start + size], len(hits), start), "application/atom+xml"
            )
        elif path.startswith("/pdf/"):
            p = cat.find("arxiv:" + path.removeprefix("/pdf/").removesuffix(".pdf"))
            if p is None:
                self._send(404, "no such paper", "text/plain")
            else:
                self._send(200, make_pdf(p), "application/pdf")
        elif path.startswith("/graph/v1/paper/search/bulk"):
            hits = cat.search(q.get("query", ""))
            if q.get("sort", "").startswith("citationCount"):
                hits.sort(key=lambda p: -p.citations)
            start = int(q.get("token") or 0)
            page = hits[start : start + 100]
            answer = {"total": len(hits), "data": [s2_json(p) for p in page]}
            if start + 100 < len(hits):
                answer["token"] = str(start + 100)
            self._json(answer)
        elif path.startswith("/graph/v1/paper/search"):
            hits = cat.search(q.get("query", ""))
            if "year" in q:
                lo, _, hi = q["year"].partition("-")
                hits = [
                    p
                    for p in hits
                    if (not lo or p.year >= int(lo)) and (not hi or p.year <= int(hi))
                ]
            offset, limit = int(q.get("offset", 0)), int(q.get("limit", 10))
            answer = {
                "total": len(hits),
                "offset": offset,
                "data": [s2_json(p) for p in hits[offset : offset + limit]],
            }
            if offset + limit < len(hits):
                answer["next"] = offset + limit
            self._json(answer)
        elif m := re.match(r"/graph/v1/paper/(.+)/(references|citations)$", path):
            p = cat.find(m.group(1))
            if p is None:
                self._json({"error": "Paper not found"}, 404)
                return
            others = p.refs if m.group(2) == "references" else p.cited_by
            offset, limit = int(q.get("offset", 0)), int(q.get("limit", 100))
            key = "citedPaper" if m.group(2) == "references" else "citingPaper"
            rng = random.Random(p.n)
            data = []
            for n in others[offset : offset + limit]:
                other = cat.papers[n]
                data.append(
                    {
                        key: s2_json(other),
                        "isInfluential": rng.random() < 0.2,
                        "intents": [rng.choice(INTENTS)],
                        "contexts": [
                            f"As shown by {p.authors[0].split()[-1]} et al., "
                            f"{p.title.lower()} helps with {other.topic}."
                        ],
                    }
                )
            answer = {"offset": offset, "data": data}
            if offset + limit < len(others):
                answer["next"] = offset + limit
            self._json(answer)
        elif m := re.match(r"/recommendations/v1/papers/forpaper/(.+)$", path):
            p = cat.find(m.group(1))
            if p is None:
                self._json({"error": "Paper not found"}, 404)
                return
            same = [s2_json(o) for o in cat.papers if o.topic == p.topic and o.n != p.n]
            self._json({"recommendedPapers": same[: int(q.get("limit", 20))]})
        elif m := re.match(r"/graph/v1/paper/(.+)$", path):
            p = cat.find(m.group(1))
            self._json(s2_json(p) if p else {"error": "Paper not found"}, 200 if p else 404)
        else:
            self._json({"error": f"no route {path}"}, 404)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        path = urlsplit(self.path).path
        cat = self.catalogue
        if path.startswith("/graph/v1/paper/batch"):
            self._json([s2_json(p) if (p := cat.find(i)) else None for i in body.get("ids", [])])
        elif path.startswith("/recommendations/v1/papers"):
            positives = [p for i in body.get("positivePaperIds", []) if (p := cat.find(i))]
            negatives = {p.n for i in body.get("negativePaperIds", []) if (p := cat.find(i))}
            if not positives:
                self._json({"error": "Must provide at least one positive paper id"}, 400)
                return
            topics = {p.topic for p in positives}
            seen = {p.n for p in positives} | negatives
            recs = [s2_json(o) for o in cat.papers if o.topic in topics and o.n not in seen]
            self._json({"recommendedPapers": recs[:100]})
        else:
            self._json({"error": f"no route {path}"}, 404)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--papers", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hostile", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    Handler.catalogue = Catalogue(build_catalogue(args.papers, args.seed, args.hostile))
    Handler.quiet = args.quiet
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    base = f"http://127.0.0.1:{args.port}"
    print(
        f"export WINNOW_ARXIV_API={base}/api/query WINNOW_S2_API={base} "
        f"WINNOW_ARXIV_PDF={base}/pdf",
        flush=True,
    )
    server.serve_forever()


if __name__ == "__main__":
    main()
