"""The pipeline's CSV (docs/pipeline.md): written by the csv module, numbers plain, formula-like cells defused."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from venuedesk.domain.pipeline import Filters, Month, ThreadRecord, compute_pipeline
from venuedesk.workflow.pipeline_report import CSV_COLUMNS, csv_filename, report_csv, safe_cell

FEB = datetime(2026, 2, 2, 9, 0, tzinfo=ZoneInfo("Europe/Zurich"))


def rows_of(*records: ThreadRecord) -> list[list[str]]:
    text = report_csv(compute_pipeline(records, [], [], []))
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+41 44", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_a_cell_that_starts_like_a_formula_is_prefixed_with_a_quote(cell: str) -> None:
    assert safe_cell(cell) == f"'{cell}"


@pytest.mark.parametrize("cell", ["thr_8c1f", "room-b", "2026-03", "", "1590.00"])
def test_an_ordinary_cell_is_left_as_it_is(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_a_hostile_thread_id_reaches_the_spreadsheet_as_text_and_quoted_commas_stay_one_cell() -> None:
    header, row = rows_of(ThreadRecord(thread_id='=cmd|" /C calc"!A0,x', opened_at=FEB, status="Lead"))
    assert header == list(CSV_COLUMNS)
    assert row[0] == "'=cmd|\" /C calc\"!A0,x" and len(row) == len(CSV_COLUMNS)


def test_amounts_are_plain_numbers_with_two_decimals_and_days_iso() -> None:
    _, row = rows_of(ThreadRecord(thread_id="t1", opened_at=FEB, status="Confirmed", room_id="room-b",
                                  event_date=date(2026, 3, 10), offer_total=Decimal("1590")))
    assert row == ["t1", "2026-02", "confirmed", "Confirmed", "room-b", "2026-03-10", "1590.00", "", "", ""]


def test_the_file_is_named_after_its_filters() -> None:
    assert csv_filename(Filters()) == "pipeline.csv"
    assert csv_filename(Filters(month=Month(2026, 3), room_id="room-a")) == "pipeline-2026-03-room-a.csv"
