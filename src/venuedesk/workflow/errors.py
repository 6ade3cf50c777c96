"""Errors a transport turns into a 4xx with the message as the reason."""

from __future__ import annotations


class DeskError(Exception):
    """Base: the message says what was wrong and what to do."""


class InputError(DeskError, ValueError):
    """The request itself is malformed: empty or oversized text, bad key."""


class UnknownThread(DeskError, LookupError):
    """No such thread."""


class UnknownTask(DeskError, LookupError):
    """No such HIL task."""


class DecisionError(DeskError, ValueError):
    """A manager decision that cannot be taken (unknown decision, edit without text)."""
