"""The client page's own words are served from the same gettext catalogue as the desk's replies."""

from __future__ import annotations

from fastapi.testclient import TestClient

from venuedesk.i18n import CATALOGUE


def test_german_page_words_come_from_the_catalogue_with_the_venue_and_locale(client: TestClient) -> None:
    response = client.get("/i18n/de.json")
    assert response.status_code == 200 and response.headers["content-language"] == "de"
    data = response.json()
    assert (data["language"], data["locale"], data["venue"]) == ("de", "de_CH", "The Atelier")
    assert data["strings"]["send"] == CATALOGUE.gettext("ui.send", "de") == "Senden"
    assert data["strings"]["state.waiting_on_hil"] == "Wir warten auf das Haus"
    assert data["next"]["describe"] == CATALOGUE.gettext("next.describe", "de")
    assert data["languages"] == ["en", "de"]


def test_every_page_word_has_every_language(client: TestClient) -> None:
    english = client.get("/i18n/en.json").json()["strings"]
    german = client.get("/i18n/de.json").json()["strings"]
    assert set(english) == set(german) and all(german.values())


def test_a_language_without_a_catalogue_is_served_in_english_and_says_so(client: TestClient) -> None:
    data = client.get("/i18n/sv.json").json()
    assert data["language"] == "en" and data["strings"]["send"] == "Send"


def test_a_malformed_language_code_is_a_404_in_the_error_shape(client: TestClient) -> None:
    for path in ("/i18n/../../etc.json", "/i18n/DEUTSCH.json", "/i18n/de-CH.json"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
