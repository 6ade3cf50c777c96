"""Job marks: the last period (a day, as ISO text) a once-per-period job did its work, claimed conditionally."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from venuedesk.store.models import JobMarkRow
from venuedesk.store.tenancy import venue_of


class JobMarkRepository:
    """Read and claim a job's mark; a claim is a conditional write, so one worker wins a period."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, name: str) -> str | None:
        """The job's last mark, or None when it never marked one."""
        row = self.session.get(JobMarkRow, {"venue_id": venue_of(self.session), "name": name})
        return None if row is None else row.mark

    def claim(self, name: str, mark: str, at: datetime) -> bool:
        """Set the job's mark to `mark` unless it already is; False when it was (this period's work is done or
        another worker holds it). The row stays locked until commit, so a rollback gives the period back."""
        statement = (
            update(JobMarkRow)
            .where(JobMarkRow.name == name, JobMarkRow.mark != mark)
            .values(mark=mark, marked_at=at)
            .execution_options(synchronize_session="fetch")
        )
        if self.session.execute(statement).rowcount:  # type: ignore[attr-defined]
            return True
        if self.session.get(JobMarkRow, {"venue_id": venue_of(self.session), "name": name}) is not None:
            return False
        savepoint = self.session.begin_nested()
        try:
            self.session.add(JobMarkRow(name=name, mark=mark, marked_at=at))
            self.session.flush()
        except IntegrityError:
            savepoint.rollback()
            return False
        savepoint.commit()
        return True

    def give_back(self, name: str, mark: str, previous: str | None) -> bool:
        """Undo a committed claim of `mark` (its work failed): the mark returns to `previous`, or the row goes when
        there was none; False when the mark moved on meanwhile."""
        if previous is None:
            statement: Any = delete(JobMarkRow).where(JobMarkRow.name == name, JobMarkRow.mark == mark)
        else:
            statement = (update(JobMarkRow).where(JobMarkRow.name == name, JobMarkRow.mark == mark)
                         .values(mark=previous).execution_options(synchronize_session="fetch"))
        return bool(self.session.execute(statement).rowcount)  # type: ignore[attr-defined]
