"""When each account last signed in is its newest session's start, read back as the same aware time on every
backend; an account that never signed in with its password is absent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from store_helpers import NOW
from venuedesk.accounts.service import create_user, last_sign_ins, log_in, users

PASSWORD = "a long enough passphrase"


def test_the_newest_session_is_the_last_sign_in_and_an_account_never_signed_in_is_absent(engine: Engine) -> None:
    with Session(engine) as session:
        create_user(session, "max@venue.example", "manager", PASSWORD, NOW)
        create_user(session, "olga@venue.example", "owner", PASSWORD, NOW)
        assert log_in(session, "max@venue.example", PASSWORD, NOW) is not None
        assert log_in(session, "max@venue.example", PASSWORD, NOW + timedelta(days=2)) is not None
        session.commit()
    with Session(engine) as session:
        ids = {row.email: row.id for row in users(session)}
        assert last_sign_ins(session) == {ids["max@venue.example"]: NOW + timedelta(days=2)}
