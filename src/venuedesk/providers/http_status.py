"""HTTP failures as the base's error taxonomy, for adapters whose SDK reports a status code and headers."""

from __future__ import annotations

from typing import Any

from venuedesk.providers.errors import PermanentModelError, ProviderError, TransientModelError
from venuedesk.providers.openai_chat import retry_after_seconds


def status_error(status: int, headers: Any, detail: str) -> ProviderError:
    """429 (with its Retry-After) and 5xx are worth retrying; any other error status is not."""
    if status == 429:
        return TransientModelError("rate limited (429)", status=429, retry_after=retry_after_seconds(headers))
    if status >= 500:
        return TransientModelError(f"server error ({status})", status=status)
    return PermanentModelError(f"HTTP {status}: {detail[:200]}")
