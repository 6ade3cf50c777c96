"""`GET /l/{token}` and `POST /l/{token}`: the deep links of mail (docs/design.md §4.10).

GET never changes anything (mail scanners prefetch links): a side-effect link shows a confirm page with a POST
button, a content link serves its content (the `.ics`, the latest reply). POST acts once through the same handler
as a chat button (`Desk.handle_action` / `Desk.decide`, keyed `link:<nonce>`); a second POST acts on nothing and
says the link was used, with the earlier outcome. Forged (400), cross-thread (403), used or expired (410) links
get a clear page and change nothing. Each venue's links are served under its `/v/{venue}` prefix by its own desk;
a link signed for another venue than the path's opens nothing (404, docs/tenancy.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from venuedesk.transports.language import negotiate
from venuedesk.transports.mail import link_records as records
from venuedesk.transports.mail.link_pages import LinkFor, Page, text
from venuedesk.transports.mail.links import Link, LinkError, LinkSigner
from venuedesk.transports.venues import VenueDesks, request_venue
from venuedesk.workflow.calendar_invite import NoInvite, ics_filename
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.errors import DeskError, UnknownTask, UnknownThread
from venuedesk.workflow.reply import Action, Reply

log = logging.getLogger("venuedesk.mail.links")
# No caching, no referrer (the URL is the capability), not indexed; no framing, so a confirm button cannot be
# clickjacked; no script at all, no inline style (the page's one stylesheet is STYLESHEET, served beside the links),
# and forms post only back to this server.
PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow",
                "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src data:; "
                                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"}
STYLESHEET_PATH = "/l-static/link_page.css"
STYLESHEET = Path(__file__).parent / "templates" / "link_page.css"


class Refused(Exception):
    """A link this request cannot follow: the page's status, its message key and the language to say it in."""

    def __init__(self, status: int, key: str, language: str, earlier: Reply | None = None) -> None:
        super().__init__(key)
        self.status, self.key, self.language, self.earlier = status, key, language, earlier


def build_link_router(venues: VenueDesks, signer: LinkSigner) -> APIRouter:
    """The two routes of a deep link over the desk of the request's venue (`venues`), verifying with `signer`."""
    router = APIRouter(include_in_schema=False)

    def links_for(request: Request) -> _Links:
        desk = venues.get(request_venue(request)) or venues.default
        return _Links(desk, signer.for_venue(desk.venue_id))

    @router.get(STYLESHEET_PATH)
    def stylesheet() -> Response:
        return Response(STYLESHEET.read_bytes(), media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})

    @router.get("/l/{token}")
    def open_link(request: Request, token: str) -> Response:
        links = links_for(request)
        return links.guard(request, lambda: links.show(request, token))

    @router.post("/l/{token}")
    def follow_link(request: Request, token: str,
                    note: Annotated[str | None, Form(max_length=20000)] = None) -> Response:
        links = links_for(request)
        return links.guard(request, lambda: links.act(request, token, note))

    return router


