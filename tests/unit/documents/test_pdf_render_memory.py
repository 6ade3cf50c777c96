"""Rendering PDF after PDF in one process keeps its memory flat: a job process renders every offer and function sheet
of the venue for as long as it runs."""

from __future__ import annotations

from pathlib import Path

from offer_views import VIEW

from venuedesk.documents.offer_pdf import offer_pdf

WARM_UP_RENDERS = 10
MEASURED_RENDERS = 60
GROWTH_LIMIT_MIB = 4.0  # a leak of the size once seen (~220 KiB a render) grows ~13 MiB here


def _rss_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def test_rendering_many_pdfs_does_not_grow_the_process() -> None:
    for _ in range(WARM_UP_RENDERS):
        offer_pdf(VIEW)
    before = _rss_mib()
    for _ in range(MEASURED_RENDERS):
        offer_pdf(VIEW)
    assert _rss_mib() - before < GROWTH_LIMIT_MIB
