"""Failed authentications by the keyed hash of their key (an address, an account), shared by every API process
through the database (accounts/throttle.py): record one, read a key's recent ones, forget a key."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from venuedesk.store.account_models import AuthFailureRow


class AuthFailureRepository:
    """The `auth_failures` rows over one session; times are Unix seconds."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, key_hash: str, at: float, *, forget_before: float) -> None:
        """Store one failure of `key_hash` at `at`, first deleting every key's failures older than `forget_before`
        (they left the window, so the table holds only what the throttle still counts)."""
        self.session.execute(delete(AuthFailureRow).where(AuthFailureRow.failed_at <= forget_before))
        self.session.add(AuthFailureRow(key_hash=key_hash, failed_at=at))
        self.session.flush()

    def latest(self, key_hash: str, since: float, limit: int) -> list[float]:
        """The times of the key's at most `limit` latest failures after `since`, newest first."""
        statement = (select(AuthFailureRow.failed_at)
                     .where(AuthFailureRow.key_hash == key_hash, AuthFailureRow.failed_at > since)
                     .order_by(AuthFailureRow.failed_at.desc()).limit(limit))
        return list(self.session.scalars(statement))

    def forget(self, key_hash: str) -> None:
        """Delete the key's failures (an account that signed in)."""
        self.session.execute(delete(AuthFailureRow).where(AuthFailureRow.key_hash == key_hash))
