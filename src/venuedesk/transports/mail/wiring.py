"""How `serve` and `worker` put the mail transport together: one secret, one link signer, one SMTP sender for the
client's replies (with a signed link per action) and the manager's task mails and digest, all from the venue's own
identity (transports/mail/identity.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from venuedesk.clock import Clock
from venuedesk.domain.catalogue import Venue
from venuedesk.jobs.delivery import ChannelDelivery, Delivery
from venuedesk.jobs.manager_port import ManagerMail
from venuedesk.store.tenancy import DEFAULT_VENUE
from venuedesk.transports.mail.identity import identity_of, identity_reader
from venuedesk.transports.mail.links import LinkSigner
from venuedesk.transports.mail.manager_notifier import manager_notifier
from venuedesk.transports.mail.rendering import LinkFor
from venuedesk.transports.mail.secret import mail_secret
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.mail.smtp_delivery import SmtplibSender, channel_delivery, check_mail_settings


def with_secret(settings: MailSettings, home: Path) -> MailSettings:
    """`settings` with the mail secret resolved (`VENUEDESK_MAIL_SECRET`, else the one kept under `home`), so links
    and Reply-To addresses are signed with the same key in every process."""
    return settings.model_copy(update={"mail_secret": mail_secret(settings, home)})


def link_signer(settings: MailSettings, home: Path, clock: Clock, venue_id: str = DEFAULT_VENUE) -> LinkSigner:
    """The signer of every link in `venue_id`'s mail; the secret is read on first use, so building it writes no
    file."""
    return LinkSigner.from_settings(settings, lambda: mail_secret(settings, home), clock).for_venue(venue_id)


def action_links(signer: LinkSigner) -> Callable[[Delivery], LinkFor]:
    """For one outbox row, the signed link of each action of its reply (thread-scoped to the row's thread)."""

    def links_for(delivery: Delivery) -> LinkFor:
        return lambda action: signer.for_action(delivery.thread_id, action)

    return links_for


def outbox_transport(settings: MailSettings, home: Path, clock: Clock, venue: Venue,
                     venue_id: str = DEFAULT_VENUE) -> ChannelDelivery:
    """In-app for chat rows; SMTP with signed action links (of `venue_id`) for email rows when
    `VENUEDESK_SMTP_URL` is set, each mail from `venue_id`'s identity as stored when it is sent."""
    signer = link_signer(settings, home, clock, venue_id)
    return channel_delivery(clock, venue.name, settings, links_for=action_links(signer))


def manager_mail(settings: MailSettings, home: Path, clock: Clock, venue: Venue,
                 venue_id: str = DEFAULT_VENUE, engine: Engine | None = None) -> ManagerMail | None:
    """The manager's task mails and digest over the same SMTP server, or None when `VENUEDESK_SMTP_URL` or
    `VENUEDESK_MANAGER_EMAIL` is unset (the jobs then do nothing). They go out from `venue_id`'s identity, read
    at each send from `engine`; without one, from its default identity."""
    endpoint = check_mail_settings(settings)
    if endpoint is None or not (settings.manager_email or "").strip():
        return None
    identity = identity_reader(engine, venue_id, venue_name=venue.name, settings=settings) if engine is not None \
        else functools.partial(identity_of, venue_id, None, venue_name=venue.name, settings=settings)
    return manager_notifier(settings, venue, SmtplibSender(endpoint), link_signer(settings, home, clock, venue_id),
                            clock, identity)
