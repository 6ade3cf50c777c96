"""What the Desk shows without changing anything: a thread's event, usage, invite, offer PDF and open tasks (read in
read-only units of work; the offer PDF keeps a first render in a short second transaction)."""

from __future__ import annotations

from typing import Any

from venuedesk.clock import Clock
from venuedesk.domain.catalogue import Venue
from venuedesk.store.uow import UnitOfWork
from venuedesk.workflow import manager, offer_documents
from venuedesk.workflow.calendar_invite import NoInvite, calendar_ics
from venuedesk.workflow.errors import UnknownThread
from venuedesk.workflow.offer_documents import NoOfferDocument, OfferDocument


class DeskViews:
    """The Desk's read side (mixed into `Desk`, which provides the venue, the clock and the units of work)."""

    venue: Venue
    clock: Clock

    def uow(self) -> UnitOfWork:
        raise NotImplementedError

    def reader(self) -> UnitOfWork:
        raise NotImplementedError

    def usage(self, thread_id: str) -> dict[str, int]:
        """Model calls and tokens spent on the thread so far."""
        with self.reader() as uow:
            state = uow.events.for_thread(thread_id)
            if state is None:
                return {"model_calls": 0, "tokens": 0}
            return {"model_calls": state.model_calls, "tokens": state.model_tokens}

    def event_view(self, thread_id: str) -> dict[str, Any] | None:
        """The event as 4.3 JSON with `offer`, or None before the first message."""
        with self.reader() as uow:
            state = uow.events.for_thread(thread_id)
            return None if state is None else state.public_view()

    def calendar_ics(self, thread_id: str) -> bytes:
        """The booking's `.ics` invite (RFC 5545, Europe/Zurich; docs/design.md §4.13): for a Confirmed booking
        (a Cancelled one gets the copy that removes it); `NoInvite` (409) naming the status otherwise."""
        with self.reader() as uow:
            if uow.threads.get(thread_id) is None:
                raise UnknownThread(f"thread {thread_id!r} does not exist")
            state = uow.events.for_thread(thread_id)
            if state is None:
                raise NoInvite.said("invite.error.not_confirmed", status="Lead")
            return calendar_ics(state, self.venue, self.clock.now())

    def offer_pdf(self, thread_id: str, version: int | None = None, *, preview: bool = False) -> OfferDocument:
        """The PDF of offer `version` (None: the live one) as recorded when it was sent (docs/documents.md); a draft
        only with `preview` (the manager's, not stored); `NoOfferDocument` (404) naming the versions otherwise. The
        state is read in one short transaction, a PDF not kept yet is rendered after it closed, and kept in a
        second short one (the first bytes kept win)."""
        with self.uow() as uow:
            if uow.threads.get(thread_id) is None:
                raise UnknownThread(f"thread {thread_id!r} does not exist")
            state = uow.events.for_thread(thread_id)
            if state is None:
                raise NoOfferDocument.said("document.offer.error.no_offer")
            plan = offer_documents.plan_document(uow, self.venue, state, version, self.clock.now(), preview=preview)
        if plan.content is not None:
            return OfferDocument(plan.content, plan.filename, plan.version, stored=True)
        assert plan.html is not None
        pdf = offer_documents.render(plan.html)  # 0.3–3 s with no transaction open: writers are not held back
        with self.uow() as uow:
            document = offer_documents.keep(uow, plan, pdf, self.clock.now())
            uow.commit()
        return document

    def hil_open(self, thread_id: str | None = None) -> int:
        with self.reader() as uow:
            return uow.hil.count_open(thread_id)

    def open_tasks(self, thread_id: str | None = None) -> list[dict[str, Any]]:
        """Open tasks oldest first, as JSON-ready dicts."""
        with self.reader() as uow:
            rows = uow.hil.open_for_thread(thread_id) if thread_id else uow.hil.list("open")
            return [manager.task_view(row) for row in rows]
