"""PII redaction for logs and spans: email addresses, phone numbers and IBANs never leave in clear text."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
_PHONE = re.compile(r"(?<![\w-])(?:\+|00)?\d[\d ()/.-]{7,}\d(?![\w-])")
_DATE_OR_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}|^\d{1,2}\.\d{1,2}\.\d{2,4}$|^\d{1,2}:\d{2}")


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    if digits < 9 or digits > 15 or _DATE_OR_TIME.match(text):
        return text
    return "[phone]"


def redact(text: str) -> str:
    """The text with emails, IBANs and phone numbers replaced by placeholders."""
    text = _EMAIL.sub("[email]", text)
    text = _IBAN.sub("[iban]", text)
    return _PHONE.sub(_phone, text)
