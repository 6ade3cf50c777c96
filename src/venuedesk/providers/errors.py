"""How a model call can fail, so every adapter retries, repairs and falls back the same way."""

from __future__ import annotations


class ProviderError(Exception):
    """Base of model-call failures."""


class ProviderConfigError(ProviderError):
    """A provider cannot start: a missing key, SDK or setting; the message names what to set or install."""


class TransientModelError(ProviderError):
    """Worth retrying: 5xx, a timeout, a dropped connection, or 429 (with `retry_after` seconds when given)."""

    def __init__(self, message: str, *, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class PermanentModelError(ProviderError):
    """Not worth retrying: a 4xx other than 429, or a body that is not the vendor's format."""


class ModelUnavailable(ProviderError):
    """Still failing after the bounded retries; the deterministic provider completes the turn."""
