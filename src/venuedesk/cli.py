"""The `venuedesk` command: serve, smtp, chat, run-script, demo, db, users. Heavy imports happen inside the commands."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

from venuedesk.cli_support import VenuedeskCommand, VenuedeskGroup, clock_or_exit, engine_from_env
from venuedesk.cli_feeds import calendars_feeds
from venuedesk.cli_privacy import privacy_app
from venuedesk.cli_threads import threads_app
from venuedesk.cli_users import users_app
from venuedesk.cli_venues import venues_app

app = typer.Typer(help="venuedesk: a booking desk for event venues (offline by default).", no_args_is_help=True,
                  pretty_exceptions_enable=False, cls=VenuedeskGroup,
                  add_completion=False)
db_app = typer.Typer(help="Database: migrate and seed the venue catalogue.", no_args_is_help=True,
                     cls=VenuedeskGroup)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(privacy_app, name="privacy")
app.add_typer(venues_app, name="venues")
app.add_typer(threads_app, name="threads")


@app.callback()
def _setup() -> None:
    """JSON, PII-redacted logs on stderr for every command."""
    from venuedesk.observability.logging import configure_logging

    configure_logging()


@db_app.command("upgrade", cls=VenuedeskCommand)
def db_upgrade() -> None:
    """Bring the database (VENUEDESK_DATABASE_URL, default SQLite in VENUEDESK_HOME) to the newest schema."""
    from venuedesk.store.db import database_url_from_env, make_engine, upgrade

    url = database_url_from_env()
    upgrade(make_engine(url))
    typer.echo(f"database is up to date: {_safe_url(url)}")


@db_app.command("seed", cls=VenuedeskCommand)
def db_seed(
    catalogue: Path | None = typer.Option(None, help="A catalogue folder (venue.yaml, rooms.yaml, products.yaml)."),
) -> None:
    """Load the venue catalogue into the database; running it twice changes nothing."""
    from venuedesk.cli_support import catalogue_problem
    from venuedesk.store.catalogue import seed
    from venuedesk.store.db import database_url_from_env, make_engine, upgrade
    from venuedesk.venue.loader import CatalogueError, catalogue_dir_from_env, load_catalogue_documents

    try:
        docs = load_catalogue_documents(catalogue or catalogue_dir_from_env())
    except CatalogueError as exc:
        typer.echo(catalogue_problem(exc, catalogue), err=True)
        raise typer.Exit(2) from exc
    engine = make_engine(database_url_from_env())
    upgrade(engine)
    report = seed(engine, docs)
    typer.echo(f"seed: {report}")


@app.command("run-script", cls=VenuedeskCommand)
def run_script_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A golden transcript (YAML)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per turn."),
    provider: str | None = typer.Option(None, help="Run every agent on this provider (deterministic, "
                                           "openai_chat, openai_agents, langchain, mistral)."),
    fake_llm: bool = typer.Option(False, "--fake-llm", help="Point the provider at an in-process fake-llm "
                                  "(a local test double; no internet)."),
) -> None:
    """Play a golden transcript on a fresh database and check its expectations (exit 1 on any failure)."""
    from contextlib import nullcontext

    from venuedesk.golden.providers_for_scripts import fake_llm_server, settings_for
    from venuedesk.golden.runner import run_script
    from venuedesk.golden.script import ScriptError
    from venuedesk.providers.errors import ProviderConfigError
    from venuedesk.render import render_reply

    def show(result) -> None:  # noqa: ANN001
        if as_json:
            typer.echo(json.dumps(result.as_json(), ensure_ascii=False, default=str))
            return
        typer.echo(f"--- turn {result.index}: {result.label}")
        if result.reply is not None:
            typer.echo(render_reply(result.reply))
        for failure in result.failures:
            typer.echo(f"FAIL turn {result.index}: {failure}")

    try:
        with fake_llm_server() if fake_llm else nullcontext() as url:
            settings = settings_for(provider, url) if provider else None
            run = run_script(file, database_url=os.environ.get("VENUEDESK_DATABASE_URL"), on_turn=show,
                             provider_settings=settings)
    except (ScriptError, ProviderConfigError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    failed = [turn for turn in run.turns if turn.failures]
    if failed:
        names = ", ".join(f"turn {t.index} ({t.label})" for t in failed)
        typer.echo(f"{file}: FAILED at {names}", err=True)
        raise typer.Exit(1)
    if not as_json:
        typer.echo(f"{file}: all {len(run.turns)} turns passed")


@app.command(cls=VenuedeskCommand)
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes (uvicorn; N>1 runs the app factory in each)."),
    reload: bool = typer.Option(False, "--reload/--no-reload", help="Restart on code changes (development)."),
    smtp: str | None = typer.Option(None, "--smtp", metavar="HOST:PORT",
                                     help="Also receive mail over SMTP here (e.g. 127.0.0.1:2525)."),
    graceful_timeout: int = typer.Option(20, min=1, max=600, help="On SIGTERM, seconds the requests under way may "
                                         "take to finish before they are cancelled (rolling restarts)."),
    limit_concurrency: int | None = typer.Option(
        None, "--limit-concurrency", min=1, metavar="N",
        help="At most N connections and requests at once per worker process; more get 503 at once (uvicorn)."),
) -> None:
    """Serve the HTTP API (and the web pages when installed) on the demo venue; prints the URL and manager token."""
    try:
        from venuedesk.transports.server import serve as run_server
    except ImportError as exc:
        typer.echo(f"`serve` needs the server extra: pip install 'venuedesk[server]' ({exc})", err=True)
        raise typer.Exit(2) from exc
    clock_or_exit()
    _check_mail_settings()
    run_server(host, port, workers=workers, reload=reload, smtp=_listen_address(smtp) if smtp else None,
               graceful_timeout=graceful_timeout, limit_concurrency=limit_concurrency)


@app.command(cls=VenuedeskCommand)
def smtp(
    listen: str = typer.Option("127.0.0.1:2525", "--listen", metavar="HOST:PORT",
                               help="Where to receive mail over SMTP."),
) -> None:
    """Receive mail for the desk's domain (VENUEDESK_MAIL_FROM) over SMTP until Ctrl+C; no relaying."""
    host, port = _listen_address(listen)
    clock = clock_or_exit()
    from venuedesk.transports.mail.settings import MailSettings
    from venuedesk.transports.mail.smtp_listener import run_listener
    from venuedesk.transports.settings import ServerSettings
    from venuedesk.workflow.desk import Desk

    from venuedesk.calendars.wiring import calendar_reader

    desk = Desk(engine_from_env(), clock)
    desk.calendars = calendar_reader(desk.venue)
    run_listener(desk, MailSettings(), ServerSettings().home, host, port, calendars_for=calendar_reader)


