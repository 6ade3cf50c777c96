"""Manager accounts for the API tests: create one straight in the database and get its personal token's headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api_helpers import NOW, bearer
from venuedesk.accounts.service import create_user
from venuedesk.workflow.desk import Desk

PASSWORD = "a long enough passphrase"


def account(client: TestClient, email: str, role: str) -> dict[str, str]:
    """Create an account with PASSWORD; the headers carrying its personal token."""
    desk: Desk = client.app.state.desk
    with desk.uow() as uow:
        issued = create_user(uow.session, email, role, PASSWORD, NOW)
        uow.commit()
    return bearer(issued.token)
