"""A venue's sending identity (docs/tenancy.md): the display name and address its mail goes out from, and the plus
form of that address a thread's signed Reply-To takes (`mailbox+<thread>.<mac>@domain`).

The default venue sends from `VENUEDESK_MAIL_FROM`; any other venue from `desk+{venue}@<install domain>` (the
install's mailbox with the slug as plus tag); either unless given its own (`venuedesk venues set --mail-from`). The
display name is the one given, else the venue's name from its catalogue."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import getaddresses

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from venuedesk.store.tenancy import DEFAULT_VENUE
from venuedesk.store.venue_mail import stored_mail_from, stored_mail_froms
from venuedesk.transports.mail.addresses import reply_to_address
from venuedesk.transports.mail.settings import MailSettings

log = logging.getLogger(__name__)


class MailFromError(ValueError):
    """A From a venue cannot send from (not one address, or another venue's), said in one sentence."""


@dataclass(frozen=True)
class MailIdentity:
    """Who a venue's mail is from: a display name and one address (its addr-spec)."""

    display_name: str
    address: str

    @property
    def domain(self) -> str:
        """The address's domain, lower-cased."""
        return self.address.rpartition("@")[2].lower()

    @property
    def mailbox(self) -> str:
        """The address's local part without its plus tag: the base of the plus forms (`desk` of desk+atelier@…)."""
        return self.address.rpartition("@")[0].partition("+")[0]

    @property
    def header(self) -> Address:
        """The From header's value."""
        return Address(display_name=self.display_name, addr_spec=self.address)

    def reply_to(self, thread_id: str, secret: str) -> str:
        """The thread's signed Reply-To in this identity's plus form and domain."""
        return reply_to_address(thread_id, mailbox=self.mailbox, domain=self.domain, secret=secret)


def install_address(settings: MailSettings) -> str:
    """The install's own address (the addr-spec of `VENUEDESK_MAIL_FROM`)."""
    return f"{settings.mailbox}@{settings.domain}"


def default_address(venue_id: str, settings: MailSettings) -> str:
    """The address a venue sends from unless given its own: the install's for `default`, else its plus address."""
    if venue_id == DEFAULT_VENUE:
        return install_address(settings)
    return f"{settings.mailbox}+{venue_id}@{settings.domain}"


def parse_mail_from(value: str) -> tuple[str, str]:
    """(display name, addr-spec) of a From such as `The Atelier <desk+atelier@example.ch>`; MailFromError when it
    is not exactly one plain address."""
    if any(ord(char) < 32 for char in value):
        raise MailFromError("a From is one line: remove the line breaks and control characters")
    found = getaddresses([value])
    if len(found) != 1 or "@" not in found[0][1]:
        raise MailFromError(f"{value!r} is not one mail address; write it as 'The Atelier <desk+atelier@example.ch>' "
                            "or 'desk+atelier@example.ch'")
    display, addr_spec = found[0]
    try:
        address = Address(display_name=display, addr_spec=addr_spec)
    except (ValueError, IndexError) as exc:
        raise MailFromError(f"{value!r} is not a mail address ({exc}); write it as user@domain") from None
    if not address.username or "." not in address.domain:
        raise MailFromError(f"{value!r} is not a mail address with a domain (user@domain.example)")
    return display.strip(), f"{address.username}@{address.domain.lower()}"


def identity_of(venue_id: str, mail_from: str | None, *, venue_name: str, settings: MailSettings) -> MailIdentity:
    """The identity of `venue_id` given the From stored for it (None: its default)."""
    if mail_from:
        try:
            display, address = parse_mail_from(mail_from)
        except MailFromError:  # stored before a stricter check: the default still sends the mail
            log.warning("venue %s: its stored From cannot be read; its mail goes out from its default", venue_id)
        else:
            return MailIdentity(display or venue_name, address)
    return MailIdentity(venue_name, default_address(venue_id, settings))


def venue_identity(session: Session, venue_id: str, *, venue_name: str, settings: MailSettings) -> MailIdentity:
    """`venue_id`'s identity as stored now (read in the caller's session, so a change is followed at once)."""
    return identity_of(venue_id, stored_mail_from(session, venue_id), venue_name=venue_name, settings=settings)


def identity_reader(engine: Engine, venue_id: str, *, venue_name: str,
                    settings: MailSettings) -> Callable[[], MailIdentity]:
    """Reads `venue_id`'s identity at each call (for mail sent outside a unit of work: the manager's)."""

    def read() -> MailIdentity:
        with Session(engine) as session:
            return venue_identity(session, venue_id, venue_name=venue_name, settings=settings)

    return read


def checked_mail_from(engine: Engine, venue_id: str, value: str | None, settings: MailSettings) -> str | None:
    """The From to store for `venue_id` (`Name <address>`, or the bare address), or None for its default; either
    way MailFromError when the address is not one, or is already another venue's (its own or its `desk+{venue}`
    address): two venues on one address could not tell their clients' mail apart."""
    display, address = parse_mail_from(value) if value is not None else ("", default_address(venue_id, settings))
    for other, mail_from in stored_mail_froms(engine).items():
        taken = {identity_of(other, mail_from, venue_name="", settings=settings).address.lower(),
                 default_address(other, settings).lower()}
        if other != venue_id and address.lower() in taken:
            raise MailFromError(f"{address} is venue {other}'s address already; give venue {venue_id} an address "
                                "of its own with --mail-from")
    if value is None:
        return None
    return str(Address(display_name=display, addr_spec=address)) if display else address
