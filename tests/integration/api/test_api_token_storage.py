"""Tokens are stored hashed (docs/accounts.md): the database file holds no client, personal or session token in
clear, only their SHA-256."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from accounts_helpers import PASSWORD, account
from api_helpers import open_thread
from venuedesk.store.token_hash import token_digest


def _database_bytes(engine: Engine) -> bytes:
    engine.dispose()  # every page on disk: nothing left in a pooled connection's cache or the WAL alone
    path = engine.url.database
    assert path
    data = open(path, "rb").read()
    for suffix in ("-wal", "-journal"):
        try:
            data += open(path + suffix, "rb").read()
        except FileNotFoundError:
            pass
    return data


def test_no_token_is_stored_in_clear(client: TestClient, engine: Engine) -> None:
    _, headers = open_thread(client)
    client_token = headers["Authorization"].removeprefix("Bearer ")
    personal = account(client, "max@venue.example", "manager")["Authorization"].removeprefix("Bearer ")
    session = client.post("/api/session", json={"email": "max@venue.example", "password": PASSWORD}).json()["token"]
    stored = _database_bytes(engine)
    for token in (client_token, personal, session):
        assert token.encode() not in stored
        assert token_digest(token).encode() in stored
    assert PASSWORD.encode() not in stored