class _Links:
    """The flow behind the routes: verify, scope to the thread, then show, serve or act."""

    def __init__(self, desk: Desk, signer: LinkSigner) -> None:
        self.desk, self.signer = desk, signer

    def guard(self, request: Request, run: Callable[[], Response]) -> Response:
        """Run a route; a refused link or a desk error becomes its clear page, never a 500 with details."""
        language = _accepted_language(request)
        try:
            return run()
        except LinkError as exc:
            log.info("mail link refused", extra={"reason": exc.reason, "status": exc.status,
                                                 "method": request.method})
            return self._page(Page(language, self.desk.venue.name, text("title.refused", language),
                                   text(f"refused.{exc.reason}", language), problem=True), exc.status)
        except Refused as exc:
            log.info("mail link refused", extra={"reason": exc.key, "status": exc.status, "method": request.method})
            page = Page(exc.language, self.desk.venue.name, text("title.refused", exc.language),
                        text(f"refused.{exc.key}", exc.language), problem=True, reply=exc.earlier)
            return self._page(page, exc.status)

    def show(self, request: Request, token: str) -> Response:
        """GET: the confirm page of a side effect, or the content of a content link; nothing is written."""
        link = self.signer.verify(token)
        thread_id, language = self._scope(link, request)
        if link.kind == "invite":
            return self._invite(thread_id, language)
        if link.kind == "view":
            reply = records.latest_reply(self.desk, thread_id)
            return self._page(Page(language, self.desk.venue.name, text("title.view", language),
                                   "" if reply else text("view.nothing_yet", language), reply=reply,
                                   link_for=self._link_for(thread_id)), 200)
        self._unused(link, thread_id, language)
        return self._page(self._confirm(link, language), 200)

    def act(self, request: Request, token: str, note: str | None) -> Response:
        """POST: act once through the desk's own handler; a content link has nothing to post."""
        link = self.signer.verify(token)
        thread_id, language = self._scope(link, request)
        if not link.has_side_effect:
            raise Refused(405, "nothing_to_do", language)
        self._unused(link, thread_id, language)
        try:
            if link.kind == "action":
                reply = self.desk.handle_action(thread_id, str(link.action), link.args,
                                                idempotency_key=link.idempotency_key)
            else:
                reply = self.desk.decide(str(link.task_id), str(link.decision), note=note,
                                         manager_id=str(link.manager_id), idempotency_key=link.idempotency_key,
                                         language=language)
        except (UnknownThread, UnknownTask) as exc:
            raise Refused(404, "gone", language) from exc
        except DeskError as exc:
            page = Page(language, self.desk.venue.name, text("title.refused", language), exc.message_in(language),
                        problem=True)
            return self._page(page, 400 if exc.code is None else 409)
        log.info("mail link followed", extra={"kind": link.kind, "thread_id": thread_id})
        if link.kind == "decision":
            notice = text("done.decision", language, decision=text(f"decision.{link.decision}", language))
            return self._page(Page(language, self.desk.venue.name, text("title.done", language), notice,
                                   reply=reply), 200)
        return self._page(Page(language, self.desk.venue.name, text("title.done", language), reply=reply,
                               link_for=self._link_for(thread_id)), 200)

    def _scope(self, link: Link, request: Request) -> tuple[str, str]:
        """The thread the link acts on and the page's language; 404 for a thread or task that is gone and for a
        link of another venue, 403 for a link whose task or offer belongs to another thread."""
        if link.venue != self.desk.venue_id:
            raise Refused(404, "gone", _accepted_language(request))
        if link.kind == "decision":
            language = _accepted_language(request)
            owner = records.task_thread(self.desk, str(link.task_id))
            if owner is None:
                raise Refused(404, "gone", language)
            if link.thread_id is not None and link.thread_id != owner:
                raise Refused(403, "other_thread", language)
            return owner, language
        thread_id = str(link.thread_id)
        if not records.thread_exists(self.desk, thread_id):
            raise Refused(404, "gone", _accepted_language(request))
        language = records.thread_language(self.desk, thread_id)
        offer_id = link.args.get("offer_id")
        if offer_id is not None and offer_id not in records.offer_ids(self.desk, thread_id):
            raise Refused(403, "other_thread", language)
        return thread_id, language

    def _unused(self, link: Link, thread_id: str, language: str) -> None:
        """Refuse a link whose single use is spent (410), showing what it did then, and a decision on a task
        someone has decided already (in the console or by another link; 410, nothing changes)."""
        earlier = records.used_reply(self.desk, link, thread_id)
        if earlier is not None:
            raise Refused(410, "used", language, earlier)
        if link.kind == "decision" and not records.task_is_open(self.desk, str(link.task_id)):
            raise Refused(410, "decided", language)

    def _confirm(self, link: Link, language: str) -> Page:
        """The confirm page: what the link will do and one button that posts back to the link's own address."""
        venue = self.desk.venue.name
        if link.kind == "decision":
            task_type, summary = records.task_summary(self.desk, str(link.task_id))
            decision = text(f"decision.{link.decision}", language)
            return Page(language, venue, text("title.confirm", language),
                        text("confirm.decision", language, decision=decision, task=task_type, summary=summary),
                        form={"button": decision,
                              **({"note_label": text("confirm.note", language)} if link.decision == "reject" else {})})
        return Page(language, venue, text("title.confirm", language),
                    text("confirm.action", language, action=link.label or str(link.action)),
                    form={"button": text("confirm.button", language)})

    def _invite(self, thread_id: str, language: str) -> Response:
        try:
            ics = self.desk.calendar_ics(thread_id)
        except NoInvite as exc:
            raise Refused(409, "no_invite", language) from exc
        event = self.desk.event_view(thread_id) or {}
        day = event.get("chosen_date")
        filename = ics_filename(str(event.get("event_id") or thread_id),
                                date.fromisoformat(day) if isinstance(day, str) else None)
        return Response(ics, media_type="text/calendar; charset=utf-8",
                        headers={**PAGE_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'})

    def _link_for(self, thread_id: str) -> LinkFor:
        def link_for(action: Action) -> str | None:
            return self.signer.for_action(thread_id, action)
        return link_for

    def _page(self, page: Page, status: int) -> HTMLResponse:
        return HTMLResponse(page.render(), status_code=status, headers=PAGE_HEADERS)


def _accepted_language(request: Request) -> str:
    """The browser's best catalogue language (a manager's page, or a page without a thread to follow)."""
    return negotiate(request.headers.get("accept-language"))
