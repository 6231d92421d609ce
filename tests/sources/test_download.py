"""PDF download: https only (loopback excepted), capped, checked, atomic, safely named."""

from __future__ import annotations

from dataclasses import replace

import pytest
from werkzeug import Response

from tui.config import Config, NetworkConfig
from tui.models import Paper, PaperIds
from tui.sources.download import check_url, download_pdf, pdf_name
from tui.sources.errors import DownloadError

PDF = b"%PDF-1.5\n" + b"0" * 5000 + b"\n%%EOF\n"


def config(timeout=2.0, mb=50) -> Config:
    return replace(Config(), network=NetworkConfig(timeout=timeout, pdf_max_mb=mb))


def paper(url: str, **ids) -> Paper:
    return Paper("A paper", ids=PaperIds(**(ids or {"arxiv": "1706.03762"})), pdf_url=url)


def test_downloads_once_into_the_cache(server, tmp_path):
    server.expect_request("/pdf/1706.03762").respond_with_data(PDF, content_type="application/pdf")
    path = download_pdf(
        paper(server.url_for("/pdf/1706.03762")), config=config(), dest_dir=tmp_path
    )
    assert path == tmp_path / "arxiv-1706.03762.pdf" and path.read_bytes() == PDF
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left
    again = download_pdf(
        paper(server.url_for("/pdf/1706.03762")), config=config(), dest_dir=tmp_path
    )
    assert again == path and len(server.log) == 1


def test_default_folder_is_the_cache(server):
    server.expect_request("/x.pdf").respond_with_data(PDF)
    path = download_pdf(paper(server.url_for("/x.pdf"), doi="10.1/x"), config=config())
    assert path.parent.name == "pdfs" and path.name == "doi-10.1_x.pdf"


@pytest.mark.parametrize(
    "url", ["http://example.org/a.pdf", "ftp://arxiv.org/a.pdf", "file:///etc/passwd", "https://"]
)
def test_only_https_or_loopback(url):
    with pytest.raises(DownloadError, match="https only"):
        check_url(url)
    assert check_url("https://arxiv.org/pdf/1706.03762")
    assert check_url("http://127.0.0.1:8000/x.pdf") and check_url("http://[::1]/x.pdf")


def test_redirect_to_plain_http_is_refused(server, tmp_path):
    server.expect_request("/r").respond_with_response(
        Response(status=302, headers={"Location": "http://example.org/a.pdf"})
    )
    with pytest.raises(DownloadError, match="https only"):
        download_pdf(paper(server.url_for("/r"), s2="abc"), config=config(), dest_dir=tmp_path)


def test_redirect_on_loopback_is_followed(server, tmp_path):
    server.expect_request("/r").respond_with_response(
        Response(status=302, headers={"Location": "/x.pdf"})
    )
    server.expect_request("/x.pdf").respond_with_data(PDF)
    path = download_pdf(paper(server.url_for("/r"), s2="abc"), config=config(), dest_dir=tmp_path)
    assert path.read_bytes() == PDF


def test_size_cap(server, tmp_path):
    server.expect_request("/big.pdf").respond_with_data(b"%PDF-1.5\n" + b"0" * (2 << 20))
    with pytest.raises(DownloadError, match="1 MB cap"):
        download_pdf(
            paper(server.url_for("/big.pdf"), s2="a"), config=config(mb=1), dest_dir=tmp_path
        )
    assert list(tmp_path.iterdir()) == []


def test_size_cap_without_content_length(server, tmp_path):
    def stream(_request):
        return Response((b"%PDF-1.5\n" + b"0" * 65536 for _ in range(40)), direct_passthrough=True)

    server.expect_request("/big.pdf").respond_with_handler(stream)
    with pytest.raises(DownloadError, match="cap"):
        download_pdf(
            paper(server.url_for("/big.pdf"), s2="a"), config=config(mb=1), dest_dir=tmp_path
        )
    assert list(tmp_path.iterdir()) == []


def test_not_a_pdf(server, tmp_path):
    server.expect_request("/login").respond_with_data(
        "<html>sign in</html>", content_type="text/html"
    )
    with pytest.raises(DownloadError, match="not a PDF"):
        download_pdf(paper(server.url_for("/login"), s2="a"), config=config(), dest_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_http_error_and_silence(server, silent_port, tmp_path):
    server.expect_request("/gone.pdf").respond_with_data("", status=404)
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_pdf(paper(server.url_for("/gone.pdf"), s2="a"), config=config(), dest_dir=tmp_path)
    silent = paper(f"http://127.0.0.1:{silent_port}/x.pdf", s2="a")
    with pytest.raises(DownloadError, match="no answer"):
        download_pdf(silent, config=config(timeout=0.5), dest_dir=tmp_path)


def test_no_url_known():
    with pytest.raises(DownloadError, match="no open PDF"):
        download_pdf(Paper("x", ids=PaperIds(s2="a")), config=config())


def test_names_have_nothing_path_like():
    assert pdf_name(Paper("x", ids=PaperIds(arxiv="hep-th/9901001"))) == "arxiv-hep-th_9901001.pdf"
    doi = pdf_name(Paper("x", ids=PaperIds(doi="10.1/../../etc/passwd")))
    assert doi.startswith("doi-10.1_") and "/" not in doi and ".." not in doi
    evil = pdf_name(Paper("../../x", ids=PaperIds(s2="../../../.bashrc")))
    assert "/" not in evil and not evil.startswith(".") and ".." not in evil
    assert pdf_name(Paper("Only a title")).startswith("title-")
