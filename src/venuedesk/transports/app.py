"""The FastAPI application: the JSON API, health checks, and the ChatKit and web UIs when installed."""

from __future__ import annotations

import dataclasses
import functools
import importlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI

from venuedesk.transports.api import (
    email_inbound,
    events,
    health,
    hil,
    payments,
    privacy,
    session,
    thread_mail,
    threads,
    users,
)
from venuedesk.transports.api import amend, function_sheet
from venuedesk.transports.api import calendar as calendar_api
from venuedesk.transports.api import settings as settings_api
from venuedesk.transports.api import pipeline
from venuedesk.transports.api.auth import ManagerToken, load_or_create_manager_token
from venuedesk.transports.api.errors import install_error_handlers
from venuedesk.transports.api.paging import EXPOSED_HEADERS
from venuedesk.transports.access_log import install_access_log_redaction
from venuedesk.transports.api.token_cache import TokenCache
from venuedesk.transports.body_timeout import BodyTimeoutMiddleware
from venuedesk.transports.catalogue_watch import CatalogueWatchMiddleware, desk_watch
from venuedesk.transports.csrf import CsrfMiddleware
from venuedesk.transports.docs import docs_app
from venuedesk.transports.limits import BodyLimitMiddleware
from venuedesk.transports.rate_limit_wiring import failure_throttle, install_rate_limits
from venuedesk.transports.mail.link_router import build_link_router
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.mail.wiring import link_signer
from venuedesk.transports.security_headers import SecurityHeadersMiddleware
from venuedesk.transports.settings import ServerSettings
from venuedesk.transports.venues import VenueDesks, VenuePrefixMiddleware
from venuedesk.workflow.desk import Desk

if TYPE_CHECKING:
    from venuedesk.domain.catalogue import Venue
    from venuedesk.jobs.base import JobDeps
    from venuedesk.jobs.inprocess import InProcessRunner
    from venuedesk.store.catalogue_revision import RevisionWatch

log = logging.getLogger("venuedesk.api")
OPTIONAL_UIS = {
    "chatkit": ("venuedesk.transports.chatkit.router", "build_chatkit_router"),
    "web": ("venuedesk.transports.web.router", "build_web_router"),
}
DESCRIPTION = """The venuedesk booking desk over HTTP.

* **Clients** open a thread (`POST /api/threads`) and send its `client_token` as `Authorization: Bearer ...`;
  a token opens only its own threads: that one and those the desk opens for the client's separate inquiries
  (another thread answers 404, whether it exists or not).
* **Managers** send their account's personal token (`venuedesk users token`) or a session token from
  `POST /api/session`; an account's role (owner, manager, viewer) says whether it may decide or only read. Until the
  first owner account exists, the shared manager token (`VENUEDESK_MANAGER_TOKEN`, or
  `$VENUEDESK_HOME/manager_token`) stands in for an owner.
* Every error has the shape `{"error": {"code", "message", "field"?}}`.
"""


def desk_from_env() -> Desk:
    """A Desk on VENUEDESK_DATABASE_URL (default SQLite in VENUEDESK_HOME), migrated and seeded, env clock, reading
    the venue's own calendars (docs/calendars.md)."""
    from venuedesk.calendars.wiring import calendar_reader
    from venuedesk.clock import clock_from_env
    from venuedesk.store.db import database_url_from_env, ensure_ready

    desk = Desk(ensure_ready(database_url_from_env()), clock_from_env())
    desk.calendars = calendar_reader(desk.venue)
    return desk


def resolve_manager_token(settings: ServerSettings, explicit: str | None = None) -> ManagerToken:
    """The explicit token, else VENUEDESK_MANAGER_TOKEN (set but empty counts: `serve` refuses it), else the token
    file under VENUEDESK_HOME."""
    value = explicit if explicit is not None else settings.manager_token
    if value is not None:
        return ManagerToken(value.strip())
    return load_or_create_manager_token(settings.home)


