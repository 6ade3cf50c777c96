"""PII redaction for logs and spans: email addresses (international domains and "name(at)domain" spellings too),
phone numbers (+41, 0041-, (0)44, 044 …), IBANs (any case, spaced) and card numbers never leave in clear text.

Logging is on the hot path: cheap precompiled checks ("@" in the line, an "at" spelling, two digits in a row)
decide which patterns run, and every pattern starts only at the beginning of a word or number. Redaction errs on the side of
hiding: a number that merely looks like a phone is hidden too, while dates, times, prices and room numbers stay.
"""

from __future__ import annotations

import re

_TWO_DIGITS = re.compile(r"\d\d")
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@(?:[\w-]+\.)+[^\W\d_]{2,}(?![\w-])")
_SPELT_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+\s*(?:[\[({]\s*at\s*[\])}])\s*[\w-]+(?:\s*(?:\.|[\[({]\s*(?:dot|punkt)\s*[\])}])\s*[\w-]+)*"
    r"|(?<![\w.%+-])[\w.%+-]+\s+at\s+[\w-]+(?:\s+(?:dot|punkt)\s+[\w-]+)+", re.IGNORECASE)
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?\b")
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
_PHONE = re.compile(r"(?<![\w-])(?:\+|00)?\(?\d[\d ()/.-]{7,}\d(?![\w-])")
_LIST = re.compile(r"(\s+/\s*|\s*/\s+|\s{2,})")
_DATE_OR_TIME = re.compile(r"^(?:19|20)\d{2}-[01]\d-[0-3]\d(?!\d)|^\d{1,2}\.\d{1,2}\.\d{2,4}$|^\d{1,2}:\d{2}")


def _iban(match: re.Match[str]) -> str:
    """An upper-case IBAN shape is hidden as before; a lower- or mixed-case one only when its check digits add
    up (mod 97), so ordinary words followed by numbers stay readable."""
    text = match.group(0)
    if text[:2].isupper() or _mod97(text):
        return "[iban]"
    return text


def _mod97(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return len(compact) >= 15 and int(digits) % 97 == 1


def _card(match: re.Match[str]) -> str:
    """A 13–19 digit run that passes the Luhn check (a payment card number)."""
    digits = [int(ch) for ch in match.group(0) if ch.isdigit()]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(reversed(digits)))
    return "[card]" if total % 10 == 0 else match.group(0)


def _phone(match: re.Match[str]) -> str:
    """A run of 9–15 digits that is no date or time; a longer run ("044 … / 079 …") is read number by number."""
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    if digits > 15 and _LIST.search(text):
        return "".join(_PHONE.sub(_phone, part) if index % 2 == 0 else part
                       for index, part in enumerate(_LIST.split(text)))
    if digits < 9 or digits > 15 or _DATE_OR_TIME.match(text):
        return text
    return "[phone]"


def _spelt_hint(lower: str) -> bool:
    """Whether the line may hold an address spelt out: "(at)", "[at]", "{at}", or " at " with " dot "."""
    return ("at)" in lower or "at]" in lower or "at}" in lower or "at )" in lower or "at ]" in lower
            or (" at " in lower and (" dot " in lower or " punkt " in lower)))


def redact(text: str) -> str:
    """The text with emails (any spelling), IBANs, card numbers and phone numbers replaced by placeholders."""
    if "@" in text:
        text = _EMAIL.sub("[email]", text)
    if _spelt_hint(text.lower()):
        text = _SPELT_EMAIL.sub("[email]", text)
    if _TWO_DIGITS.search(text):
        text = _IBAN.sub(_iban, text)
        text = _CARD.sub(_card, text)
        text = _PHONE.sub(_phone, text)
    return text
