"""A job process renders a sample of each document at start, so its first client's offer pays no first-use cost (and
the soak's flat-memory check measures what the worker keeps, not what it loads late)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from venuedesk import i18n
from venuedesk.documents.warm_up import warm_up_documents

FIRST_DOCUMENTS_LIMIT_MIB = 3.0  # a one-line warm-up page left ~27 MiB to the first real offer

_FIRST_OFFER_AFTER_WARM_UP = textwrap.dedent("""
    import dataclasses, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])  # this folder, for offer_views
    from offer_views import VIEW
    from venuedesk.documents.offer_pdf import offer_pdf
    from venuedesk.documents.warm_up import warm_up_documents

    def rss_mib():
        return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20

    warm_up_documents()
    before = rss_mib()
    for language in ("en", "de"):
        offer_pdf(dataclasses.replace(VIEW, language=language))
    print(rss_mib() - before)
""")


def test_warming_up_renders_an_offer_and_a_function_sheet_in_every_language() -> None:
    assert warm_up_documents() == 2 * len(i18n.languages())


def test_after_the_warm_up_the_first_real_offers_add_almost_no_memory() -> None:
    grown = subprocess.run([sys.executable, "-c", _FIRST_OFFER_AFTER_WARM_UP, str(Path(__file__).parent)],
                           capture_output=True, text=True, check=True, timeout=300)
    assert float(grown.stdout) < FIRST_DOCUMENTS_LIMIT_MIB
