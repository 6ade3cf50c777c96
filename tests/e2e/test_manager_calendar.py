"""The console's calendar view (docs/calendar-view.md) in a real browser: a hold on its room and day with the 2nd option
waiting, the option lapsing on the server's clock and replaced by the promoted 2nd option once the jobs run, the
click through to the thread, the keyboard, and the screenshot in docs/calendar.png."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need Playwright: .venv/bin/pip install playwright")
from playwright.sync_api import expect  # noqa: E402

from e2e_helpers import PHONE, screenshot  # noqa: E402
from live_server import MANAGER_TOKEN, live_app  # noqa: E402

BOOKING = "Please book Room B for a workshop with 30 people on {day}, 09:00-17:00, no catering."
HOLD_DAY = "2026-03-31"  # the Tuesday of the week with Good Friday (3 April 2026, a holiday in Zurich)
WEEK = "#view=week&from=2026-03-30"


class FixedCalendars:
    """The rooms' own calendars, answering at once: one busy block in Room C, Room F's calendar down."""

    def busy(self, rooms: Sequence[Any], first: date, last: date) -> Any:
        from venuedesk.domain.availability import Booking
        from venuedesk.domain.busy import ExternalBusy, SourceFailure

        block = Booking("room-c", date(2026, 4, 2), 8 * 60, 12 * 60 + 30, "Confirmed", None,
                        "external:room-c-nextcloud:renovation")
        return ExternalBusy((block,), (SourceFailure("room-f-google", "timeout"),), frozenset({"room-f"}))

    def prefetch(self, requests: Sequence[Any]) -> None:
        return None


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    with live_app(tmp_path / "home") as (url, desk):
        yield url, desk


def _hold(desk: Any, day: str, sender: str) -> str:
    """A thread holding Room B on `day` (its offer waits for the manager); its id."""
    thread_id = desk.open_thread().thread_id
    reply = desk.handle_message(thread_id, BOOKING.format(day=day), sender=sender)
    assert reply.footer.state == "Waiting on HIL", reply.body_markdown
    return thread_id


def _queue_behind(desk: Any, day: str, sender: str) -> str:
    """A thread that asked for Room B while it is held and took the 2nd option; its id."""
    thread_id = desk.open_thread().thread_id
    desk.handle_message(thread_id, BOOKING.format(day=day), sender=sender)
    desk.handle_action(thread_id, "take_second_option", {"room_id": "room-b"})
    return thread_id


def _run_jobs(desk: Any) -> None:
    """What `jobs: run` does in a transcript: every job with due work at the desk's clock."""
    from venuedesk.jobs.base import JobDeps
    from venuedesk.jobs.delivery import InAppDelivery
    from venuedesk.jobs.scheduler import run_due

    run_due(JobDeps(sessions=desk._sessions, venue=desk.venue, delivery=InAppDelivery()), desk.clock)


