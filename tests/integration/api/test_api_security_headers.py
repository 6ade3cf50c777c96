"""Every response of the app carries the security headers: pages, static files, API JSON, errors, 500s."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from api_helpers import MANAGER
from venuedesk.transports.app import create_app
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.security_headers import HEADERS
from venuedesk.transports.settings import ServerSettings
from venuedesk.workflow.desk import Desk

PAGE_DIRECTIVES = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                   "base-uri 'none'", "form-action 'self'", "object-src 'none'", "connect-src 'self'")


def _directives(csp: str) -> set[str]:
    return {part.strip() for part in csp.split(";")}


def _assert_secured(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name, value in HEADERS.items():
        if name != "Content-Security-Policy":
            assert headers[name] == value, name
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", "/manager", "/manager/calendar", "/static/client.js", "/static/calendar.js",
                                  "/static/styles.css", "/i18n/en.json"])
def test_pages_and_static_files_get_the_strict_policy(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    _assert_secured(response)
    assert set(PAGE_DIRECTIVES) <= _directives(response.headers["content-security-policy"])
    assert "unsafe-inline" not in response.headers["content-security-policy"]


def test_api_json_gets_nosniff_and_frame_ancestors(client: TestClient) -> None:
    response = client.get("/api/hil/tasks", headers=MANAGER)
    assert response.status_code == 200
    _assert_secured(response)


@pytest.mark.parametrize("path", ["/no/such/endpoint", "/api/hil/tasks", "/static/../secret"])
def test_error_responses_are_secured_too(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (401, 404)
    _assert_secured(response)


def test_an_oversized_body_refusal_is_secured(client: TestClient) -> None:
    response = client.post("/api/threads", content=b"x" * (1024 * 1024), headers={"content-type": "application/json"})
    assert response.status_code == 413
    _assert_secured(response)


def test_an_unhandled_error_still_carries_the_headers(desk: Desk, tmp_path: Path) -> None:
    app = create_app(desk, manager_token="mgr_test_token", settings=ServerSettings(home=tmp_path))
    broken = APIRouter()

    @broken.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    app.include_router(broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    _assert_secured(response)


def test_hsts_is_sent_only_over_https(client: TestClient) -> None:
    assert "strict-transport-security" not in client.get("/healthz").headers
    secure = TestClient(client.app, base_url="https://testserver")
    assert secure.get("/healthz").headers["strict-transport-security"].startswith("max-age=")


def test_hsts_is_sent_behind_a_configured_https_public_url(desk: Desk, tmp_path: Path) -> None:
    app = create_app(desk, manager_token="mgr_test_token", settings=ServerSettings(home=tmp_path),
                     mail_settings=MailSettings(public_url="https://desk.venue.example"))
    with TestClient(app) as client:
        assert "max-age" in client.get("/healthz").headers["strict-transport-security"]


def test_the_mail_link_stylesheet_is_served_and_the_page_has_no_inline_style(client: TestClient) -> None:
    response = client.get("/l-static/link_page.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    page = client.get("/l/forged-token")
    assert page.status_code == 400
    assert "<style" not in page.text and "style=" not in page.text
    assert "style-src 'self'" in page.headers["content-security-policy"]


STATIC = Path(__file__).resolve().parents[3] / "src/venuedesk/transports/web/static"


@pytest.mark.parametrize("name", sorted(p.name for p in STATIC.glob("*.html")))
def test_the_pages_hold_no_inline_script_style_or_handler(name: str) -> None:
    html = (STATIC / name).read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline <script>"
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html, re.IGNORECASE), "inline style or handler"
