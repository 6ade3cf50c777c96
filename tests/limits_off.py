"""The one way a test switches the abuse limits off (docs/abuse.md): every hold cap and rate set to null in the
desk's venue settings, for tests that send more threads, messages or holds from one address than a client may
(property, fuzz and race runs, the browser tests from 127.0.0.1); the limits have their own tests. Servers started
as child processes get `VENUEDESK_LIMITS=off` from `process_harness` instead, which reads no database first."""

from __future__ import annotations

from venuedesk.workflow import abuse_limits
from venuedesk.workflow.desk import Desk


def switch_limits_off(desk: Desk, actor: str = "test") -> None:
    """Store every limit as off in `desk`'s venue settings (audited under `actor`)."""
    with desk.uow() as uow:
        abuse_limits.switch_all_off(uow, desk.venue, actor=actor, now=desk.clock.now())
        uow.commit()
