"""Errors a transport turns into a 4xx with the message as the reason."""

from __future__ import annotations


class DeskError(Exception):
    """Base: the message says what was wrong and what to do; `field` names the input at fault, `code` the reason."""

    code: str | None = None
    """A machine-readable reason; None lets the transport pick one from the error's class."""

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.field = field
        """The request field at fault (e.g. `text`, `Idempotency-Key`), or None when no single field is."""


class InputError(DeskError, ValueError):
    """The request itself is malformed: empty or oversized text, bad key."""


class UnknownThread(DeskError, LookupError):
    """No such thread."""


class UnknownTask(DeskError, LookupError):
    """No such HIL task."""


class DecisionError(DeskError, ValueError):
    """A manager decision that cannot be taken (unknown decision, edit without text)."""
