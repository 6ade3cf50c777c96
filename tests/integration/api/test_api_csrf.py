"""CSRF: an unsafe request authenticated by the ChatKit cookie must prove it comes from this site; bearer-token
requests are not CSRF-prone and pass."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api_helpers import MANAGER
from venuedesk.transports.chatkit.router import TOKEN_COOKIE
from venuedesk.transports.csrf import CSRF_COOKIE, CSRF_HEADER, PROTECTED_COOKIES

CREATE = b'{"type": "threads.create", "params": {"input": {"content": [{"type": "input_text", "text": "Hello"}], ' \
         b'"attachments": [], "inference_options": {}}}}'
JSON = {"content-type": "application/json"}


def _cookie_client(client: TestClient, csrf: str | None = None) -> TestClient:
    client.cookies.set(TOKEN_COOKIE, "tok_some_client_token")
    if csrf is not None:
        client.cookies.set(CSRF_COOKIE, csrf)
    return client


def test_the_chatkit_cookie_is_one_the_middleware_guards() -> None:
    assert TOKEN_COOKIE in PROTECTED_COOKIES


def test_a_cross_site_post_with_the_cookie_is_refused_with_the_reason(client: TestClient) -> None:
    response = _cookie_client(client).post("/chatkit", content=CREATE,
                                           headers={**JSON, "Origin": "https://evil.example"})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "csrf_refused" and "https://evil.example" in error["message"]


def test_fetch_metadata_cross_site_is_refused(client: TestClient) -> None:
    response = _cookie_client(client).post("/chatkit", content=CREATE, headers={**JSON, "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and "cross-site" in response.json()["error"]["message"]


def test_a_cookie_post_naming_no_origin_is_refused(client: TestClient) -> None:
    assert _cookie_client(client).post("/chatkit", content=CREATE, headers=JSON).status_code == 403


def test_a_null_origin_is_refused(client: TestClient) -> None:
    response = _cookie_client(client).post("/chatkit", content=CREATE, headers={**JSON, "Origin": "null"})
    assert response.status_code == 403


@pytest.mark.parametrize("headers", [{"Origin": "http://testserver"}, {"Referer": "http://testserver/chat?x=1"},
                                     {"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://127.0.0.1:8000"}])
def test_a_same_site_post_with_the_cookie_passes(client: TestClient, headers: dict[str, str]) -> None:
    response = _cookie_client(client).post("/chatkit", content=CREATE, headers={**JSON, **headers})
    assert response.status_code == 200, response.text


def test_the_double_submit_header_passes_without_an_origin(client: TestClient) -> None:
    response = _cookie_client(client, csrf="abc123").post("/chatkit", content=CREATE,
                                                          headers={**JSON, CSRF_HEADER: "abc123"})
    assert response.status_code == 200, response.text


def test_a_wrong_double_submit_header_does_not_pass(client: TestClient) -> None:
    response = _cookie_client(client, csrf="abc123").post("/chatkit", content=CREATE,
                                                          headers={**JSON, CSRF_HEADER: "other", "Origin": "https://x.example"})
    assert response.status_code == 403


def test_a_bearer_request_is_not_checked(client: TestClient) -> None:
    response = _cookie_client(client).post("/api/threads", headers={**MANAGER, "Origin": "https://evil.example"})
    assert response.status_code == 201


def test_a_post_without_the_cookie_is_not_checked(client: TestClient) -> None:
    response = client.post("/chatkit", content=CREATE, headers={**JSON, "Origin": "https://evil.example"})
    assert response.status_code == 200


def test_a_get_with_the_cookie_is_not_checked(client: TestClient) -> None:
    response = _cookie_client(client).get("/healthz", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200


def test_creating_a_chatkit_thread_sets_a_strict_csrf_cookie_scripts_can_read(client: TestClient) -> None:
    response = client.post("/chatkit", content=CREATE, headers=JSON)
    cookies = response.headers.get_list("set-cookie")
    csrf = next(cookie for cookie in cookies if cookie.startswith(f"{CSRF_COOKIE}="))
    assert "SameSite=strict" in csrf and "HttpOnly" not in csrf