def _signed_in_calendar(pages: Any, url: str, hash_: str = WEEK, viewport: dict[str, int] | None = None) -> Any:
    """Sign in on the console, follow its Calendar link, then open the span `hash_`."""
    page = pages.new(viewport)
    page.goto(f"{url}/manager")
    page.get_by_label("Manager token").fill(MANAGER_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#console")).to_be_visible()
    page.get_by_role("link", name="Calendar").click()
    expect(page).to_have_url(f"{url}/manager/calendar#view=week&from=2026-02-02")
    page.goto(f"{url}/manager/calendar{hash_}")
    first = parse_qs(hash_.lstrip("#"))["from"][0]
    expect(page.locator(f'thead th[data-date="{first}"]')).to_have_count(1)  # the span asked for, not the one before
    return page


def _cell(page: Any, room: str, day: str) -> Any:
    return page.locator(f'td[data-room="{room}"][data-date="{day}"]')


def test_a_hold_is_replaced_by_the_promoted_2nd_option_when_it_expires(pages: Any, served: tuple[str, Any]) -> None:
    url, desk = served
    holder = _hold(desk, "31 March 2026", "anna@example.com")
    second = _queue_behind(desk, "31 March 2026", "ben@example.com")
    page = _signed_in_calendar(pages, url)

    option = _cell(page, "room-b", HOLD_DAY).locator("a.entry-option")
    expect(option).to_have_attribute("data-thread", holder)
    expect(option).to_contain_text("until 9 Feb 2026")
    expect(_cell(page, "room-b", HOLD_DAY).locator("a.entry-waiter")).to_have_attribute("data-thread", second)
    expect(_cell(page, "room-a", HOLD_DAY).locator(".entry")).to_have_count(0)

    desk.clock.set(desk.clock.now() + timedelta(days=7, minutes=1))
    page.get_by_role("button", name="Refresh").click()
    expect(option).to_contain_text("lapsed")

    _run_jobs(desk)
    page.get_by_role("button", name="Refresh").click()
    promoted = _cell(page, "room-b", HOLD_DAY).locator("a.entry-option")
    expect(promoted).to_have_attribute("data-thread", second)
    expect(promoted).to_contain_text("until 16 Feb 2026")
    expect(_cell(page, "room-b", HOLD_DAY).locator("a.entry-waiter")).to_have_count(0)


def test_an_entry_opens_its_threads_audit_trail_in_the_console(pages: Any, served: tuple[str, Any]) -> None:
    url, desk = served
    holder = _hold(desk, "31 March 2026", "anna@example.com")
    page = _signed_in_calendar(pages, url)
    _cell(page, "room-b", HOLD_DAY).locator("a.entry-option").click()
    expect(page).to_have_url(f"{url}/manager#thread={holder}")
    expect(page.locator("#audit")).to_contain_text(f"Audit trail of {holder}")
    expect(page.locator("#audit-title")).to_be_focused()


def test_the_grid_is_one_tab_stop_moved_through_with_the_arrow_keys(pages: Any, served: tuple[str, Any]) -> None:
    url, desk = served
    _hold(desk, "31 March 2026", "anna@example.com")
    page = _signed_in_calendar(pages, url)
    page.locator("#refresh").focus()
    page.keyboard.press("Tab")
    focused = page.locator("td:focus")
    expect(focused).to_have_attribute("data-date", "2026-03-30")
    expect(focused).to_have_attribute("data-room", "room-a")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    expect(focused).to_have_attribute("data-date", HOLD_DAY)
    expect(focused).to_have_attribute("aria-label", "Room B, Tuesday, 31 March 2026: Option 09:00–17:00 "
                                                    "anna@example.com · 30 guests, until 9 Feb 2026, 09:00")
    page.keyboard.press("Tab")
    expect(page.locator("a.entry-option:focus")).to_have_count(1)
    page.keyboard.press("Escape")
    page.keyboard.press("End")
    expect(focused).to_have_attribute("data-date", "2026-04-05")
    page.keyboard.press("PageDown")
    expect(page.locator("#span-title")).to_have_text("6–12 April 2026")
    expect(focused).to_have_attribute("data-date", "2026-04-12")
    expect(focused).to_have_attribute("data-room", "room-b")
    expect(page).to_have_url(f"{url}/manager/calendar#view=week&from=2026-04-06")


def test_month_view_today_and_the_buttons_move_by_the_span_shown(pages: Any, served: tuple[str, Any]) -> None:
    url, _desk = served
    page = _signed_in_calendar(pages, url)
    page.get_by_role("button", name="Month", exact=True).click()
    expect(page.locator("#span-title")).to_have_text("March 2026")
    expect(page.locator("thead th.day-head")).to_have_count(31)
    expect(page.get_by_role("button", name="Month", exact=True)).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Next month").click()
    expect(page.locator("#span-title")).to_have_text("April 2026")
    page.get_by_role("button", name="Today").click()
    expect(page.locator("#span-title")).to_have_text("February 2026")
    expect(page.locator('th[aria-current="date"]')).to_have_attribute("data-date", "2026-02-02")


def test_closed_days_busy_blocks_and_unconfirmed_rooms_are_shown(pages: Any, served: tuple[str, Any]) -> None:
    url, desk = served
    desk.calendars = FixedCalendars()
    page = _signed_in_calendar(pages, url)
    expect(page.locator('th[data-date="2026-04-03"]')).to_contain_text("Good Friday")
    expect(_cell(page, "room-a", "2026-04-03")).to_have_class("cell is-closed")
    busy = _cell(page, "room-c", "2026-04-02").locator(".entry-busy")
    expect(busy).to_contain_text("08:00–12:30")
    expect(busy).to_contain_text("room-c-nextcloud")
    expect(_cell(page, "room-f", "2026-03-31")).to_have_class("cell is-unconfirmed")


def test_on_a_phone_the_grid_scrolls_inside_its_frame_with_the_rooms_column_kept(
    pages: Any, served: tuple[str, Any],
) -> None:
    url, desk = served
    _hold(desk, "31 March 2026", "anna@example.com")
    page = _signed_in_calendar(pages, url, viewport=PHONE)
    grid = page.locator("#calendar-grid")
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    assert grid.evaluate("node => node.scrollWidth > node.clientWidth")
    assert page.locator('th[data-date="2026-04-01"]').bounding_box()["width"] >= 90
    grid.evaluate("node => { node.scrollLeft = node.scrollWidth; }")
    room, frame = page.locator("th.room-name").first.bounding_box(), grid.bounding_box()
    assert abs(room["x"] - frame["x"]) <= 2
    page.get_by_role("button", name="Month", exact=True).click()
    expect(page.locator("#span-title")).to_have_text("March 2026")
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    for button in ("Previous month", "Today", "Next month"):
        box = page.get_by_role("button", name=button).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], button


