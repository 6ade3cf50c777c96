"""Each periodic tick is deferred once: a guard on procrastinate's `procrastinate_periodic_defers` that refuses a
tick no newer than one already deferred for the same task.

procrastinate keys a tick on (task, periodic id, due timestamp) in `procrastinate_periodic_defers`, but every
deferral deletes the rows of that task's older ticks (`procrastinate_defer_periodic_job_v2`). A worker whose
scheduler runs late (machine load, a slower clock) defers each due timestamp it missed, oldest first; when another
worker has meanwhile deferred a newer tick, the late one's older row is gone, its insert no longer conflicts, and the
old slot is deferred again: a second job for a tick that already ran (seen under load in
tests/integration/jobs/test_pg_workers.py, about 1 run in 6).

The guard is a `BEFORE INSERT` trigger: under a transaction advisory lock per (task, periodic id) it drops the row
(so procrastinate sees "already deferred" and defers nothing) when a tick at or after its timestamp is already there.
The newest tick's row is never deleted (procrastinate deletes only rows older than the one it inserts, and does so
under this lock), so a tick is accepted only when it is later than every tick before it: once per slot, in order.
A late worker's missed ticks are skipped rather than run late; the next tick does their work (every job does all
its due units). The lock serialises concurrent deferrals of one task, and the trigger's check runs after the lock
is held (READ COMMITTED: a fresh snapshot per statement), so it sees the tick a winner just committed.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

TICK_LOCK_SPACE = 0x7469_636B  # "tick": the advisory lock space of the guard (two-int form, apart from the others)

_GUARD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION venuedesk_newer_ticks_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({TICK_LOCK_SPACE}, hashtext(NEW.task_name || '/' || NEW.periodic_id));
    IF EXISTS (SELECT 1 FROM procrastinate_periodic_defers
               WHERE task_name = NEW.task_name AND periodic_id = NEW.periodic_id
               AND defer_timestamp >= NEW.defer_timestamp) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$
"""
_HAS_TRIGGER = ("SELECT 1 FROM pg_trigger WHERE tgname = 'venuedesk_newer_ticks_only' "
                "AND tgrelid = to_regclass('procrastinate_periodic_defers')")
_CREATE_TRIGGER = ("CREATE TRIGGER venuedesk_newer_ticks_only BEFORE INSERT ON procrastinate_periodic_defers "
                   "FOR EACH ROW EXECUTE FUNCTION venuedesk_newer_ticks_only()")


def install_tick_guard(connection: Connection) -> None:
    """Create (or update) the guard function and add its trigger to procrastinate's table when missing, in the
    caller's transaction; safe to repeat: a worker does it at every start, under the migration lock, so an install
    whose queue schema predates the guard gets it too, and a running worker's deferrals are not blocked by a
    needless trigger re-creation."""
    connection.execute(text(_GUARD_FUNCTION))
    if connection.execute(text(_HAS_TRIGGER)).first() is None:
        connection.execute(text(_CREATE_TRIGGER))
