"""The signed links in another venue's mail (docs/tenancy.md): they carry the venue's `/v/{venue}` prefix and open
its own thread through its desk; the same link under another venue's path opens nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from mail_helpers import NOW, SETTINGS, mail
from venuedesk.clock import FrozenClock
from venuedesk.jobs import outbox_delivery
from venuedesk.jobs.base import deps_for_engine
from venuedesk.store.catalogue import seed
from venuedesk.store.models import MessageRow
from venuedesk.store.venues import add_venue
from venuedesk.transports.app import create_app
from venuedesk.transports.mail.receive import receive_mail
from venuedesk.transports.mail.sink import Sink, smtp_sink
from venuedesk.transports.mail.wiring import outbox_transport
from venuedesk.transports.settings import ServerSettings
from venuedesk.venue.loader import load_catalogue_documents
from venuedesk.workflow.desk import Desk

PUBLIC = "http://testserver"
BETA = "beta"


@dataclass
class BetaMail:
    """Venue beta's first reply by mail, and the app that serves every venue's links."""

    desk: Desk
    thread_id: str
    reply: EmailMessage
    client: TestClient


@pytest.fixture
def beta_mail(engine: Engine, desk: Desk, home: Path) -> Iterator[BetaMail]:
    add_venue(engine, BETA, "Beta Hall", NOW)
    seed(engine, load_catalogue_documents(None), venue_id=BETA)
    beta = Desk(engine, FrozenClock(NOW), venue_id=BETA)
    with smtp_sink() as sink:
        settings = SETTINGS.model_copy(update={"smtp_url": sink.url, "public_url": PUBLIC})
        outcome = receive_mail(beta, mail(), settings, home=home)
        assert outcome.thread_id is not None
        jobs = deps_for_engine(engine, outbox_transport(settings, home, beta.clock, beta.venue, BETA), venue_id=BETA)
        outbox_delivery.deliver_due(jobs, beta.clock)
        [reply] = _received(sink)
        app = create_app(desk, manager_token="m" * 32, settings=ServerSettings(home=home), mail_settings=settings)
        with TestClient(app) as client:
            yield BetaMail(beta, outcome.thread_id, reply, client)


def _received(sink: Sink) -> list[EmailMessage]:
    return sink.handler.messages()


def _messages(desk: Desk, thread_id: str) -> int:
    with desk.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(MessageRow)
                                 .where(MessageRow.thread_id == thread_id)) or 0


def _link_paths(message: EmailMessage) -> list[str]:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    hrefs = re.findall(r'href="([^"]+/l/[^"]+)"', str(part.get_content()))
    return [href.removeprefix(PUBLIC).replace("&amp;", "&") for href in hrefs]


def test_the_links_in_a_venues_mail_carry_its_prefix(beta_mail: BetaMail) -> None:
    paths = _link_paths(beta_mail.reply)
    assert paths and all(path.startswith(f"/v/{BETA}/l/") for path in paths)


def test_a_venues_mail_link_opens_its_own_thread(beta_mail: BetaMail) -> None:
    path = _link_paths(beta_mail.reply)[0]
    before = _messages(beta_mail.desk, beta_mail.thread_id)
    assert beta_mail.client.get(path).status_code == 200
    done = beta_mail.client.post(path)
    assert done.status_code == 200, done.text
    assert _messages(beta_mail.desk, beta_mail.thread_id) > before


def test_a_venues_mail_link_opens_nothing_under_another_venues_path(beta_mail: BetaMail) -> None:
    path = _link_paths(beta_mail.reply)[0].removeprefix(f"/v/{BETA}")
    before = _messages(beta_mail.desk, beta_mail.thread_id)
    assert beta_mail.client.get(path).status_code == 404
    assert beta_mail.client.post(path).status_code == 404
    assert _messages(beta_mail.desk, beta_mail.thread_id) == before
