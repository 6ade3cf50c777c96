"""HTML+CSS to PDF bytes with WeasyPrint (Debian's Pango and DejaVu fonts; nothing fetched at run time).

WeasyPrint is imported on first use so the CLI and the tests that never render a document don't pay for it.
The same HTML is the document's HTML view, so a function sheet's page and its PDF cannot drift apart.
"""

from __future__ import annotations

import functools
import gc
import threading
from typing import Any


class PdfRenderError(RuntimeError):
    """Rendering is impossible on this machine (WeasyPrint or Pango missing); the message says what to install."""


_INSTALL_HINT = (
    "PDF documents need WeasyPrint and Debian's Pango: run `sh scripts/ensure-documents.sh` as root "
    "(or `apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core`) and `make setup`."
)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: the Pango shared library is missing
        raise PdfRenderError(f"cannot render a PDF: {error}. {_INSTALL_HINT}") from error
    return weasyprint


def missing_renderer() -> str | None:
    """Why PDFs cannot be rendered on this machine (what to install), None when they can: jobs skip their renders
    while it says why instead of failing every row."""
    try:
        _weasyprint()
    except PdfRenderError as error:
        return str(error)
    return None


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained HTML document to PDF bytes; the same input always gives the same bytes."""
    weasyprint = _weasyprint()
    # Only data: URLs load: documents carry their styles and images inline, and a client's text that smuggles
    # in <img src="http://..."> cannot make the server fetch anything.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    with _RENDER_LOCK:
        document = weasyprint.HTML(string=html, url_fetcher=fetcher)
        pdf: bytes = document.write_pdf(font_config=_font_config())
        del document
        gc.collect()  # a page's boxes hold cycles: collected now, the next render reuses their memory
    return pdf


_RENDER_LOCK = threading.Lock()


@functools.cache
def _font_config() -> Any:
    """One WeasyPrint font configuration for the process. Each render used to make its own, and every one left its
    Pango font map and fontconfig state behind in C: ~220 KiB per PDF, so a job process's RSS grew without bound
    (the soak's worker +40 % in two minutes). Shared, renders stay flat; `_RENDER_LOCK` keeps the font map, which
    is not thread-safe, to one render at a time."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()
