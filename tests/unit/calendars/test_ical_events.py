"""iCalendar text → busy blocks: which events make a room busy, recurrences expanded, all-day and floating times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from venuedesk.calendars.errors import CalendarUnavailable
from venuedesk.calendars import ical_events
from venuedesk.calendars.ical_events import busy_blocks
from venuedesk.domain.busy import BusyBlock

ZURICH = ZoneInfo("Europe/Zurich")
START = datetime(2026, 3, 1, tzinfo=ZURICH)
END = datetime(2026, 4, 1, tzinfo=ZURICH)


def calendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\nDTSTAMP:20260101T000000Z\r\n{event.strip()}\r\nEND:VEVENT\r\n"
                   for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//venuedesk tests//EN\r\n{body}END:VCALENDAR\r\n"


def read(*events: str) -> list[BusyBlock]:
    return busy_blocks("cal-a", [calendar(*events)], START, END, ZURICH)


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZURICH)


def test_a_timed_event_is_one_block_with_its_zone() -> None:
    (block,) = read("UID:e1\nDTSTART;TZID=Europe/Zurich:20260310T090000\nDTEND;TZID=Europe/Zurich:20260310T120000")
    assert block == BusyBlock("cal-a", "e1", local(date(2026, 3, 10), 9), local(date(2026, 3, 10), 12))


def test_an_event_in_utc_keeps_its_instant() -> None:
    (block,) = read("UID:e1\nDTSTART:20260310T080000Z\nDTEND:20260310T110000Z")
    assert block.start == datetime(2026, 3, 10, 8, tzinfo=UTC)


def test_a_floating_time_is_read_on_the_venues_clock() -> None:
    (block,) = read("UID:e1\nDTSTART:20260310T090000\nDURATION:PT2H")
    assert (block.start, block.end) == (local(date(2026, 3, 10), 9), local(date(2026, 3, 10), 11))


def test_an_all_day_event_runs_midnight_to_the_midnight_after_its_last_day() -> None:
    (block,) = read("UID:d1\nDTSTART;VALUE=DATE:20260310\nDTEND;VALUE=DATE:20260312")
    assert block == BusyBlock("cal-a", "d1", local(date(2026, 3, 10)), local(date(2026, 3, 12)), all_day=True)


def test_an_all_day_event_without_an_end_is_one_day() -> None:
    (block,) = read("UID:d1\nDTSTART;VALUE=DATE:20260310")
    assert (block.start, block.end) == (local(date(2026, 3, 10)), local(date(2026, 3, 11)))


def test_a_transparent_event_is_not_busy() -> None:
    assert read("UID:e1\nDTSTART:20260310T090000Z\nDTEND:20260310T100000Z\nTRANSP:TRANSPARENT") == []


def test_a_cancelled_event_is_not_busy() -> None:
    assert read("UID:e1\nDTSTART:20260310T090000Z\nDTEND:20260310T100000Z\nSTATUS:CANCELLED") == []


def test_a_tentative_event_is_busy() -> None:
    assert len(read("UID:e1\nDTSTART:20260310T090000Z\nDTEND:20260310T100000Z\nSTATUS:TENTATIVE")) == 1


def test_a_timed_event_without_an_end_takes_no_time() -> None:
    assert read("UID:e1\nDTSTART:20260310T090000Z") == []


def test_a_weekly_series_is_expanded_without_its_excluded_dates() -> None:
    blocks = read("UID:w1\nDTSTART;TZID=Europe/Zurich:20260302T090000\nDTEND;TZID=Europe/Zurich:20260302T110000\n"
                  "RRULE:FREQ=WEEKLY;COUNT=5\nEXDATE;TZID=Europe/Zurich:20260309T090000")
    assert [block.start.date() for block in blocks] == [date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 23),
                                                        date(2026, 3, 30)]


def test_a_cancelled_occurrence_of_a_series_is_not_busy_and_a_moved_one_is_at_its_new_time() -> None:
    blocks = read(
        "UID:w1\nDTSTART;TZID=Europe/Zurich:20260302T090000\nDTEND;TZID=Europe/Zurich:20260302T110000\n"
        "RRULE:FREQ=WEEKLY;COUNT=3",
        "UID:w1\nRECURRENCE-ID;TZID=Europe/Zurich:20260309T090000\nDTSTART;TZID=Europe/Zurich:20260309T090000\n"
        "DTEND;TZID=Europe/Zurich:20260309T110000\nSTATUS:CANCELLED",
        "UID:w1\nRECURRENCE-ID;TZID=Europe/Zurich:20260316T090000\nDTSTART;TZID=Europe/Zurich:20260317T140000\n"
        "DTEND;TZID=Europe/Zurich:20260317T160000",
    )
    assert [block.start for block in blocks] == [local(date(2026, 3, 2), 9), local(date(2026, 3, 17), 14)]


def test_a_series_keeps_its_wall_clock_time_across_the_dst_change() -> None:
    blocks = read("UID:w1\nDTSTART;TZID=Europe/Zurich:20260323T090000\nDTEND;TZID=Europe/Zurich:20260323T100000\n"
                  "RRULE:FREQ=WEEKLY;COUNT=2")
    assert [block.start.astimezone(ZURICH).time() for block in blocks] == [time(9), time(9)]
    assert [block.start.astimezone(UTC).hour for block in blocks] == [8, 7]


def test_events_outside_the_span_are_left_out() -> None:
    assert read("UID:e1\nDTSTART:20260410T090000Z\nDTEND:20260410T100000Z") == []


def test_several_documents_are_read_together_and_sorted() -> None:
    first = calendar("UID:b\nDTSTART:20260311T090000Z\nDTEND:20260311T100000Z")
    second = calendar("UID:a\nDTSTART:20260310T090000Z\nDTEND:20260310T100000Z")
    assert [block.uid for block in busy_blocks("cal-a", [first, second], START, END, ZURICH)] == ["a", "b"]


def test_text_that_is_not_icalendar_fails_the_calendar_rather_than_reading_it_as_free() -> None:
    with pytest.raises(CalendarUnavailable) as failure:
        busy_blocks("cal-a", ["<html>Sign in</html>"], START, END, ZURICH)
    assert failure.value.reason == "error"
    assert "not valid iCalendar" in failure.value.detail


def test_a_document_read_again_for_the_same_span_is_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[bytes] = []
    parse = ical_events._parse
    monkeypatch.setattr(ical_events, "_parse", lambda *args: parsed.append(args[1]) or parse(*args))
    ical_events.forget_parsed()
    document = calendar("UID:e1\nDTSTART:20260310T090000Z\nDTEND:20260310T100000Z")
    first = busy_blocks("cal-a", [document], START, END, ZURICH)
    assert busy_blocks("cal-a", [document], START, END, ZURICH) == first
    assert len(parsed) == 1


def test_a_changed_document_is_parsed_again() -> None:
    ical_events.forget_parsed()
    before = busy_blocks("cal-a", [calendar("UID:e1\nDTSTART:20260310T090000Z\nDTEND:20260310T100000Z")],
                         START, END, ZURICH)
    after = busy_blocks("cal-a", [calendar("UID:e1\nDTSTART:20260311T090000Z\nDTEND:20260311T100000Z")],
                        START, END, ZURICH)
    assert [b.start.day for b in before + after] == [10, 11]
