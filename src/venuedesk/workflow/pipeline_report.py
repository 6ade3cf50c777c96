"""The pipeline as the manager reads it (docs/pipeline.md): the figures of `domain/pipeline.py` over the stored
rows, as JSON with amounts, shares, months and waits written for the manager's Swiss locale (Babel), and as CSV
for a spreadsheet (plain numbers, no client data, formula-like cells defused)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_timedelta
from babel.numbers import format_percent

from venuedesk.domain.catalogue import Venue
from venuedesk.domain.pipeline import (
    MARKABLE_STATUSES,
    Filters,
    Month,
    MonthRevenue,
    Pipeline,
    Wait,
    compute_pipeline,
)
from venuedesk.i18n import locale_for, price
from venuedesk.store.pipeline_reads import pipeline_rows
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow.errors import InputError

CSV_COLUMNS = ("thread_id", "lead_month", "stage", "status", "room_id", "event_date", "offer_total_chf",
               "exit_kind", "exit_reason", "exit_at")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (CSV injection); such a cell gets a `'`."""
CURRENCY = "CHF"


def parse_filters(venue: Venue, month: str | None, room: str | None) -> Filters:
    """The query's filters; a month not written YYYY-MM or a room the venue does not have is an InputError."""
    parsed = None
    if month:
        try:
            parsed = Month.parse(month)
        except ValueError as exc:
            raise InputError(str(exc), field="month") from exc
    if room and room not in {item.id for item in venue.rooms}:
        known = ", ".join(item.id for item in venue.rooms)
        raise InputError(f"room: {room!r} is not a room of the venue; use one of {known}", field="room")
    return Filters(month=parsed, room_id=room or None)


def compute(uow_factory: Callable[[], UnitOfWork], filters: Filters) -> Pipeline:
    """The pipeline for `filters` from the rows as they stand now."""
    with uow_factory() as uow:
        rows = pipeline_rows(uow.session, filters.month)
    return compute_pipeline(rows.threads, rows.exits, rows.exchanges, rows.tasks, filters, rows.months)


def report_json(figures: Pipeline, venue: Venue, language: str) -> dict[str, Any]:
    """The pipeline as the API's JSON: numbers for machines beside `*_text` for people, in `language`."""
    stages = figures.stages
    return {
        "filters": {"month": str(figures.filters.month) if figures.filters.month else None,
                    "room": figures.filters.room_id},
        "currency": CURRENCY,
        "stages": {"leads": stages.leads, "options": stages.options, "confirmed": stages.confirmed},
        "conversion": {name: _share(value, language) for name, value in (
            ("lead_to_option", stages.lead_to_option), ("option_to_confirmed", stages.option_to_confirmed),
            ("lead_to_confirmed", stages.lead_to_confirmed))},
        "lost": dict(figures.lost),
        "lost_reasons": dict(figures.lost_reasons),
        "revenue": [_month_revenue(item, language) for item in figures.revenue],
        "revenue_total": _revenue_total(figures.revenue, language),
        "response_times": {"client": _wait(figures.client_wait, language),
                           "tasks": _wait(figures.task_wait, language)},
        "open_threads": [line.thread_id for line in figures.lines if line.status in MARKABLE_STATUSES],
        "months": [{"month": str(month), "label": month_label(month, language)} for month in figures.months],
        "rooms": [{"room_id": room.id, "name": room.label(language)} for room in venue.rooms],
    }


def report_csv(figures: Pipeline) -> str:
    """One line per thread of the funnel: thread id, month the lead came in, furthest stage, status, room, event
    day, live offer total (CHF, plain number), and its latest exit (kind, the manager's reason code, when)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in figures.lines:
        writer.writerow([safe_cell(value) for value in (
            line.thread_id, str(line.lead_month), line.stage, line.status, line.room_id or "",
            line.event_date.isoformat() if line.event_date else "",
            f"{line.offer_total:.2f}" if line.offer_total is not None else "",
            line.exit_kind or "", line.exit_reason or "", line.exit_at.isoformat() if line.exit_at else "")])
    return out.getvalue()


def csv_filename(filters: Filters) -> str:
    """`pipeline.csv`, `pipeline-2026-03.csv`, `pipeline-2026-03-room-a.csv`."""
    parts = ["pipeline"] + [str(filters.month)] * bool(filters.month) + [filters.room_id or ""] * bool(filters.room_id)
    return "-".join(parts) + ".csv"


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run: one starting like a formula is prefixed with `'` (OWASP CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def month_label(month: Month, language: str) -> str:
    """`March 2026` / `März 2026`."""
    return str(format_date(date(month.year, month.month, 1), "LLLL y", locale=locale_for(language)))


def duration_text(seconds: Decimal | None, language: str) -> str | None:
    """A wait in its two largest units, each as CLDR writes it short: `45 secs`, `1 hr 30 mins`, `2 Tg. 3 Std.`."""
    if seconds is None:
        return None
    left = int(seconds)
    parts = []
    for size in (86400, 3600, 60):  # days, hours, minutes
        if left >= size:
            parts.append(timedelta(seconds=left // size * size))
            left %= size
    if not parts:
        parts.append(timedelta(seconds=left))
    locale = locale_for(language)
    return " ".join(str(format_timedelta(part, threshold=1, format="short", locale=locale)) for part in parts[:2])


def _share(value: Decimal | None, language: str) -> dict[str, Any]:
    text = format_percent(value, format="#,##0.#%", locale=locale_for(language)) if value is not None else None
    return {"ratio": float(value) if value is not None else None, "text": text}


def _amount(value: Decimal, language: str) -> dict[str, Any]:
    return {"amount": float(value), "text": price(value, language)}


def _month_revenue(item: MonthRevenue, language: str) -> dict[str, Any]:
    return {"month": str(item.month), "label": month_label(item.month, language),
            "confirmed": _amount(item.confirmed, language), "confirmed_count": item.confirmed_count,
            "on_option": _amount(item.on_option, language), "on_option_count": item.on_option_count}


def _revenue_total(items: list[MonthRevenue], language: str) -> dict[str, Any]:
    return {"confirmed": _amount(sum((item.confirmed for item in items), Decimal(0)), language),
            "on_option": _amount(sum((item.on_option for item in items), Decimal(0)), language)}


def _wait(wait: Wait, language: str) -> dict[str, Any]:
    seconds = wait.average_seconds
    return {"count": wait.count, "waiting": wait.waiting,
            "average_seconds": int(seconds) if seconds is not None else None,
            "average_text": duration_text(seconds, language)}
