"""Email addresses: the first one found, with the domain in lower case."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kontakt: max@firma.ch", "max@firma.ch"),
        ("Please write to Anna.Muster@Example.COM.", "Anna.Muster@example.com"),
        ("me: a.b+events@sub.Mail-Host.org, cc boss@corp.ch", "a.b+events@sub.mail-host.org"),
        ("no address here", None),
    ],
)
def test_finds_first_email_with_lowercase_domain(read, text, expected):
    assert read(text).email == expected


def test_number_words_inside_an_email_do_not_become_counts(read):
    result = read("Write to thirty.two@firma.ch")
    assert result.email == "thirty.two@firma.ch"
    assert result.participants is None
