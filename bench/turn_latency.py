"""Turn latency benchmark (issue 2 item 11): p50/p95/p99 per Desk call over the golden conversations.

For each backend (SQLite, PostgreSQL) and each database size (other events already stored), a fresh
database is bulk-filled with realistic background events (see `_seed`), then every golden conversation is
replayed in-process on its own new thread, `--rounds` times, with the clock frozen at the script's clock.
Each Desk call is one turn, timed with `time.perf_counter`. Replies are checked against the scripts'
expectations (untimed) so the figures are known to come from the golden paths.

    .venv/bin/python bench/turn_latency.py [--quick] [--backends sqlite,postgres] [--sizes 100,10000,100000]
                                           [--rounds N] [--warmup N] [--results bench/RESULTS.md | --no-write]
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _play  # noqa: E402
import _report  # noqa: E402
import _seed  # noqa: E402

from venuedesk.clock import FrozenClock, parse_clock  # noqa: E402
from venuedesk.golden.database import fresh_database  # noqa: E402
from venuedesk.workflow.desk import Desk  # noqa: E402
from venuedesk.workflow import abuse_limits  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "golden" / "scripts"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; --quick is a smoke run (one round, 100 and 10,000 events)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1 round, sizes 100,10000 (unless given)")
    parser.add_argument("--backends", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--sizes", default=None, help="other events in the database (default 100,10000,100000)")
    parser.add_argument("--rounds", type=int, default=None, help="timed replays of every conversation (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed replays first (default 1)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md", help="Markdown to update")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in (args.sizes or ("100,10000" if args.quick else "100,10000,100000")).split(",")]
    args.rounds = args.rounds or (1 if args.quick else 5)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    return args


def postgres_url() -> str:
    """The PostgreSQL server to use: VENUEDESK_BENCH_POSTGRES_URL, VENUEDESK_TEST_POSTGRES_URL or the local one."""
    return (os.environ.get("VENUEDESK_BENCH_POSTGRES_URL") or os.environ.get("VENUEDESK_TEST_POSTGRES_URL")
            or DEFAULT_POSTGRES)


def postgres_version(url: str) -> tuple[str | None, str]:
    """(server version, "") when reachable, else (None, the reason)."""
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SHOW server_version")).scalar_one()), ""
    except (SQLAlchemyError, OSError) as exc:
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        engine.dispose()


@contextmanager
def database(backend: str, pg_url: str) -> Iterator[Engine]:
    """A fresh, migrated, seeded database (temporary SQLite file, or a PostgreSQL schema dropped after)."""
    with fresh_database(None if backend == "sqlite" else pg_url) as engine:
        yield engine


def harvest_templates(conversations: list[_play.Conversation]) -> tuple[list[_seed.Template], set[date]]:
    """Replay every conversation once on an empty database: check it, keep its threads as templates."""
    clock = FrozenClock(parse_clock(conversations[0].script.clock))
    with fresh_database(None) as engine:
        desk = Desk(engine, clock, id_seed=0)
        _limits_off(desk)
        played = [_play.play(desk, clock, conversation) for conversation in conversations]
        failed = [f"{c.name}: {p.failures[0]}" for c, p in zip(conversations, played, strict=True) if p.failures]
        if failed:
            raise SystemExit("golden replay fails on an empty database:\n  " + "\n  ".join(failed))
        templates = _seed.harvest(engine, [p.thread_id for p in played])
    _seed.validate_templates(templates, clock.now())
    return templates, {date.fromisoformat(day) for p in played for day in p.dates}


def _limits_off(desk: Desk) -> None:
    """Switch the abuse limits off in `desk`'s venue (docs/abuse.md): the replays are one client many times over."""
    with desk.uow() as uow:
        abuse_limits.switch_all_off(uow, desk.venue, actor="bench", now=desk.clock.now())
        uow.commit()


