"""What a deep link's page reads from the desk: the thread's language and latest reply, the thread a task or offer
belongs to, and the reply a link's single use already got (its inbox record)."""

from __future__ import annotations

from venuedesk.transports.mail.links import Link
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.keys import client_key
from venuedesk.workflow.reply import Reply


def thread_exists(desk: Desk, thread_id: str) -> bool:
    """Whether the thread is still there (a deleted thread's links lead nowhere)."""
    with desk.uow() as uow:
        return uow.threads.get(thread_id) is not None


def thread_language(desk: Desk, thread_id: str) -> str:
    """The conversation's language ("en" before the first message)."""
    with desk.uow() as uow:
        state = uow.events.for_thread(thread_id)
        return state.language if state is not None else "en"


def latest_reply(desk: Desk, thread_id: str) -> Reply | None:
    """The newest reply the client was sent on the thread, or None."""
    with desk.uow() as uow:
        for row in reversed(uow.messages.history(thread_id)):
            if row.role == "desk" and row.reply is not None:
                return Reply.model_validate(row.reply)
    return None


def task_thread(desk: Desk, task_id: str) -> str | None:
    """The thread a manager task belongs to, or None for an unknown task."""
    with desk.uow() as uow:
        task = uow.hil.get(task_id)
        return None if task is None else task.thread_id


def task_is_open(desk: Desk, task_id: str) -> bool:
    """Whether the task still waits for a decision."""
    with desk.uow() as uow:
        task = uow.hil.get(task_id)
        return task is not None and task.status == "open"


def task_summary(desk: Desk, task_id: str) -> tuple[str, str]:
    """The task's type and summary, for the manager's confirm page."""
    with desk.uow() as uow:
        task = uow.hil.get(task_id)
        return ("", "") if task is None else (task.type, task.summary or "")


def offer_ids(desk: Desk, thread_id: str) -> set[str]:
    """Every offer id the thread has had (an action naming any other is another thread's)."""
    with desk.uow() as uow:
        state = uow.events.for_thread(thread_id)
        return set() if state is None else {offer.offer_id for offer in state.offers}


def used_reply(desk: Desk, link: Link, thread_id: str) -> Reply | None:
    """The reply this link's side effect already produced (stored under its idempotency key), or None if unused."""
    key = client_key(link.idempotency_key) if link.kind == "action" else f"manager:{link.idempotency_key}"
    with desk.uow() as uow:
        row = uow.inbox.get(thread_id, key)
        return None if row is None or row.reply is None else Reply.model_validate(row.reply)
