"""The mail transport's side of manager notifications (`jobs.manager_port.ManagerMail`): compose a task or digest
mail in the manager's language and hand it to the sender."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from venuedesk.clock import Clock
from venuedesk.domain.catalogue import Venue
from venuedesk.i18n import languages
from venuedesk.transports.mail.identity import MailIdentity
from venuedesk.transports.mail.manager_mail import ManagerMailContext, digest_mail, task_mail
from venuedesk.transports.mail.ports import DecisionLinks, MailSender
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.workflow.manager_notices import Digest, TaskNotice

MANAGER_ID = "manager"  # the one manager identity today (the console's token); per account once accounts exist


@dataclass(frozen=True)
class ManagerNotifier:
    """Manager notifications by mail: to `settings.manager_email` (None: off), from the venue's identity
    (`identity`, read at each send) or, without one, from `settings.mail_from`."""

    settings: MailSettings
    sender: MailSender
    links: DecisionLinks
    clock: Clock
    language: str
    manager_id: str = MANAGER_ID
    identity: Callable[[], MailIdentity] | None = None

    @property
    def address(self) -> str | None:
        """The manager's address, or None when notifications are off."""
        return (self.settings.manager_email or "").strip() or None

    @property
    def digest_hour(self) -> int:
        """The venue-local hour from which the daily digest goes out."""
        return self.settings.manager_digest_hour

    def send_task(self, notice: TaskNotice) -> None:
        """Compose and send the mail of one new task."""
        self.sender.send(task_mail(notice, self._context(), self.links, self.clock.now()))

    def send_digest(self, digest: Digest) -> None:
        """Compose and send the day's digest."""
        self.sender.send(digest_mail(digest, self._context(), self.clock.now()))

    def _context(self) -> ManagerMailContext:
        if self.address is None:
            raise RuntimeError("manager notifications are off: VENUEDESK_MANAGER_EMAIL is not set")
        sender = str(self.identity().header) if self.identity is not None else self.settings.mail_from
        return ManagerMailContext(to=self.address, sender=sender, public_url=self.settings.public_url,
                                  manager_id=self.manager_id, language=self.language, domain=self.settings.domain)


def manager_notifier(
    settings: MailSettings, venue: Venue, sender: MailSender, links: DecisionLinks, clock: Clock,
    identity: Callable[[], MailIdentity] | None = None,
) -> ManagerNotifier:
    """The notifier for these settings, from `identity` (the venue's From) when given: the manager's language is
    `VENUEDESK_MANAGER_LANGUAGE` when the catalogue speaks it, else the venue's first language; an unknown language
    is a clear error."""
    language = settings.manager_language or (venue.languages[0] if venue.languages else "en")
    if language not in languages():
        raise ValueError(f"VENUEDESK_MANAGER_LANGUAGE={language!r} has no message catalogue; use one of "
                         f"{', '.join(languages())}")
    return ManagerNotifier(settings=settings, sender=sender, links=links, clock=clock, language=language,
                           identity=identity)
