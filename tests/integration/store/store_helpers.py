"""Small builders shared by the store tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from venuedesk.clock import VENUE_TZ
from venuedesk.domain.event import (
    AuditEntry,
    Billing,
    DepositTerms,
    EventState,
    Offer,
    OfferLine,
    ProductLine,
)
from venuedesk.domain.requirements import Requirements
from venuedesk.store.token_hash import token_digest
from venuedesk.store.uow import UnitOfWork

MakeUow = Callable[[], UnitOfWork]

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)


def add_thread(uow: UnitOfWork, thread_id: str) -> None:
    """Create a thread row (events reference it)."""
    uow.threads.create(thread_id, client_token_hash=token_digest(f"tok-{thread_id}"), channel="chat",
                       created_at=NOW)


def rich_event(thread_id: str = "t1", event_id: str = "e1") -> EventState:
    """An event with every nested part filled in, to check that nothing is lost on the way."""
    state = EventState(
        event_id=event_id,
        thread_id=thread_id,
        status="Option",
        current_step=5,
        caller_step=4,
        thread_state="Waiting on HIL",
        language="de",
        client_email="anna@example.com",
        client_name="Anna",
        requirements=Requirements(
            participants=30, layout="workshop", start_time="09:00", end_time="17:00", special=["stage"]
        ),
        chosen_date=date(2026, 3, 10),
        date_confirmed=True,
        locked_room_id="room-b",
        hold_expires_at=datetime(2026, 2, 9, 9, 0, tzinfo=VENUE_TZ),
        products=[ProductLine(product_id="coffee-basic", quantity=30)],
        products_decided=True,
        offers=[
            Offer(
                offer_id="o1",
                version=1,
                status="Sent",
                lines=[
                    OfferLine(
                        kind="room",
                        ref="room-b",
                        label="Room B",
                        quantity=1,
                        unit_price=Decimal("750.00"),
                        total=Decimal("750.00"),
                    ),
                    OfferLine(
                        kind="product",
                        ref="coffee-basic",
                        label="Kaffee & Tee",
                        quantity=30,
                        unit_price=Decimal("8.50"),
                        total=Decimal("255.00"),
                    ),
                ],
                total=Decimal("1005.00"),
                vat=Decimal("75.36"),
                deposit=DepositTerms(amount=Decimal("301.50"), due=date(2026, 2, 28)),
                chosen_date=date(2026, 3, 10),
                start_time="09:00",
                end_time="17:00",
                room_id="room-b",
                created_at=NOW,
            )
        ],
        billing=Billing(company="ACME AG", city="Zürich"),
        counter_count=1,
        audit=[AuditEntry(at=NOW, actor="client", from_step=1, to_step=2, reason="intake done")],
        revision=7,
        proposed_dates=[date(2026, 3, 10), date(2026, 3, 17)],
    )
    state.refresh_hash()
    state.room_eval_hash = state.requirements_hash
    return state


def postgres_units_of_work(engine: Engine, make_uow: MakeUow, why: str, *, with_event: bool) -> MakeUow:
    """`make_uow` on PostgreSQL with a thread "t1" (and its event "e1" when `with_event`); skips the test on SQLite
    because of `why`."""
    if engine.dialect.name != "postgresql":
        pytest.skip(why)
    with make_uow() as uow:
        add_thread(uow, "t1")
        if with_event:
            uow.events.save(rich_event(), NOW)
        uow.commit()
    return make_uow
