"""Threads: one conversation with a client, its channel, language and fixed providers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from venuedesk.store.models import ThreadRow
from venuedesk.store.token_hash import digest_matches, token_digest
from venuedesk.store.writebehind import write_behind


class ThreadRepository:
    """Create and read threads; providers are recorded once per agent and then kept."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self,
        thread_id: str,
        *,
        client_token_hash: str,
        channel: str,
        created_at: datetime,
        language: str = "en",
        providers: dict[str, str] | None = None,
        client_ip_hash: str | None = None,
    ) -> ThreadRow:
        """Insert a new thread row; `client_token_hash` is `token_digest(token)`, never the token, and
        `client_ip_hash` the keyed hash of the address it was opened from, when known."""
        row = ThreadRow(
            id=thread_id,
            client_token_hash=client_token_hash,
            channel=channel,
            language=language,
            providers=dict(providers or {}),
            created_at=created_at,
            client_ip_hash=client_ip_hash,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, thread_id: str) -> ThreadRow | None:
        """The thread, or None."""
        return self.session.get(ThreadRow, thread_id)

    def by_token(self, client_token: str) -> ThreadRow | None:
        """A thread the raw client token opens (looked up by its digest, indexed), or None."""
        digest = token_digest(client_token)
        row = self.session.scalars(select(ThreadRow).where(ThreadRow.client_token_hash == digest)).first()
        return row if row is not None and digest_matches(client_token, row.client_token_hash) else None

    def opened_by(self, thread_id: str, client_token: str) -> ThreadRow | None:
        """The thread when the raw client token opens it (compared in constant time), else None."""
        row = self.get(thread_id)
        return row if row is not None and digest_matches(client_token, row.client_token_hash) else None

    def set_provider(self, thread_id: str, agent: str, provider: str) -> None:
        """Record which provider runs `agent` on this thread (docs/design.md §4.7: fixed once chosen); on PostgreSQL
        held until commit (store/writebehind.py)."""
        row = self._require(thread_id)
        providers = {**row.providers, agent: provider}
        held = write_behind(self.session)
        if held is None:
            row.providers = providers
            self.session.flush()
            return
        held.hold("threads", {"id": thread_id, "providers": providers})
        set_committed_value(row, "providers", providers)

    def set_language(self, thread_id: str, language: str) -> None:
        """Remember the client's language."""
        self._require(thread_id).language = language
        self.session.flush()

    def _require(self, thread_id: str) -> ThreadRow:
        row = self.get(thread_id)
        if row is None:
            raise LookupError(f"no thread {thread_id!r}")
        return row
