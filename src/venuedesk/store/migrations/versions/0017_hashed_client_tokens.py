"""Client tokens stored hashed: every thread's `client_token` becomes the hex SHA-256 of the token (the client keeps
the raw token in its link or cookie; lookups hash what it sends). Issue 13.

A value that already is 64 lowercase hex characters is left as it is: the desk's tokens always carry a prefix
(`tok_…`), so such a value is a digest, and upgrading again after a downgrade hashes nothing twice. The downgrade
cannot give the raw tokens back: it keeps the digests, so code before this revision refuses the old tokens.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 07:35:00
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DIGEST = re.compile(r"[0-9a-f]{64}")
BATCH = 1000


def upgrade() -> None:
    """Replace each raw client token by its SHA-256, a batch of rows at a time."""
    connection = op.get_bind()
    threads = sa.table("threads", sa.column("id", sa.String()), sa.column("client_token", sa.String()))
    rows = connection.execute(sa.select(threads.c.id, threads.c.client_token)).all()
    changes = [{"row_id": row.id, "digest": hashlib.sha256(row.client_token.encode("utf-8")).hexdigest()}
               for row in rows if not DIGEST.fullmatch(row.client_token)]
    statement = (sa.update(threads).where(threads.c.id == sa.bindparam("row_id"))
                 .values(client_token=sa.bindparam("digest")))
    for start in range(0, len(changes), BATCH):
        connection.execute(statement, changes[start:start + BATCH])


def downgrade() -> None:
    """Nothing to undo: a digest cannot be turned back into its token."""
