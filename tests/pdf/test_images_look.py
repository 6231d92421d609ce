"""The memoised look for images (``heavy.may_draw_images``) agrees with PyMuPDF's own
``get_images`` wherever an image is drawn: on the page, inside a form, forms deep."""

from __future__ import annotations

import pymupdf
import pytest

from tui.pdf.heavy import _LOOKUPS as LOOKUPS
from tui.pdf.heavy import may_draw_images


def _png() -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pix.clear_with(200)
    return pix.tobytes("png")


def _drawing(with_image: bool) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(50, 50, 200, 120), color=(0, 0, 0))
    page.insert_text((60, 150), "Figure 1: a plot.")
    if with_image:
        page.insert_image(pymupdf.Rect(300, 50, 400, 150), stream=_png())
    return pymupdf.open("pdf", doc.tobytes())


def _nested(with_image: bool, depth: int) -> pymupdf.Document:
    """One page drawing a figure (an image or only vectors) ``depth`` forms deep."""
    doc = _drawing(with_image)
    for _ in range(depth):
        outer = pymupdf.open()
        outer.new_page().show_pdf_page(pymupdf.Rect(0, 0, 595, 842), doc, 0)
        doc = pymupdf.open("pdf", outer.tobytes())
    return doc


@pytest.mark.parametrize("with_image", [True, False])
@pytest.mark.parametrize("depth", [0, 1, 3])
def test_the_look_agrees_with_get_images(with_image: bool, depth: int) -> None:
    doc = _nested(with_image, depth)
    assert bool(doc[0].get_images(full=True)) is with_image  # the fixture is what it says
    assert may_draw_images(doc, doc[0]) is with_image


def _lookups_for(pages: int) -> int:
    source = _drawing(False)
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page().show_pdf_page(source[0].rect, source, 0)
    doc = pymupdf.open("pdf", doc.tobytes())
    assert not any(may_draw_images(doc, page) for page in doc)
    costs = doc.__dict__["_winnow_costs"]
    return LOOKUPS - costs.lookups


def test_a_figure_shown_on_many_pages_is_walked_once() -> None:
    one, thirty = _lookups_for(1), _lookups_for(30)
    assert thirty <= 30 * one - 29  # the shared form's objects are read once, not per page


def test_a_damaged_resource_says_maybe(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _nested(False, 2)

    def broken(*args, **kwargs):
        raise RuntimeError("cannot find object in xref")

    monkeypatch.setattr(doc, "xref_object", broken)
    assert may_draw_images(doc, doc[0]) is True  # MuPDF then looks for itself
