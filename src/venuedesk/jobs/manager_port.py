"""The port manager notifications leave through: where they go, in which language, when the digest is due, and
the two sends. The mail transport implements it (`transports/mail/manager_notifier.py`); jobs only call it."""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from venuedesk.workflow.manager_notices import Digest, TaskNotice

log = logging.getLogger(__name__)


class ManagerMail(Protocol):
    """Sends manager notifications; a send that raises failed and is retried by the next run."""

    @property
    def address(self) -> str | None:
        """The manager's address (`VENUEDESK_MANAGER_EMAIL`); None turns manager notifications off."""
        ...

    @property
    def language(self) -> str:
        """The manager's language for every notification."""
        ...

    @property
    def digest_hour(self) -> int:
        """The venue-local hour (0–23) from which the day's digest is due."""
        ...

    def send_task(self, notice: TaskNotice) -> None:
        """Mail one new task to the manager."""
        ...

    def send_digest(self, digest: Digest) -> None:
        """Mail the day's digest to the manager."""
        ...


_said: set[tuple[str, str]] = set()
_said_lock = threading.Lock()


def active(mail: ManagerMail | None, job: str) -> ManagerMail | None:
    """The port when manager notifications are on; otherwise None, and why is logged once per job (at debug level
    without a mail transport, the in-app desk's normal case; at info level when only the address is missing)."""
    if mail is not None and mail.address:
        return mail
    reason = "no mail transport is configured" if mail is None else "VENUEDESK_MANAGER_EMAIL is not set"
    with _said_lock:
        if (job, reason) in _said:
            return None
        _said.add((job, reason))
    log.log(logging.DEBUG if mail is None else logging.INFO, "job %s does nothing: %s", job, reason)
    return None
