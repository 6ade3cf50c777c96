"""HTML to PDF: the text survives, the bytes are reproducible, nothing is fetched."""

from __future__ import annotations

import io
import select
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from venuedesk.documents.pdf_render import html_to_pdf

HTML = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<style>body { font-family: "DejaVu Sans"; }</style></head>
<body><h1>Offerte</h1><p>Total CHF 1’234.50 — Grüezi</p></body></html>"""


def test_rendered_pdf_carries_the_text_with_swiss_apostrophes_and_umlauts() -> None:
    text = PdfReader(io.BytesIO(html_to_pdf(HTML))).pages[0].extract_text()
    assert "Offerte" in text
    assert "CHF 1’234.50" in text
    assert "Grüezi" in text


def test_the_same_html_renders_to_the_same_bytes() -> None:
    assert html_to_pdf(HTML) == html_to_pdf(HTML)


def test_a_document_cannot_fetch_a_remote_resource() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        html = f'<html><body><img src="http://127.0.0.1:{port}/tracker.png"><p>kept</p></body></html>'
        text = PdfReader(io.BytesIO(html_to_pdf(html))).pages[0].extract_text()
        nobody_called, _, _ = select.select([listener], [], [], 0.2)
    assert "kept" in text
    assert nobody_called == []


def test_rendered_pdf_rasterises_to_one_a4_page(tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: run `sh scripts/ensure-documents.sh` as root")
    source = tmp_path / "doc.pdf"
    source.write_bytes(html_to_pdf(HTML))
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(source), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    width, height = _png_size(pages[0])
    assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 (210 × 297 mm) at 50 dpi


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
