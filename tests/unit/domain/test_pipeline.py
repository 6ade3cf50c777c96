"""The pipeline's figures (docs/pipeline.md) from hand-built rows: stages, conversion, lost reasons, revenue per
month, response times, filters by month and room, and months cut in venue time (Europe/Zurich)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from venuedesk.domain.pipeline import (
    Exchange,
    ExitRecord,
    Filters,
    Month,
    Said,
    TaskSpan,
    ThreadRecord,
    compute_pipeline,
    exchanges_from,
    revenue_by_month,
    stage_reached,
)

ZURICH = ZoneInfo("Europe/Zurich")
FEB = datetime(2026, 2, 2, 9, 0, tzinfo=ZURICH)
MARCH = datetime(2026, 3, 3, 9, 0, tzinfo=ZURICH)


def lead(thread_id: str, **fields: object) -> ThreadRecord:
    values: dict[str, object] = {"opened_at": FEB, "status": "Lead"}
    values.update(fields)
    return ThreadRecord(thread_id=thread_id, **values)  # type: ignore[arg-type]


def left(thread_id: str, kind: str, from_status: str, *, at: datetime = FEB, **fields: object) -> ExitRecord:
    return ExitRecord(thread_id=thread_id, kind=kind, from_status=from_status, at=at, **fields)  # type: ignore[arg-type]


def pipeline(threads: list[ThreadRecord], exits: list[ExitRecord] | None = None, *, month: str | None = None,
             room: str | None = None, exchanges: list[Exchange] | None = None, tasks: list[TaskSpan] | None = None):
    filters = Filters(month=Month.parse(month) if month else None, room_id=room)
    return compute_pipeline(threads, exits or [], exchanges or [], tasks or [], filters)


def test_every_thread_with_an_event_is_a_lead_and_counts_at_the_furthest_stage_it_reached() -> None:
    figures = pipeline([lead("t1"), lead("t2", status="Option", room_id="room-a"),
                        lead("t3", status="Confirmed", room_id="room-b", offer_total=Decimal("1590.00"))])
    assert (figures.stages.leads, figures.stages.options, figures.stages.confirmed) == (3, 2, 1)


def test_conversion_is_the_share_of_the_stage_before() -> None:
    stages = pipeline([lead("t1"), lead("t2", status="Option"), lead("t3", status="Confirmed")]).stages
    assert (stages.lead_to_option, stages.option_to_confirmed, stages.lead_to_confirmed) == (
        Decimal("0.667"), Decimal("0.500"), Decimal("0.333"))


def test_conversion_without_a_base_is_none_not_zero() -> None:
    stages = pipeline([]).stages
    assert (stages.leads, stages.lead_to_option, stages.option_to_confirmed) == (0, None, None)


def test_an_option_that_lapsed_and_was_optioned_again_counts_once_as_an_option_and_once_as_expired() -> None:
    threads = [lead("t1", status="Option", room_id="room-a", offer_total=Decimal("900.00"), had_offer=True)]
    exits = [left("t1", "expired", "Option", room_id="room-a")]
    figures = pipeline(threads, exits)
    assert (figures.stages.leads, figures.stages.options, figures.stages.confirmed) == (1, 1, 0)
    assert figures.lost["expired"] == 1
    assert figures.lines[0].exit_kind == "expired" and figures.lines[0].status == "Option"


def test_an_option_that_lapsed_and_stayed_a_lead_still_reached_the_option_stage() -> None:
    record = lead("t1", status="Lead")
    assert stage_reached(record, [left("t1", "expired", "Option")]) == "option"


def test_a_thread_that_got_an_offer_held_a_room_for_it() -> None:
    assert stage_reached(lead("t1", status="Lost", had_offer=True), []) == "option"


def test_a_cancellation_after_confirmation_was_confirmed_but_brings_no_confirmed_revenue() -> None:
    threads = [lead("t1", status="Cancelled", room_id="room-b", event_date=date(2026, 3, 10),
                    offer_total=Decimal("1590.00"), had_offer=True)]
    figures = pipeline(threads, [left("t1", "cancelled", "Confirmed", room_id="room-b")])
    assert figures.stages.confirmed == 1
    assert figures.lost["cancelled"] == 1
    assert figures.revenue == []


def test_a_cancellation_before_confirmation_counts_as_an_option_lost_by_cancellation() -> None:
    figures = pipeline([lead("t1", status="Lost", had_offer=True)], [left("t1", "cancelled", "Option")])
    assert (figures.stages.options, figures.stages.confirmed, figures.lost["cancelled"]) == (1, 0, 1)


def test_lost_counts_every_kind_and_the_managers_reasons() -> None:
    threads = [lead(f"t{n}", status="Lost") for n in range(4)]
    exits = [left("t0", "declined", "Option"), left("t1", "marked_lost", "Lead", reason="price"),
             left("t2", "marked_lost", "Option", reason="price"), left("t3", "marked_lost", "Lead", reason="no_reply")]
    figures = pipeline(threads, exits)
    assert figures.lost == {"declined": 1, "expired": 0, "cancelled": 0, "marked_lost": 3}
    assert figures.lost_reasons == {"no_reply": 1, "price": 2}


def test_revenue_sums_offer_totals_by_the_month_of_the_events_day() -> None:
    threads = [lead("t1", status="Confirmed", event_date=date(2026, 3, 10), offer_total=Decimal("1590.00")),
               lead("t2", status="Confirmed", event_date=date(2026, 3, 31), offer_total=Decimal("750.00")),
               lead("t3", status="Option", event_date=date(2026, 4, 1), offer_total=Decimal("900.50")),
               lead("t4", status="Lost", event_date=date(2026, 4, 2), offer_total=Decimal("5000.00")),
               lead("t5", status="Option", event_date=date(2026, 4, 3))]
    [march, april] = revenue_by_month(threads)
    assert (march.month, march.confirmed, march.confirmed_count, march.on_option) == (
        Month(2026, 3), Decimal("2340.00"), 2, Decimal(0))
    assert (april.month, april.confirmed, april.on_option, april.on_option_count) == (
        Month(2026, 4), Decimal(0), Decimal("900.50"), 1)


def test_revenue_for_a_month_filter_is_that_month_even_when_empty() -> None:
    [only] = revenue_by_month([lead("t1", status="Confirmed", event_date=date(2026, 3, 10),
                                    offer_total=Decimal("100"))], Month(2026, 5))
    assert (only.month, only.confirmed, only.on_option) == (Month(2026, 5), Decimal(0), Decimal(0))


def test_a_lead_that_came_in_just_after_midnight_on_the_first_counts_in_the_new_month_in_zurich() -> None:
    just_after = datetime(2026, 2, 28, 23, 30, tzinfo=UTC)  # 1 March 00:30 in Zurich (UTC+1)
    assert Month.of_moment(just_after) == Month(2026, 3)
    figures = pipeline([lead("t1", opened_at=just_after), lead("t2", opened_at=FEB)], month="2026-03")
    assert [line.thread_id for line in figures.lines] == ["t1"]


def test_the_summer_time_month_boundary_is_cut_at_midnight_in_zurich() -> None:
    last_of_march = datetime(2026, 3, 31, 21, 59, tzinfo=UTC)  # 23:59 CEST (UTC+2)
    first_of_april = datetime(2026, 3, 31, 22, 0, tzinfo=UTC)  # 00:00 CEST
    assert (Month.of_moment(last_of_march), Month.of_moment(first_of_april)) == (Month(2026, 3), Month(2026, 4))


def test_the_month_filter_keeps_the_leads_that_came_in_that_month_with_their_exits() -> None:
    threads = [lead("feb", status="Lost"), lead("mar", opened_at=MARCH, status="Lost")]
    exits = [left("feb", "declined", "Option", at=MARCH), left("mar", "marked_lost", "Lead", at=MARCH, reason="date")]
    figures = pipeline(threads, exits, month="2026-02")
    assert figures.stages.leads == 1
    assert figures.lost == {"declined": 1, "expired": 0, "cancelled": 0, "marked_lost": 0}


def test_the_room_filter_keeps_the_threads_of_that_room_including_one_that_left_it() -> None:
    threads = [lead("a", status="Option", room_id="room-a"), lead("b", status="Option", room_id="room-b"),
               lead("lapsed", status="Lead"), lead("none")]
    figures = pipeline(threads, [left("lapsed", "expired", "Option", room_id="room-a")], room="room-a")
    assert sorted(line.thread_id for line in figures.lines) == ["a", "lapsed"]
    assert figures.rooms == ["room-a", "room-b"]


def test_client_wait_is_the_mean_from_message_to_the_desks_reply_and_counts_unanswered_apart() -> None:
    exchanges = [Exchange("t1", FEB, FEB + timedelta(minutes=10)), Exchange("t1", FEB, FEB + timedelta(minutes=30)),
                 Exchange("t1", FEB, None)]
    wait = pipeline([lead("t1")], exchanges=exchanges).client_wait
    assert (wait.count, wait.average_seconds, wait.waiting) == (2, Decimal(1200), 1)


def test_task_wait_counts_by_the_month_the_task_opened_and_follows_the_room_filter() -> None:
    tasks = [TaskSpan("a", FEB, FEB + timedelta(hours=2)), TaskSpan("a", MARCH, MARCH + timedelta(hours=8)),
             TaskSpan("b", FEB, FEB + timedelta(hours=4)), TaskSpan("a", FEB, None)]
    threads = [lead("a", room_id="room-a"), lead("b", room_id="room-b")]
    wait = pipeline(threads, tasks=tasks, month="2026-02", room="room-a").task_wait
    assert (wait.count, wait.average_seconds, wait.waiting) == (1, Decimal(7200), 1)


def test_no_answers_mean_no_average() -> None:
    wait = pipeline([lead("t1")], exchanges=[Exchange("t1", FEB, None)]).client_wait
    assert (wait.count, wait.average_seconds, wait.waiting) == (0, None, 1)


def test_months_lists_every_inquiry_and_event_month_for_the_filter_choices() -> None:
    figures = pipeline([lead("t1", event_date=date(2026, 5, 4)), lead("t2", opened_at=MARCH)])
    assert [str(month) for month in figures.months] == ["2026-02", "2026-03", "2026-05"]


@pytest.mark.parametrize("text", ["2026-3", "2026-13", "26-03", "march", "", "2026-03-01"])
def test_a_month_that_is_not_yyyy_mm_is_refused_naming_the_form(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse(text)


def test_each_client_message_waits_for_the_first_desk_reply_after_it_in_its_own_thread() -> None:
    said = [Said("t1", 1, "client", FEB), Said("t1", 2, "client", FEB + timedelta(minutes=5)),
            Said("t2", 1, "client", FEB), Said("t1", 3, "manager", FEB + timedelta(minutes=6)),
            Said("t1", 4, "desk", FEB + timedelta(minutes=10)), Said("t1", 5, "desk", FEB + timedelta(minutes=20)),
            Said("t1", 6, "client", FEB + timedelta(hours=1))]
    pairs = sorted((item.thread_id, item.asked_at - FEB, item.answered_at and item.answered_at - FEB)
                   for item in exchanges_from(said))
    ten = timedelta(minutes=10)
    assert pairs == [("t1", timedelta(0), ten), ("t1", timedelta(minutes=5), ten), ("t1", timedelta(hours=1), None),
                     ("t2", timedelta(0), None)]
