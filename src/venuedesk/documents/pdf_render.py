"""HTML+CSS to PDF bytes with WeasyPrint (Debian's Pango and DejaVu fonts; nothing fetched at run time).

WeasyPrint is imported on first use so the CLI and the tests that never render a document don't pay for it.
The same HTML is the document's HTML view, so a function sheet's page and its PDF cannot drift apart.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
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


def warm_up() -> bool:
    """Load the renderer, its fonts and Pango now (one tiny page), where it will render PDFs anyway: a job process
    then pays the ~1–3 s and the memory at start, not in the middle of a client's offer mail. False when PDFs
    cannot be rendered here (nothing is loaded then)."""
    if missing_renderer() is not None:
        return False
    html_to_pdf('<html><body style="font-family: DejaVu Sans"><p>warm-up</p></body></html>')
    return True


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained HTML document to PDF bytes; the same input always gives the same bytes."""
    weasyprint = _weasyprint()
    # Only data: URLs load: documents carry their styles and images inline, and a client's text that smuggles
    # in <img src="http://..."> cannot make the server fetch anything.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    del document
    _release_memory()
    return pdf


def _release_memory() -> None:
    """Give the layout's garbage back to the system after a render: a page's boxes, fonts and glyphs are many
    short-lived objects, and without a collection and glibc's `malloc_trim` a job process's RSS creeps up render
    after render (the soak's flat-memory check saw +11-15 % on the worker)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    """glibc's `malloc_trim`, looked up once (`find_library` runs `ldconfig`), or None on another C library."""
    libc_name = ctypes.util.find_library("c")
    return None if libc_name is None else getattr(ctypes.CDLL(libc_name), "malloc_trim", None)
