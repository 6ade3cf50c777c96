"""Which venue an inbound recipient address names (docs/tenancy.md): a venue's own address (its From) is that
venue's; `desk+{venue}@<install domain>` stays that venue's even after it was given another From; a thread's signed
Reply-To (`mailbox+<thread>.<mac>@domain`, in any venue's plus form) belongs to the thread's venue. Any other address
names no venue and is refused (nothing is stored)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine

from venuedesk.store.tenancy import DEFAULT_VENUE
from venuedesk.store.venue_mail import stored_mail_froms
from venuedesk.store.venues import venue_of_thread
from venuedesk.transports.mail.addresses import thread_of_address
from venuedesk.transports.mail.identity import default_address, identity_of
from venuedesk.transports.mail.settings import MailSettings

_THREAD_TAG = re.compile(r"^thr_[a-z0-9]+\.")


@dataclass(frozen=True)
class VenueDirectory:
    """Every venue's addresses as stored now: its own (its From) and its default plus address, and the domains the
    desk takes mail for (the install's and every venue's)."""

    own: dict[str, str]
    """lower-cased address → venue, for each venue's From."""
    defaults: dict[str, str]
    """lower-cased `desk+{venue}@<install domain>` (and the install's address) → venue."""
    domains: frozenset[str]

    @classmethod
    def load(cls, engine: Engine, settings: MailSettings) -> VenueDirectory:
        """The directory of the install's venues (one query)."""
        own: dict[str, str] = {}
        defaults: dict[str, str] = {}
        for venue_id, mail_from in stored_mail_froms(engine).items():
            own[identity_of(venue_id, mail_from, venue_name="", settings=settings).address.lower()] = venue_id
            defaults[default_address(venue_id, settings).lower()] = venue_id
        domains = {address.rpartition("@")[2] for address in own} | {settings.domain}
        return cls(own, defaults, frozenset(domains))

    def takes(self, address: str) -> bool:
        """Whether mail for `address` is the desk's to take (its domain is the install's or a venue's)."""
        return _clean(address).rpartition("@")[2] in self.domains

    def signed_thread(self, address: str, secret: str | None) -> str | None:
        """The thread a signed Reply-To address at one of the desk's domains names; None for any other address."""
        if not secret or not self.takes(address):
            return None
        plain = address.strip().strip("<>")  # the thread id in the tag keeps its case: the signature covers it
        return thread_of_address(plain, domain=plain.rpartition("@")[2], secret=secret)

    def venue_of(self, address: str, engine: Engine, secret: str | None) -> str | None:
        """The venue `address` names, or None when it names none (the recipient is refused). A signed Reply-To
        whose thread is gone, or a thread tag whose signature fails, is the venue's whose plus form it is: that
        desk takes the mail as a new one (as before tenancy)."""
        thread_id = self.signed_thread(address, secret)
        address = _clean(address)
        if thread_id is not None:
            return venue_of_thread(engine, thread_id) or self._base_venue(address) or DEFAULT_VENUE
        if not self.takes(address):
            return None
        found = self.own.get(address) or self.defaults.get(address)
        if found is not None:
            return found
        tag = address.rpartition("@")[0].partition("+")[2]
        return self._base_venue(address) if _THREAD_TAG.match(tag) else None

    def _base_venue(self, address: str) -> str | None:
        """The venue whose address `address` is a plus form of (`desk+anything@d` → the venue of `desk@d`)."""
        local, _, domain = address.rpartition("@")
        base = f"{local.partition('+')[0]}@{domain}"
        return self.own.get(base) or self.defaults.get(base)


def venue_of_recipient(address: str, settings: MailSettings, engine: Engine) -> str | None:
    """The venue a recipient names; None for an address of no venue (refused at RCPT)."""
    return VenueDirectory.load(engine, settings).venue_of(address, engine, settings.mail_secret)


def _clean(address: str) -> str:
    return address.strip().strip("<>").lower()