def _listen_address(value: str) -> tuple[str, int]:
    from venuedesk.transports.mail.smtp_listener import parse_listen

    try:
        return parse_listen(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def _check_mail_settings() -> None:
    """Stop with the reason before serving when outbound mail is configured wrongly (VENUEDESK_SMTP_URL …)."""
    from pydantic import ValidationError

    from venuedesk.transports.mail.settings import MailSettings
    from venuedesk.transports.mail.smtp_delivery import check_mail_settings

    try:
        check_mail_settings(MailSettings())
    except (ValueError, ValidationError) as exc:
        typer.echo(f"outbound mail is not configured correctly: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command(cls=VenuedeskCommand)
def worker(
    every: int = typer.Option(5, min=1, max=59, help="Seconds between job runs (procrastinate periodic tasks)."),
    concurrency: int = typer.Option(1, min=1, max=16, help="Jobs this worker runs at the same time."),
    name: str | None = typer.Option(None, help="A name for this worker in logs and procrastinate_workers."),
    graceful_timeout: int = typer.Option(20, min=1, max=600, help="On SIGTERM, seconds the jobs under way may take "
                                         "to finish before they are cancelled."),
) -> None:
    """Run the background jobs (HIL reminders, outbox delivery) on PostgreSQL until Ctrl+C or SIGTERM."""
    from venuedesk.store.db import database_url_from_env

    url = database_url_from_env()
    if not url.startswith(("postgresql", "postgres:")):
        typer.echo("`worker` runs the jobs on PostgreSQL; set VENUEDESK_DATABASE_URL=postgresql+psycopg://… "
                   "(on SQLite `venuedesk serve` runs them itself)", err=True)
        raise typer.Exit(2)
    clock = clock_or_exit()
    _check_mail_settings()
    try:
        from venuedesk.jobs.pgqueue import run_worker
    except ImportError as exc:
        typer.echo(f"`worker` needs the postgres extra: pip install 'venuedesk[postgres]' ({exc})", err=True)
        raise typer.Exit(2) from exc
    from venuedesk.calendars.caldav_push import push_writer
    from venuedesk.calendars.wiring import calendar_reader
    from venuedesk.transports.mail.attachments import delete_thread_attachments
    from venuedesk.transports.mail.settings import MailSettings
    from venuedesk.transports.mail.wiring import manager_mail, outbox_transport
    from venuedesk.transports.settings import ServerSettings

    from venuedesk.documents.warm_up import warm_up_documents

    warm_up_documents()  # the worker renders the offer PDFs and function sheets: load all of that before a job
    mail, home = MailSettings(), ServerSettings().home
    run_worker(url, clock, every=every, concurrency=concurrency, name=name,
               delivery_for=lambda venue, venue_id: outbox_transport(mail, home, clock, venue, venue_id),
               manager_mail_for=lambda venue, venue_id, engine: manager_mail(mail, home, clock, venue, venue_id,
                                                                             engine),
               calendar_writer_for=push_writer, calendars_for=calendar_reader, graceful_timeout=graceful_timeout,
               forget_files=lambda thread_id: delete_thread_attachments(home, thread_id))


@app.command(cls=VenuedeskCommand)
def chat(
    sender: str | None = typer.Option(None, "--from", help="Your email address, as an email would carry it."),
    provider: str | None = typer.Option(None, help="Run every agent on this provider (default: settings)."),
    fake_llm: bool = typer.Option(False, "--fake-llm", help="Point the provider at an in-process fake-llm "
                                  "(a local test double; no internet)."),
) -> None:
    """An interactive conversation with the desk in this terminal (/help lists the commands)."""
    from contextlib import nullcontext

    from venuedesk.chat import ChatSession
    from venuedesk.golden.providers_for_scripts import fake_llm_server, settings_for
    from venuedesk.providers.errors import ProviderConfigError

    with fake_llm_server() if fake_llm else nullcontext() as url:
        settings = settings_for(provider, url) if provider else None
        try:
            session = ChatSession(engine_from_env(), clock_or_exit(), sender=sender, provider_settings=settings)
        except ProviderConfigError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from exc
        session.loop(sys.stdin, sys.stdout)


calendars_app = typer.Typer(help="The venue's own calendars (CalDAV, ICS feeds) that block its rooms.",
                            no_args_is_help=True, cls=VenuedeskGroup)
app.add_typer(calendars_app, name="calendars")
calendars_app.command("feeds", cls=VenuedeskCommand)(calendars_feeds)


@calendars_app.command("check", cls=VenuedeskCommand)
def calendars_check(
    days: int = typer.Option(14, min=1, max=366, help="How many days from today to read."),
) -> None:
    """Read every room's calendars for the coming days and print ok with the number of busy events, or why a
    calendar cannot be read (no secret is printed); exit 1 when one cannot."""
    from venuedesk.calendars.check import report
    from venuedesk.calendars.fanout import FanOutReader
    from venuedesk.calendars.wiring import CalendarSettingsError, calendar_reader
    from venuedesk.clock import today
    from venuedesk.store.catalogue import load_venue_from_db
    from venuedesk.store.uow import make_session_factory

    clock = clock_or_exit()
    with make_session_factory(engine_from_env())() as session:
        venue = load_venue_from_db(session)
    try:
        reader = calendar_reader(venue)
    except CalendarSettingsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    if not isinstance(reader, FanOutReader):
        typer.echo(f"no room of {venue.name} names a calendar: add `calendars:` to a room in rooms.yaml "
                   "(docs/calendars.md)")
        return
    text, all_answered = report(venue, reader, today(clock), days)
    typer.echo(text)
    if not all_answered:
        raise typer.Exit(1)


@app.command(cls=VenuedeskCommand)
def demo() -> None:
    """Play a whole booking (inquiry → offer → acceptance → billing → deposit → Confirmed, with the .ics) on the database and print it (dates follow the venue
    clock); the thread then shows in the manager console."""
    from venuedesk.demo import play_demo

    raise typer.Exit(play_demo(engine_from_env(), clock_or_exit(), sys.stdout))


@app.command("mail-sink", cls=VenuedeskCommand)
def mail_sink(
    listen: str = typer.Option("127.0.0.1:1025", "--listen", metavar="HOST:PORT",
                               help="Where to accept the desk's outbound mail (VENUEDESK_SMTP_URL points here)."),
) -> None:
    """A local SMTP server that prints every mail the desk sends instead of delivering it (the mail demo)."""
    import time
    from contextlib import ExitStack

    from venuedesk.transports.mail.sink import PrintingHandler, smtp_sink

    host, port = _listen_address(listen)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        typer.echo("mail-sink listens on loopback only (127.0.0.1, localhost or ::1)", err=True)
        raise typer.Exit(2)
    with ExitStack() as stack:
        try:
            stack.enter_context(smtp_sink(port, PrintingHandler(out=lambda text: typer.echo(text))))
        except (OSError, RuntimeError) as exc:
            typer.echo(f"mail-sink cannot listen on 127.0.0.1:{port}: {exc}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"mail-sink on smtp://127.0.0.1:{port}: every mail the desk sends is printed here (Ctrl+C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            typer.echo("mail-sink stopped")


@app.command("fake-llm", cls=VenuedeskCommand)
def fake_llm(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (keep it on loopback)."),
    port: int = typer.Option(8765, help="Port to listen on (0 picks a free one)."),
    fault: list[str] = typer.Option([], "--fault", help="Misbehave on model requests (repeatable): "
                                    "rate_limit, server_error, hang, invalid_json_args, ..."),
    fault_count: int | None = typer.Option(None, help="Apply --fault only to the first N model requests."),
    hang_seconds: float = typer.Option(30.0, help="How long the `hang` fault sleeps."),
) -> None:
    """A local fake of the OpenAI and Mistral APIs: a test and demo double, not a model."""
    from venuedesk.fakellm.server import FakeLLM

    try:
        server = FakeLLM(host, port, faults=fault, fault_count=fault_count, hang_seconds=hang_seconds)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    url = server.bind()
    typer.echo(f"fake-llm (test double, not a model) on {url}: OpenAI {url}/openai/v1, Mistral {url}/mistral")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("fake-llm stopped")


def _safe_url(url: str) -> str:
    from venuedesk.store.errors import safe_url

    return safe_url(url)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
