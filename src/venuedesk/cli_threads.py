"""`venuedesk threads migrate`: move a thread's agents to another provider explicitly."""

from __future__ import annotations

import typer

from venuedesk.cli_support import VENUE_HELP, VenuedeskCommand, VenuedeskGroup, clock_or_exit, engine_from_env, require_venue

threads_app = typer.Typer(help="Threads: move a thread's agents to another provider.", no_args_is_help=True,
                          cls=VenuedeskGroup)


@threads_app.command("migrate", cls=VenuedeskCommand)
def threads_migrate(
    thread_id: str = typer.Argument(..., help="The thread to migrate."),
    provider: str = typer.Option(..., help="The provider its agents use from now on."),
    agent: str | None = typer.Option(None, help="Only this agent (e.g. dates_agent); default: all agents."),
    venue: str = typer.Option("default", "--venue", help=VENUE_HELP),
) -> None:
    """Move a thread of one venue to another provider explicitly (threads otherwise keep the provider they started
    with)."""
    from venuedesk.agents.specs import WORKERS
    from venuedesk.providers.settings import PROVIDERS
    from venuedesk.store.uow import UnitOfWork, make_session_factory

    if provider not in PROVIDERS:
        typer.echo(f"unknown provider {provider!r}; use one of {', '.join(PROVIDERS)}", err=True)
        raise typer.Exit(2)
    if agent is not None and agent not in WORKERS:
        typer.echo(f"unknown agent {agent!r}; use one of {', '.join(WORKERS)}", err=True)
        raise typer.Exit(2)
    engine = engine_from_env()
    require_venue(engine, venue, "threads migrate")
    with UnitOfWork(make_session_factory(engine, venue), clock_or_exit()) as uow:
        if uow.threads.get(thread_id) is None:
            typer.echo(f"no thread {thread_id!r}", err=True)
            raise typer.Exit(2)
        for name in [agent] if agent else list(WORKERS):
            uow.threads.set_provider(thread_id, name, provider)
        uow.commit()
    typer.echo(f"thread {thread_id}: {agent or 'all agents'} now on {provider}")
