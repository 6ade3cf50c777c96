"""Manager endpoints answer in the manager's language (`Accept-Language`), English when none is asked or known:
the task's reason and edit rule, the audit's text, decision notices and error messages. Codes and fields stay."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api_helpers import MANAGER, assert_error, ok, to_offer
from venuedesk.transports.language import negotiate

GERMAN = {**MANAGER, "Accept-Language": "de-CH,de;q=0.9,en;q=0.8"}


@pytest.mark.parametrize(("header", "language"), [
    (None, "en"), ("", "en"), ("de", "de"), ("de-CH", "de"), ("fr-CH, fr;q=0.9", "en"), ("fr, de;q=0.5", "de"),
    ("en;q=0.2, de;q=0.8", "de"), ("de;q=0, en", "en"), ("*", "en"), ("de;q=nonsense, en", "en"),
])
def test_the_manager_language_is_the_best_catalogue_language_in_accept_language(header, language) -> None:
    assert negotiate(header) == language


def test_a_german_manager_reads_the_tasks_reason_and_edit_rule_in_german(client: TestClient) -> None:
    _, _, task = to_offer(client)
    german = ok(client.get("/api/hil/tasks", headers=GERMAN))[0]
    assert german["reason"].startswith("Jedes Angebot wird geprüft, bevor der Kunde es sieht: Angebot ")
    assert "CHF 750.00" in german["reason"]
    assert german["edit"]["rule"].startswith("Bearbeiten ändert nur die Nachricht um das Angebot")
    assert german["draft"] == task["draft"]


def test_without_accept_language_the_tasks_reason_and_edit_rule_stay_english(client: TestClient) -> None:
    _, _, task = to_offer(client)
    assert task["reason"].startswith("Every offer is reviewed before the client sees it: offer ")
    assert task["edit"]["rule"].startswith("Edit changes only the message around the offer")


def test_a_redraft_reason_quotes_the_note_in_german(client: TestClient) -> None:
    _, _, task = to_offer(client)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/reject", json={"note": "Parkplatz erwähnen."}, headers=GERMAN))
    redraft = ok(client.get("/api/hil/tasks", headers=GERMAN))[0]
    assert redraft["reason"].startswith("Neuer Entwurf von Angebot ")
    assert f"Aufgabe {task['task_id']} mit der Notiz «Parkplatz erwähnen.»" in redraft["reason"]


def test_a_german_manager_gets_the_rejection_notice_in_german(client: TestClient) -> None:
    _, _, task = to_offer(client)
    notice = ok(client.post(f"/api/hil/tasks/{task['task_id']}/reject", json={"note": "Parking."}, headers=GERMAN))
    assert notice["body_markdown"] == "Entwurf abgelehnt; ein neuer Entwurf der Angebotsversion 1 wartet auf Prüfung."


def test_a_rejection_without_a_note_is_refused_in_german_with_the_same_code_and_field(client: TestClient) -> None:
    _, _, task = to_offer(client)
    response = client.post(f"/api/hil/tasks/{task['task_id']}/reject", json={"note": " "}, headers=GERMAN)
    error = assert_error(response, 422, "invalid_input")
    assert error["field"] == "note" and "Eine Ablehnung braucht eine Notiz" in error["message"]


def test_a_contradicting_edit_is_refused_in_german_with_the_german_edit_rule(client: TestClient) -> None:
    _, _, task = to_offer(client)
    response = client.post(f"/api/hil/tasks/{task['task_id']}/edit",
                           json={"text": "Liebe Anna, der Preis ist jetzt CHF 600.00."}, headers=GERMAN)
    error = assert_error(response, 422, "invalid_input")
    assert error["field"] == "text"
    assert error["message"].startswith("text: nennt 'CHF 600.00', das ist kein Betrag des Angebots ")
    assert "Bearbeiten ändert nur die Nachricht" in error["message"] and "discount" not in error["message"]


def test_an_unknown_task_is_reported_in_german(client: TestClient) -> None:
    error = assert_error(client.post("/api/hil/tasks/nope-hil-9/approve", headers=GERMAN), 404, "not_found")
    assert error["message"] == "Die Aufgabe 'nope-hil-9' gibt es nicht; offene Aufgaben listen Sie mit status=open auf"


def test_the_audit_describes_decisions_and_sent_messages_in_german(client: TestClient) -> None:
    thread_id, _, task = to_offer(client)
    ok(client.post(f"/api/hil/tasks/{task['task_id']}/edit", json={"text": "Liebe Anna, Raum B ist reserviert."},
                   headers=GERMAN))
    german = [entry["reason"] for entry in ok(client.get(f"/api/threads/{thread_id}/audit", headers=GERMAN))]
    english = [entry["reason"] for entry in ok(client.get(f"/api/threads/{thread_id}/audit", headers=MANAGER))]
    assert f"Aufgabe {task['task_id']} bearbeitet" in german
    assert any(line.endswith("gesendet, nachdem der Manager sie bearbeitet hat") for line in german)
    assert f"edit task {task['task_id']}" in english
    assert any(line.endswith("sent after the manager edited it") for line in english)
