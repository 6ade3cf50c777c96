"""A form that carries a secret or a client's words is sent by POST if it is ever submitted natively (before the
page's module script runs, or with scripts off): a GET would put the password or the message in the URL, the
browser's history and the server's access log."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import venuedesk.transports.web as web

STATIC = Path(web.__file__).parent / "static"


class _Forms(HTMLParser):
    """Each form of a page: its attributes and the kinds of the fields inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[dict[str, str | None], list[str]]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.forms.append((dict(attrs), []))
            self._open = True
        elif self._open and tag in ("input", "textarea"):
            self.forms[-1][1].append(tag if tag == "textarea" else dict(attrs).get("type") or "text")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = False


def _forms_with_secrets_or_words() -> list[tuple[str, dict[str, str | None]]]:
    found = []
    for page in sorted(STATIC.glob("*.html")):
        parser = _Forms()
        parser.feed(page.read_text("utf-8"))
        found += [(page.name, attrs) for attrs, fields in parser.forms
                  if {"password", "textarea"} & set(fields) and attrs.get("method") != "dialog"]
    return found


def test_the_pages_have_forms_with_passwords_or_messages() -> None:
    names = {name for name, _ in _forms_with_secrets_or_words()}
    assert {"manager.html", "accounts.html", "index.html"} <= names


def test_every_form_with_a_password_or_a_message_is_posted() -> None:
    assert [(name, attrs.get("id")) for name, attrs in _forms_with_secrets_or_words()
            if (attrs.get("method") or "get").lower() != "post"] == []