def create_app(desk: Desk | None = None, *, manager_token: str | None = None,
               settings: ServerSettings | None = None, run_jobs: bool = False,
               mail_settings: MailSettings | None = None) -> FastAPI:
    """The app over `desk` (built from the environment when None); with `run_jobs` its lifespan runs the
    background jobs in-process on SQLite (on PostgreSQL `venuedesk worker` runs them)."""
    settings = settings or ServerSettings()
    mail = mail_settings or MailSettings()
    from_env = desk is None
    desk = desk or desk_from_env()
    app = docs_app(title="venuedesk", version=_version(), description=DESCRIPTION,
                   lifespan=_jobs_lifespan(desk, settings, mail) if run_jobs else None)
    app.state.jobs = None
    app.state.desk = desk
    calendars_for = _calendars_for() if from_env else None
    app.state.venues = VenueDesks(desk, calendars_for=calendars_for,
                                  watch_for=lambda other: desk_watch(other, calendars_for=calendars_for))
    app.state.owner_seen = set()
    app.state.token_cache = TokenCache()
    app.state.manager_token = resolve_manager_token(settings, manager_token)
    app.state.auth_throttle = failure_throttle(desk, settings)
    install_error_handlers(app)
    app.state.payment_secret = settings.payment_secret
    app.state.mail_settings = mail
    app.state.home = settings.home
    for module in (threads, hil, events, function_sheet, amend, thread_mail, health, payments, email_inbound,
                   settings_api, session, privacy, pipeline, users):
        app.include_router(module.router)
    app.include_router(calendar_api.router)
    app.state.link_signer = link_signer(mail, settings.home, desk.clock)
    app.include_router(build_link_router(app.state.venues, app.state.link_signer))
    app.state.ui = _include_uis(app, desk)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "PUT"],
                           allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
                           expose_headers=EXPOSED_HEADERS)
    app.state.rate_limiter = install_rate_limits(app, desk, settings)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes,
                       path_limits={email_inbound.INBOUND_PATH: mail.max_inbound_bytes})
    app.state.catalogue_watch = _catalogue_watch(desk, from_env)
    app.add_middleware(CatalogueWatchMiddleware, watch=app.state.catalogue_watch, venue_watch=app.state.venues.watch)
    _outermost(app, settings, mail)
    install_access_log_redaction()
    return app


def _outermost(app: FastAPI, settings: ServerSettings, mail: MailSettings) -> None:
    """Wrap the whole stack, Starlette's own 500 handler included, so every response (errors too) carries the
    security headers, a cookie-authenticated unsafe request is checked for CSRF first, a body gets
    `VENUEDESK_BODY_TIMEOUT_SECONDS` to arrive, and a `/v/{venue}` prefix picks the venue (transports/venues.py)."""
    build = app.build_middleware_stack

    def built() -> Any:
        stack = CsrfMiddleware(VenuePrefixMiddleware(build(), app.state.venues), public_url=mail.public_url)
        timed = BodyTimeoutMiddleware(stack, settings.body_timeout_seconds)
        return SecurityHeadersMiddleware(timed, public_url=mail.public_url)

    app.build_middleware_stack = built  # type: ignore[method-assign]


def _calendars_for() -> Callable[[Venue], Any]:
    from venuedesk.calendars.wiring import calendar_reader

    return calendar_reader


def _catalogue_watch(desk: Desk, from_env: bool) -> RevisionWatch:
    """The desk's catalogue revision watch; a desk built from the environment also rebuilds its calendars."""
    from venuedesk.calendars.wiring import calendar_reader

    return desk_watch(desk, calendars_for=calendar_reader if from_env else None)


def app_from_env() -> FastAPI:
    """The uvicorn factory (`venuedesk.transports.app:app_from_env`) for `serve --workers N`."""
    from venuedesk.observability.logging import configure_logging

    configure_logging()
    return create_app(run_jobs=True)


