"""psycopg pipeline mode on our PostgreSQL engine: BEGIN, SAVEPOINTs and the write-behind statement ride along with
the statement after them instead of costing a round trip each.

- BEGIN: the first statement of a transaction goes out in a pipeline behind an explicit BEGIN, in one trip (psycopg's
  own implicit BEGIN would sync, and wait, before the statement: it cannot tell the transaction began otherwise).
- SAVEPOINT is lazy: it is queued and sent with the next statement; a savepoint rolled back (or ended by the
  transaction) before any statement ran costs nothing at all.
- COMMIT carries the write-behind statement (store/writebehind.py) queued for it: one trip for both.

Only this engine's dialect instance is changed (the methods are set on the instance), so other engines in the
process keep SQLAlchemy's behaviour.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from psycopg.pq import TransactionStatus
from sqlalchemy import Connection, Engine


class _Queued:
    """What waits on one DBAPI connection for its next round trip."""

    def __init__(self) -> None:
        self.savepoints: list[str] = []
        """Statements to send first, in order: SAVEPOINTs (by name) and riders (`send_before_next`)."""
        self.riders: dict[str, tuple[str, dict[str, Any]]] = {}
        self.at_commit: list[tuple[str, dict[str, Any]]] = []


_QUEUED: WeakKeyDictionary[Any, _Queued] = WeakKeyDictionary()


def _queued(dbapi_connection: Any) -> _Queued:
    dbapi_connection = getattr(dbapi_connection, "dbapi_connection", dbapi_connection)  # unwrap SQLAlchemy's proxy
    queued = _QUEUED.get(dbapi_connection)
    if queued is None:
        queued = _QUEUED[dbapi_connection] = _Queued()
    return queued


def send_at_commit(connection: Connection, statement: str, parameters: dict[str, Any]) -> None:
    """Have `statement` (DBAPI paramstyle) sent in the same round trip as this transaction's COMMIT; if the
    transaction rolls back instead, it is never sent."""
    _queued(connection.connection.dbapi_connection).at_commit.append((statement, parameters))


def send_before_next(connection: Connection, statement: str, parameters: dict[str, Any]) -> None:
    """Have `statement` (DBAPI paramstyle; its rows are not read) run just before the next statement on this
    connection, in the same round trip (or the COMMIT's, when none comes first); the next statement starts after it
    ends, so it sees what the rider waited for (a row lock) or wrote. Without our pipelining (another engine) it runs
    at once."""
    if not getattr(connection.dialect, "venuedesk_pipelined", False):
        connection.exec_driver_sql(statement, parameters)
        return
    queued = _queued(connection.connection.dbapi_connection)
    name = f"rider {len(queued.savepoints)}"
    queued.riders[name] = (statement, parameters)
    queued.savepoints.append(name)


def pipeline(engine: Engine) -> None:
    """Fold BEGIN, SAVEPOINT and the write-behind statement into the next round trip on `engine`."""
    dialect: Any = engine.dialect
    plain_execute, plain_no_params, plain_many = dialect.do_execute, dialect.do_execute_no_params, dialect.do_executemany
    plain_rollback_to = dialect.do_rollback_to_savepoint
    plain_commit, plain_rollback = dialect.do_commit, dialect.do_rollback

    def do_savepoint(connection: Connection, name: str) -> None:
        _queued(connection.connection.dbapi_connection).savepoints.append(name)

    def do_rollback_to_savepoint(connection: Connection, name: str) -> None:
        queued = _queued(connection.connection.dbapi_connection)
        if name in queued.savepoints:  # never sent: nothing ran since, nothing to undo
            del queued.savepoints[queued.savepoints.index(name):]
            return
        plain_rollback_to(connection, name)

    def do_execute(cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        with _riding_along(cursor.connection):
            plain_execute(cursor, statement, parameters, context)

    def do_execute_no_params(cursor: Any, statement: str, context: Any = None) -> None:
        with _riding_along(cursor.connection):
            plain_no_params(cursor, statement, context)

    def do_executemany(cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        with _riding_along(cursor.connection):
            plain_many(cursor, statement, parameters, context)

    def do_commit(dbapi_connection: Any) -> None:
        queued = _queued(dbapi_connection)
        riders = [queued.riders[name] for name in queued.savepoints if name in queued.riders]  # no statement came
        queued.savepoints.clear()
        queued.riders.clear()
        statements, queued.at_commit = [*riders, *queued.at_commit], []
        if not statements:
            plain_commit(dbapi_connection)
            return
        try:
            with dbapi_connection.pipeline():
                for statement, parameters in statements:
                    dbapi_connection.execute(statement, parameters)
                dbapi_connection.execute("COMMIT")  # not commit(): it syncs, and leaving the pipeline syncs again
        except Exception:
            # A failed statement skips the COMMIT after it: end the transaction as a failed COMMIT would, since
            # SQLAlchemy takes it as ended and hands the connection back to the pool without a rollback.
            dbapi_connection.rollback()
            raise

    def do_rollback(dbapi_connection: Any) -> None:
        queued = _queued(dbapi_connection)
        queued.savepoints.clear()
        queued.riders.clear()
        queued.at_commit.clear()
        plain_rollback(dbapi_connection)

    overrides = {"do_savepoint": do_savepoint, "do_rollback_to_savepoint": do_rollback_to_savepoint,
                 "do_execute": do_execute, "do_execute_no_params": do_execute_no_params, "do_executemany": do_executemany,
                 "do_commit": do_commit, "do_rollback": do_rollback}
    for name, function in overrides.items():
        setattr(dialect, name, function)
    dialect.venuedesk_pipelined = True


class _riding_along:  # noqa: N801 - used as a context manager
    """A pipeline around one statement when BEGIN or queued SAVEPOINTs have to go first; nothing otherwise."""

    def __init__(self, dbapi_connection: Any) -> None:
        self.connection = dbapi_connection
        self.queued = _QUEUED.get(dbapi_connection)
        self.savepoints = self.queued.savepoints if self.queued is not None else []
        self.begins = (not dbapi_connection.autocommit
                       and dbapi_connection.pgconn.transaction_status == TransactionStatus.IDLE)
        self.folds_begin = self.begins and hasattr(dbapi_connection, "_get_tx_start_command")
        self.block: Any = None
        if self.begins or self.savepoints:
            self.block = dbapi_connection.pipeline()

    def __enter__(self) -> None:
        if self.block is None:
            return
        self.block.__enter__()
        try:
            self._send_ahead()
        except BaseException as error:
            self.__exit__(type(error), error, error.__traceback__)
            raise

    def _send_ahead(self) -> None:
        """BEGIN, then the queued savepoints and riders, in the pipeline just opened."""
        if self.folds_begin:
            # psycopg begins a transaction where it finds none (`_start_query`) and syncs right after its BEGIN, a
            # round trip of its own; told it is in autocommit until the pipeline ends, it leaves that to the same
            # BEGIN (isolation options included) sent here, ahead of the statement.
            begin = self.connection._get_tx_start_command()
            self.connection._autocommit = True
            self.connection.execute(begin)
        riders = self.queued.riders if self.queued is not None else {}
        for name in self.savepoints:
            if name in riders:
                self.connection.execute(*riders.pop(name))
            else:
                self.connection.execute(f"SAVEPOINT {name}")
        self.savepoints.clear()

    def __exit__(self, *exc: Any) -> None:
        if self.block is None:
            return
        try:
            self.block.__exit__(*exc)
        finally:
            if self.folds_begin:
                self.connection._autocommit = False
