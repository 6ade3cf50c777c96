"""Log redaction cost per line: `redact()` on typical log lines, and a whole record through the redacting
factory and the JSON formatter (logging is on the hot path of every request).

    .venv/bin/python bench/log_redaction.py [--number 5000] [--repeat 7]

Prints µs per line, the best of `--repeat` runs of `--number` calls each.
"""

from __future__ import annotations

import argparse
import io
import logging
import timeit

from venuedesk.observability.logging import configure_logging
from venuedesk.observability.redaction import redact

LINES = {
    "no digits, no @": "inbound mail accepted for the thread",
    "ids, times, dates": "turn turn-3 on thr_8c1f0a2b3c4d5e6f took 12.5 ms at 2026-03-10 09:00",
    "email, phone, IBAN": "mail from anna@müller.ch, call 0041-44-123 45 67, IBAN ch93 0076 2011 6238 5295 7",
    "spelt-out email": "write to anna(at)example(dot)ch or anna at example dot ch",
}


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    for name, line in LINES.items():
        best = min(timeit.repeat(lambda line=line: redact(line), number=options.number, repeat=options.repeat))
        print(f"redact, {name:20s} {best / options.number * 1e6:8.2f} µs/line")
    configure_logging("INFO", io.StringIO())
    log = logging.getLogger("venuedesk.bench")
    for name, line in LINES.items():
        best = min(timeit.repeat(lambda line=line: log.info("%s", line, extra={"thread_id": "thr_1"}),
                                 number=options.number, repeat=options.repeat))
        print(f"record, {name:20s} {best / options.number * 1e6:8.2f} µs/line (factory + JSON formatter)")


if __name__ == "__main__":
    main()