def _jobs_lifespan(desk: Desk, settings: ServerSettings, mail: MailSettings) -> Callable[[FastAPI], Any]:
    """Start the in-process job runner with the app and stop it (joining its thread) on shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if desk.engine.dialect.name != "sqlite":
            log.info("background jobs run in `venuedesk worker` processes on PostgreSQL, not in the server")
            yield
            return
        if not settings.jobs_in_process:
            log.warning("VENUEDESK_JOBS_IN_PROCESS is off: no background jobs run (reminders, outbox delivery)")
            yield
            return
        from venuedesk.store.venues import list_venues

        venues: VenueDesks = app.state.venues
        others = [venues.get(row.id) for row in list_venues(desk.engine) if row.id != desk.venue_id]
        runner = _venue_runner(desk, settings, mail)
        extra = [_venue_runner(other, settings, mail) for other in others if other is not None]
        app.state.jobs = runner
        for each in (runner, *extra):
            each.start()
        try:
            yield
        finally:
            for each in (runner, *extra):
                each.stop()

    return lifespan


def _venue_runner(desk: Desk, settings: ServerSettings, mail: MailSettings) -> InProcessRunner:
    """The in-process job runner of one venue: its own units of work, delivery, manager mail and calendars."""
    from venuedesk.calendars.caldav_push import push_writer
    from venuedesk.jobs.base import deps_for_engine
    from venuedesk.jobs.catalogue_deps import CatalogueDeps
    from venuedesk.jobs.inprocess import InProcessRunner
    from venuedesk.transports.mail.attachments import delete_thread_attachments
    from venuedesk.transports.mail.wiring import manager_mail, outbox_transport

    home = settings.home
    deps = deps_for_engine(desk.engine, outbox_transport(mail, home, desk.clock, desk.venue, desk.venue_id),
                           manager_mail(mail, home, desk.clock, desk.venue, desk.venue_id, desk.engine), venue_id=desk.venue_id)
    deps = dataclasses.replace(deps, calendar_writer=push_writer(deps.venue), calendars=desk.calendars,
                               forget_files=functools.partial(delete_thread_attachments, home))
    rebuild = _jobs_rebuild(mail, home, desk)
    return InProcessRunner(CatalogueDeps(deps, rebuild).current, desk.clock, settings.jobs_interval_seconds)


def _jobs_rebuild(mail: MailSettings, home: Path, desk: Desk) -> Callable[[JobDeps, Venue], JobDeps]:
    """How the in-process jobs move to a new catalogue revision: its delivery, manager mail and calendars."""
    from venuedesk.calendars.caldav_push import push_writer
    from venuedesk.transports.mail.wiring import manager_mail, outbox_transport

    def rebuild(deps: JobDeps, venue: Venue) -> JobDeps:
        return dataclasses.replace(deps, venue=venue,
                                   delivery=outbox_transport(mail, home, desk.clock, venue, desk.venue_id),
                                   manager_mail=manager_mail(mail, home, desk.clock, venue, desk.venue_id, desk.engine),
                                   calendar_writer=push_writer(venue), calendars=desk.calendars)

    return rebuild


def _include_uis(app: FastAPI, desk: Desk) -> dict[str, bool]:
    """Mount /chatkit and the web pages when their packages exist; log the ones that are missing."""
    builders: dict[str, Callable[..., APIRouter]] = {}
    for part, (module_name, attr) in OPTIONAL_UIS.items():
        builder = _optional(module_name, attr)
        if builder is not None:
            builders[part] = builder
    if "chatkit" in builders:
        chatkit = builders["chatkit"](desk)
        app.include_router(chatkit)  # the router owns its path, POST /chatkit
    if "web" in builders:
        app.include_router(builders["web"]())
    missing = sorted(set(OPTIONAL_UIS) - set(builders))
    if missing:
        log.warning("UI parts not installed; serving the JSON API without them", extra={"missing": missing})
    return {part: part in builders for part in OPTIONAL_UIS}


def _optional(module_name: str, attr: str) -> Any:
    """The builder, or None when exactly that module (or its package) is absent; other import errors propagate."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name in (module_name, module_name.rpartition(".")[0]):
            return None
        raise
    return getattr(module, attr)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("venuedesk")
    except PackageNotFoundError:
        return "0"