def test_the_room_feeds_list_a_signed_address_per_room(pages: Any, served: tuple[str, Any]) -> None:
    url, _desk = served
    page = _signed_in_calendar(pages, url)
    address = page.get_by_label("Room B", exact=True)
    expect(address).to_have_value(f"{url}/calendar/room-b.ics?token=" + address.input_value().split("=", 1)[1])
    assert page.request.get(address.input_value()).status == 200


def test_the_calendar_screenshot(pages: Any, served: tuple[str, Any]) -> None:
    url, desk = served
    desk.calendars = FixedCalendars()
    from step_seven import confirmed

    _hold(desk, "31 March 2026", "anna@example.com")
    _queue_behind(desk, "31 March 2026", "ben@example.com")
    confirmed(desk, desk.open_thread().thread_id,
              inquiry="Hi, we'd like a workshop for 30 people on 1 April 2026, 9 to 5.")
    page = _signed_in_calendar(pages, url)
    _cell(page, "room-b", HOLD_DAY).focus()
    expect(_cell(page, "room-b", "2026-04-01").locator("a.entry-confirmed")).to_have_count(1)
    screenshot(page, "calendar", docs="calendar.png", full_page=True)


def test_an_answer_that_comes_back_after_a_newer_span_was_asked_for_is_dropped(
    pages: Any, served: tuple[str, Any]
) -> None:
    url, _desk = served
    page = pages.new()
    held: list[Any] = []
    # the first span's answer waits until the test releases it
    page.route("**/api/calendar?from=2026-02-02*", lambda route: held.append(route))
    page.goto(f"{url}/manager")
    page.get_by_label("Manager token").fill(MANAGER_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#console")).to_be_visible()  # signed in: the token is kept for the calendar page
    page.get_by_role("link", name="Calendar").click()
    expect(page).to_have_url(f"{url}/manager/calendar#view=week&from=2026-02-02")
    page.goto(f"{url}/manager/calendar{WEEK}")
    expect(page.locator('thead th[data-date="2026-03-30"]')).to_have_count(1)
    assert len(held) == 1
    with page.expect_response(lambda response: "from=2026-02-02" in response.url):
        held[0].continue_()
    page.wait_for_timeout(300)  # the late answer reached the page's script
    expect(page.locator('thead th[data-date="2026-03-30"]')).to_have_count(1)
    expect(page.locator('thead th[data-date="2026-02-02"]')).to_have_count(0)
