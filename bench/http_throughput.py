"""HTTP throughput benchmark (issue 4 item 6): turns/s and p50/p99 over HTTP with 1, 8 and 32 clients.

For each backend (SQLite, PostgreSQL) and each concurrency, a fresh database is served by
`venuedesk serve --workers 2` (a subprocess on a free loopback port, offline provider, frozen clock). Then
that many client threads in this process, each with its own keep-alive `httpx.Client`, replay the client
turns (messages and actions) of the golden conversations, each conversation on a new thread and with its
dates moved by its own number of weeks (see `_http_load`). After a warm-up, every answered turn of a fixed
window is counted and timed (request sent to response read, client side); every non-2xx is counted and
reported. CPU time of this process (the load generator), of the server and its workers, of PostgreSQL and
of the whole machine is read for the same window, so the report says how the CPUs were shared.

    .venv/bin/python bench/http_throughput.py [--quick] [--backends sqlite,postgres] [--concurrency 1,8,32]
                                              [--seconds N] [--warmup N] [--results bench/RESULTS.md | --no-write]
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from venuedesk.process_harness import ApiProcess

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _http_load  # noqa: E402
import _http_report  # noqa: E402
import _http_server  # noqa: E402
import _lock_meter  # noqa: E402
import _play  # noqa: E402
from turn_latency import postgres_url, postgres_version  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "golden" / "scripts"
EXECUTABLE = Path(sys.executable).with_name("venuedesk")
WORKERS = 2
MAX_CLIENTS = 64
MAX_SECONDS = 120.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; --quick is a smoke run (5 s per cell after 1 s of warm-up)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5 s per cell after a 1 s warm-up (unless given)")
    parser.add_argument("--backends", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--concurrency", default="1,8,32", help=f"concurrent clients per cell (≤ {MAX_CLIENTS})")
    parser.add_argument("--seconds", type=float, default=None, help="measured seconds per cell (default 15)")
    parser.add_argument("--warmup", type=float, default=None, help="unmeasured seconds first (default 3)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md", help="Markdown to update")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (5.0 if args.quick else 15.0)
    args.warmup = args.warmup if args.warmup is not None else (1.0 if args.quick else 3.0)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    args.concurrency = [int(c) for c in args.concurrency.split(",") if c.strip()]
    unknown = set(args.backends) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    if not all(1 <= c <= MAX_CLIENTS for c in args.concurrency):
        parser.error(f"--concurrency: each value must be 1..{MAX_CLIENTS}")
    if not (0 < args.seconds <= MAX_SECONDS and 0 <= args.warmup <= MAX_SECONDS):
        parser.error(f"--seconds and --warmup must be at most {MAX_SECONDS:.0f}")
    return args


def conversations() -> list[list[_http_load.Turn]]:
    """The client turns of every golden script that has any, in file order."""
    played = [_http_load.client_turns(c.script) for c in _play.load_conversations(SCRIPTS)]
    return [turns for turns in played if turns]


def snapshot(server: ApiProcess) -> _http_report.Cpu:
    """CPU seconds used so far by this process, the server tree and the machine (PostgreSQL is metered)."""
    busy, total = _http_server.machine_cpu()
    return _http_report.Cpu(generator=time.process_time(), server=server.cpu_seconds(), busy=busy, total=total)


def difference(after: _http_report.Cpu, before: _http_report.Cpu) -> _http_report.Cpu:
    """CPU seconds spent between two snapshots."""
    return _http_report.Cpu(*(getattr(after, name) - getattr(before, name)
                              for name in ("generator", "server", "postgres", "busy", "total")))


def measure(backend: str, clients: int, args: argparse.Namespace, turns: list[list[_http_load.Turn]],
            pg_url: str) -> _http_report.Cell:
    """One cell: fresh database and server, warm-up, then the measured window under `clients` threads (on SQLite
    the server's write-lock acquisitions in the window are counted too)."""
    with tempfile.TemporaryDirectory(prefix="venuedesk-locks-") as locks, \
            _http_server.running_server(EXECUTABLE, backend, pg_url, WORKERS,
                                        _lock_meter.environment(Path(locks)) if backend == "sqlite" else None) as server:
        load = _http_load.Load(server.base_url, turns, clients, time.monotonic() + args.warmup + args.seconds + 60)
        meter = _http_server.PostgresMeter(_http_server.database_of(server))
        load.start()
        try:
            time.sleep(args.warmup)
            started, cpu_before, locks_before = time.perf_counter(), snapshot(server), _lock_meter.read(Path(locks))
            meter.start()
            time.sleep(args.seconds)
            postgres = meter.stop()
            ended, cpu_after, locks_after = time.perf_counter(), snapshot(server), _lock_meter.read(Path(locks))
        finally:
            load.stop()
    cpu = difference(cpu_after, cpu_before)
    cpu.postgres = postgres if backend == "postgres" else 0.0
    cell = _http_report.Cell(backend, clients, ended - started, cpu=cpu, load=os.getloadavg()[0],
                             locks=_lock_meter.difference(locks_after, locks_before))
    samples = [s for tally in load.tallies for s in tally.samples if started <= s.finished < ended]
    cell.latencies = [s.seconds for s in samples if s.kind == "turn" and s.ok]
    cell.opens = sum(1 for s in samples if s.kind == "open" and s.ok)
    cell.outcomes = Counter(s.outcome for s in samples)
    cell.errors = [f"{s.outcome} {s.error}" for s in samples if not s.ok]
    outside = sum(1 for tally in load.tallies for s in tally.samples if not s.ok) - len(cell.errors)
    if outside:
        cell.errors.append(f"(and {outside} non-2xx outside the measured window, during warm-up or shutdown)")
    return cell


def setup_text(args: argparse.Namespace, turns: list[list[_http_load.Turn]]) -> str:
    """How the figures were made, for the report."""
    count = sum(len(t) for t in turns)
    return (f"`venuedesk serve --workers {WORKERS}` (uvicorn, offline deterministic provider, frozen clock) on a "
            "fresh database per cell (temporary SQLite file; new PostgreSQL database, dropped after), loopback "
            "only. Load: N client threads in the bench process, each with its own keep-alive `httpx.Client`, "
            f"replaying the client turns of the {len(turns)} golden conversations ({count} messages and actions; "
            "manager turns left out), each conversation on a new thread (`POST /api/threads`, counted as "
            "\"threads opened\", not as turns) with its dates moved by its own number of weeks (0–51) so clients "
            f"do not fight over one room. {args.warmup:g} s warm-up, then {args.seconds:g} s measured per cell; "
            "latency = client-side time from sending a turn to reading its reply.")


def main(argv: list[str] | None = None) -> int:
    """Run the matrix, print the table, update RESULTS.md; exit 1 when a request failed."""
    args = parse_args(argv)
    turns = conversations()
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
        for clients in args.concurrency:
            cells.append(measure(backend, clients, args, turns, pg_url))
            cell = cells[-1]
            print(f"{backend:8} {clients:>2} clients: {cell.rate:6.1f} turns/s, p50 {cell.ms(0.5):6.1f} ms, "
                  f"p99 {cell.ms(0.99):6.1f} ms, non-2xx {cell.failed}, CPUs: generator "
                  f"{cell.cores(cell.cpu.generator):.2f}, server {cell.cores(cell.cpu.server):.2f}, "
                  f"postgres {cell.cores(cell.cpu.postgres):.2f}, {cell.turns_per_cpu_second:.0f} turns per CPU-s, "
                  f"load {cell.load:.1f}", flush=True)
            if cell.locks.acquisitions:
                print("\n".join(cell.locks.summary(len(cell.latencies))), flush=True)
    cpus = os.cpu_count() or 1
    print("\n" + _http_report.table(cells))
    for line in _http_report.reasons(cells, cpus) + _http_report.error_lines(cells):
        print(line)
    command = "make bench-http" if not argv and len(sys.argv) == 1 else shlex.join(["python", *sys.argv])
    if not args.no_write:
        _http_report.write_results(args.results, _http_report.render(cells, command, pg_version, cpus,
                                                                     setup_text(args, turns), notes))
        print(f"\nwrote {args.results}")
    return 1 if any(cell.failed for cell in cells) else 0


if __name__ == "__main__":
    raise SystemExit(main())