def settle(engine: Engine, backend: str) -> None:
    """After the bulk load, do what a running system would have done by then, so it is not timed as turns.

    SQLite: checkpoint and truncate the WAL the one-transaction load left (up to ~1.3 GB at 100k).
    PostgreSQL: ANALYZE (autovacuum does it shortly after a load) and CHECKPOINT. Then flush dirty pages.
    """
    statements = ["PRAGMA wal_checkpoint(TRUNCATE)"] if backend == "sqlite" else ["ANALYZE", "CHECKPOINT"]
    raw = engine.raw_connection()  # outside SQLAlchemy's transaction: a checkpoint needs autocommit
    try:
        if backend == "postgres":
            raw.driver_connection.autocommit = True  # type: ignore[union-attr]
        cursor = raw.cursor()
        for statement in statements:
            cursor.execute(statement)
        cursor.close()
    finally:
        raw.invalidate()  # not back into the pool with autocommit switched on
    os.sync()


def measure(backend: str, size: int, args: argparse.Namespace, conversations: list[_play.Conversation],
            templates: list[_seed.Template], protected: set[date], pg_url: str) -> _report.Cell:
    """Seed one database with `size` events, then replay every conversation warmup + rounds times."""
    clock = FrozenClock(parse_clock(conversations[0].script.clock))
    with database(backend, pg_url) as engine:
        desk = Desk(engine, clock, id_seed=size)
        _limits_off(desk)  # every round replays the conversations as one client: the hold caps would stop it
        started = time.perf_counter()
        rows = _seed.seed(engine, desk.venue, templates, size, clock.now(), protected)
        settle(engine, backend)
        cell = _report.Cell(backend, size, time.perf_counter() - started, rows, load=os.getloadavg()[0])
        for round_no in range(args.warmup + args.rounds):
            for conversation in conversations:
                played = _play.play(desk, clock, conversation)
                if round_no >= args.warmup:
                    cell.latencies.extend(played.latencies)
                cell.failures.extend(f"{conversation.name} {failure}" for failure in played.failures)
            cell.load = max(cell.load, os.getloadavg()[0])
    return cell


def main(argv: list[str] | None = None) -> int:
    """Run the matrix, print the table, update RESULTS.md; exit 1 when a golden expectation failed."""
    args = parse_args(argv)
    conversations = _play.load_conversations(SCRIPTS)
    templates, protected = harvest_templates(conversations)
    turns = sum(len(c.script.turns) for c in conversations)
    print(f"{len(conversations)} conversations, {turns} turns each round; {args.rounds} rounds after "
          f"{args.warmup} warm-up; sizes {args.sizes}; {len(protected)} dates kept free for the scripts")
    pg_url, pg_version, notes = postgres_url(), None, []
    if "postgres" in args.backends:
        pg_version, reason = postgres_version(pg_url)
        if pg_version is None:
            notes.append(f"PostgreSQL skipped: {reason}")
            print(notes[-1])
    cells = []
    for backend in args.backends:
        if backend == "postgres" and pg_version is None:
            continue
        for size in args.sizes:
            cells.append(measure(backend, size, args, conversations, templates, protected, pg_url))
            cell = cells[-1]
            print(f"{backend:8} {size:>7,} events: seeded in {cell.seed_seconds:5.1f}s, p50 {cell.ms(0.5):6.2f} ms, "
                  f"p95 {cell.ms(0.95):6.2f} ms, p99 {cell.ms(0.99):6.2f} ms, failures {len(cell.failures)}",
                  flush=True)
    print("\n" + _report.table(cells) + "\n\n" + _report.ratio_table(cells))
    for line in _report.misses(cells):
        print("MISSED:", line)
    command = "make bench" if not argv and len(sys.argv) == 1 else shlex.join(["python", *sys.argv])
    if not args.no_write:
        _report.write_results(args.results, _report.render(cells, command, pg_version, notes))
        print(f"\nwrote {args.results}")
    failures = [f for cell in cells for f in cell.failures]
    for failure in failures[:10]:
        print("GOLDEN CHECK FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
