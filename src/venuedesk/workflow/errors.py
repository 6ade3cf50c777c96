"""Errors a transport turns into a 4xx with the message as the reason."""

from __future__ import annotations

from collections.abc import Callable


class DeskError(Exception):
    """Base: the message says what was wrong and what to do; `field` names the input at fault, `code` the reason."""

    code: str | None = None
    """A machine-readable reason; None lets the transport pick one from the error's class."""

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None,
                 words: Callable[[str], str] | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.field = field
        """The request field at fault (e.g. `text`, `Idempotency-Key`), or None when no single field is."""
        self.words = words
        """The message in a given language (for the manager console), or None when it is English only."""

    @classmethod
    def said(cls, key: str, *, field: str | None = None, **values: object) -> DeskError:
        """The error whose message is catalogue message `key` (English here, any language via `message_in`)."""
        from venuedesk.i18n import say

        return cls(say(key, "en", **values), field=field, words=lambda language: say(key, language, **values))

    def message_in(self, language: str) -> str:
        """The message in `language` when the error has it, else as raised (English)."""
        return self.words(language) if self.words is not None else str(self)


class InputError(DeskError, ValueError):
    """The request itself is malformed: empty or oversized text, bad key."""


class IdempotencyConflict(InputError):
    """An Idempotency-Key already used for a different request: HTTP 422 naming the key; nothing runs."""

    code = "idempotency_conflict"


class UnknownThread(DeskError, LookupError):
    """No such thread."""


class UnknownEvent(DeskError, LookupError):
    """No such event."""


class UnknownTask(DeskError, LookupError):
    """No such HIL task."""


class DecisionError(DeskError, ValueError):
    """A manager decision that cannot be taken (unknown decision, edit without text)."""


class StateConflict(DeskError):
    """The request is well formed but the booking is not in a state that allows it (e.g. an invite before the
    booking is confirmed); HTTP 409, the message names the state and what will change it."""
