"""Two owners demoting each other at the same moment leave one owner: the enabled owners are locked while the last
owner is checked, so one change goes through and the other is refused (LastOwner), on every backend."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from concurrency import at_once
from store_helpers import NOW
from venuedesk.accounts.service import LastOwner, change_role, create_user, users


def _owners(engine: Engine) -> list[int]:
    with Session(engine) as session:
        for email in ("olga@venue.example", "otto@venue.example"):
            create_user(session, email, "owner", "a long enough passphrase", NOW)
        session.commit()
        return [row.id for row in users(session)]


def test_two_owners_demoting_each_other_at_once_leave_exactly_one_owner(engine: Engine) -> None:
    olga, otto = _owners(engine)
    targets = iter([(olga, "otto@venue.example"), (otto, "olga@venue.example")])

    def demote(target: int, actor: str, now: datetime = NOW) -> str:
        with Session(engine) as session:
            try:
                change_role(session, target, "manager", now, actor=actor)
            except LastOwner:
                return "refused"
            session.commit()
            return "demoted"

    outcomes = at_once(lambda: demote(*next(targets)))
    assert sorted(outcomes) == ["demoted", "refused"]
    with Session(engine) as session:
        assert sorted(row.role for row in users(session)) == ["manager", "owner"]
