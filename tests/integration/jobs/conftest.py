"""Job fixtures: a migrated, seeded database per backend, a Desk on it with a frozen clock, job deps, and a
thread waiting for the manager."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine

from jobs_helpers import NOW, waiting_on_manager
from mail_sink import MANAGER, FakeLinks, Sink, free_port, start_sink
from venuedesk.clock import FrozenClock
from venuedesk.jobs.base import JobDeps, deps_for_engine
from venuedesk.transports.mail.manager_notifier import manager_notifier
from venuedesk.transports.mail.smtp_delivery import SmtplibSender
from venuedesk.transports.mail.smtp_url import SmtpEndpoint
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.workflow.desk import Desk
from venuedesk.transports.mail.sink import Sink as OutboundSink
from venuedesk.transports.mail.sink import smtp_sink as outbound_sink


@pytest.fixture
def engine(seeded_engine: Engine) -> Engine:
    """The database at head with the demo venue, per backend."""
    return seeded_engine


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def desk(engine: Engine, clock: FrozenClock) -> Desk:
    return Desk(engine, clock, id_seed=0)


@pytest.fixture
def deps(engine: Engine) -> JobDeps:
    return deps_for_engine(engine)


@pytest.fixture
def waiting_thread(desk: Desk) -> str:
    """A thread whose offer (Room B on 10 March 2026, an option hold placed at NOW) waits for the manager."""
    return waiting_on_manager(desk)


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Controller, Sink]]:
    """A real SMTP server on a free loopback port, stopped after the test."""
    controller, sink = start_sink()
    try:
        yield controller, sink
    finally:
        controller.stop()


@pytest.fixture
def mail_settings() -> MailSettings:
    """Mail settings with the manager's address and the default digest hour (07:00), read from no environment."""
    return MailSettings(manager_email=MANAGER, mail_from="desk@venue.example", public_url="https://desk.example",
                        manager_language=None, manager_digest_hour=7)


@pytest.fixture
def manager_deps(
    deps: JobDeps, smtp_sink: tuple[Controller, Sink], mail_settings: MailSettings, clock: FrozenClock
) -> JobDeps:
    """Job deps whose manager notifications go over SMTP to the sink."""
    controller, _ = smtp_sink
    sender = SmtplibSender(SmtpEndpoint(controller.hostname, controller.port))
    notifier = manager_notifier(mail_settings, deps.venue, sender, FakeLinks(), clock)
    return replace(deps, manager_mail=notifier)


@pytest.fixture
def manager_mail_down(deps: JobDeps, mail_settings: MailSettings, clock: FrozenClock) -> JobDeps:
    """Job deps whose manager notifications go to an SMTP port nobody listens on: every send fails."""
    nobody_listens = SmtplibSender(SmtpEndpoint("127.0.0.1", free_port(), timeout=2))
    return replace(deps, manager_mail=manager_notifier(mail_settings, deps.venue, nobody_listens, FakeLinks(), clock))


@pytest.fixture
def sink() -> Iterator[OutboundSink]:
    """A local SMTP server (`transports/mail/sink.py`) for the outbox's mail transport; stopped after the test."""
    with outbound_sink() as running:
        yield running
