"""Billing address capture (EN/DE): company, name, street, postal code, city, country (docs/design.md §4.13).

A careful rule set, not a statistical parser (libpostal and deep parsers are far too heavy for a chat
desk, and the light address libraries on PyPI know only US/UK/CA formats). An address is read from a
block introduced by a marker ("Rechnung an:", "billing address:") or anchored on a line or comma segment
that is exactly a postal code and a city ("3011 Bern", "CH-8001 Zürich", "80331 München") with a street
before it. Segments are classified one by one; a segment naming a room or a product is never an address
part. The spans used are returned so the other passes do not read the address as counts or products.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.billing_words import (
    COMPANY,
    LABEL,
    MARKER,
    NOT_STREET,
    STREET,
    country_code,
)
from venuedesk.understanding.model import BillingAddress

_POSTAL_CITY = re.compile(
    r"^(?:(?P<cc>CH|D|DE|A|AT|FL|LI)\s*-\s*)?(?P<plz>\d{4,5})\s+(?P<city>[A-ZÄÖÜ][\w.'’\-]*(?:\s+(?:[A-ZÄÖÜ][\w.'’\-]*"
    r"|am|an|bei|im|in|der|ob|\d{1,2}))*)$"
)
_INLINE_POSTAL = re.compile(r"(?<=[\w.])\s+(?=(?:(?:CH|D|DE|A|AT|FL|LI)\s*-\s*)?\d{4,5}\s+[A-ZÄÖÜ])")
_NAME = re.compile(
    r"^(?:(?i:herrn|herr|frau|mr\.?|mrs\.?|ms\.?|dr\.?|prof\.?|z\.\s?h(?:d|än)\.?|zhd\.?|attn\.?:?|"
    r"attention(?:\s+of)?:?|to\s+the\s+attention\s+of|c/o)\s+)*"
    r"(?P<n>[A-ZÄÖÜ][\w'’\-]*\.?(?:\s+(?:von|van|de|der|den|zu|di|da|le|la|del|[A-ZÄÖÜ][\w'’\-]*\.?)){1,3})$"
)
_SEGMENT_SPLIT = re.compile(r"\s*[,;]\s*|\s*\n\s*|\s+[-–|]\s+")
_NOT_AN_END = r"(?<!\bStr)(?<!\bstr)(?<!\bDr)(?<!\bNr)(?<!\bSt)(?<!\bHd)(?<!\battn)(?<!\bAttn)(?<!\bCo)(?<!\bProf)(?<!\b[A-Za-z])"
_SENTENCE_END = re.compile(rf"{_NOT_AN_END}\.(?=\s+|$)|[!?]")
# Inside a segment, what comes before a sentence end or a colon is prose, not part of the address.
_LEAD_IN = re.compile(rf"^.*(?:{_NOT_AN_END}\.\s+(?=[A-ZÄÖÜ])|[!?]\s+|:\s*)")
_LOOK_BACK = 240  # characters before a postal code that may still belong to its address
_MAX_ANCHORS = 5  # markers, and postal-code segments, tried in one message (a long list is not an address)
_QUOTED = re.compile(r"^\s*>.*$", re.MULTILINE)
_ASIDE = re.compile(r"\([^()\n]*\)")  # "(no street yet, will send later)"


Excluded = tuple[re.Pattern[str] | None, ...]  # room and product patterns (on lower-cased text)


@dataclass
class _Segment:
    text: str
    start: int
    end: int


@dataclass
class BillingFindings:
    """The address parts found and the spans of the original text they came from."""

    address: BillingAddress | None = None
    consumed: list[tuple[int, int]] = field(default_factory=list)


def find_billing(text: str, excluded: Excluded = ()) -> BillingFindings:
    """The billing address in a message (original text); `excluded` match room and product names."""
    text = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    text = _ASIDE.sub(lambda m: " " * len(m.group(0)), text)
    for _, marker in zip(range(_MAX_ANCHORS), MARKER.finditer(text), strict=False):
        found = _read_block(text, marker.end(), excluded, marked=True)
        if found.address is not None:
            return found
    anchors = [segment for segment in _segments(text, 0, len(text)) if _POSTAL_CITY.match(segment.text)]
    for segment in anchors[:_MAX_ANCHORS]:
        found = _read_around(text, segment, excluded)
        if found.address is not None:
            return found
    return BillingFindings()


def _segments(text: str, start: int, end: int) -> list[_Segment]:
    """Comma, semicolon and line segments of text[start:end], with a glued postal code split off."""
    pieces: list[_Segment] = []
    cursor = start
    for match in [*_SEGMENT_SPLIT.finditer(text, start, end), None]:
        stop = match.start() if match else end
        raw = text[cursor:stop]
        for part_start, part_end in _split_glued(raw):
            piece = raw[part_start:part_end]
            stripped = _without_lead_in(piece.strip(" \t.:"))
            if stripped:
                offset = cursor + part_start + piece.find(stripped)
                pieces.append(_Segment(stripped, offset, offset + len(stripped)))
        if match is None:
            break
        cursor = match.end()
    return pieces


def _without_lead_in(piece: str) -> str:
    """"We are now 35 people. For the invoice: Tandem Studio GmbH" -> "Tandem Studio GmbH" (labels stay)."""
    if LABEL.match(piece):
        return piece
    lead = _LEAD_IN.match(piece)
    return piece[lead.end() :].strip() if lead else piece


def _split_glued(raw: str) -> list[tuple[int, int]]:
    """"Dorfstrasse 7 3011 Bern" as the street and the postal code with city."""
    glued = _INLINE_POSTAL.search(raw)
    if glued and STREET.match(raw[: glued.start()].strip()):
        return [(0, glued.start()), (glued.end(), len(raw))]
    return [(0, len(raw))]


def _block_end(text: str, start: int, marked: bool) -> int:
    """Where a marked block ends: a blank line, or the end of the sentence when it runs inline."""
    blank = text.find("\n\n", start)
    end = len(text) if blank < 0 else blank
    if marked:
        first_line_end = text.find("\n", start)
        inline = text[start : first_line_end if first_line_end >= 0 else end].strip(" :\t")
        if inline:
            stop = _SENTENCE_END.search(text, start, end)
            if stop and "\n" not in text[start : stop.start()]:
                return stop.start()
    return end


def _read_block(text: str, start: int, excluded: Excluded, *, marked: bool) -> BillingFindings:
    """Classify the segments after a marker until one is not an address part."""
    segments = _segments(text, start, _block_end(text, start, marked))
    parts: list[tuple[str, _Segment]] = []
    for segment in segments:
        kind = _classify(segment.text, excluded, len(parts))
        if kind is None:
            if parts:
                break
            continue
        parts.append((kind, segment))
    return _assemble(parts)


def _read_around(text: str, anchor: _Segment, excluded: Excluded) -> BillingFindings:
    """An unmarked address: the segments before a postal-code-and-city segment (and a country after it)."""
    window = max(0, anchor.start - _LOOK_BACK)
    paragraph_start = text.rfind("\n\n", window, anchor.start)
    before = _segments(text, paragraph_start + 1 if paragraph_start >= 0 else window, anchor.start)
    parts: list[tuple[str, _Segment]] = []
    for segment in reversed(before[-3:]):
        kind = _classify(segment.text, excluded, 1)
        if kind is None or kind in ("postal_city", "country") or (kind == "company" and any(
                k == "company" for k, _ in parts)):
            break
        parts.insert(0, (kind, segment))
    if not any(kind == "street" for kind, _ in parts):
        return BillingFindings()
    parts.append(("postal_city", anchor))
    after = _segments(text, anchor.end, min(len(text), anchor.end + 40))
    if after and country_code(after[0].text):
        parts.append(("country", after[0]))
    return _assemble(_relabel(parts))


def _relabel(parts: list[tuple[str, _Segment]]) -> list[tuple[str, _Segment]]:
    """Two name-like segments before the street: the first is the company (unless one is a company)."""
    names = [i for i, (kind, _) in enumerate(parts) if kind == "name"]
    if len(names) == 2 and not any(kind == "company" for kind, _ in parts):
        first = names[0]
        parts[first] = ("company", parts[first][1])
    return parts


def _classify(segment: str, excluded: Excluded, position: int) -> str | None:
    """What one segment is: label-led part, country, postal code and city, street, company or name."""
    labelled = LABEL.match(segment)
    if labelled:
        kind = next(k for k, v in labelled.groupdict().items() if v)
        rest = segment[labelled.end() :].strip()
        if kind == "address":
            return "street" if STREET.match(rest) else ("postal_city" if _POSTAL_CITY.match(rest) else None)
        return f"label_{kind}" if rest else None
    if country_code(segment):
        return "country"
    if _POSTAL_CITY.match(segment):
        return "postal_city"
    lowered = segment.lower()
    if any(p is not None and p.search(lowered) for p in excluded) and not COMPANY.search(segment):
        return None
    if STREET.match(segment) and not NOT_STREET.match(segment):
        return "street"
    if COMPANY.search(segment):
        return "company"
    if _NAME.match(segment) and len(segment) <= 60:
        return "name"
    if position == 0 and re.fullmatch(r"[A-ZÄÖÜ][\w'’&.\-]+", segment) and not NOT_STREET.match(segment):
        return "company"
    return None


def _assemble(parts: list[tuple[str, _Segment]]) -> BillingFindings:
    """Build the address from classified segments; the first value of each part wins."""
    if not parts:
        return BillingFindings()
    values: dict[str, str] = {}
    for kind, segment in parts:
        text = segment.text
        if kind.startswith("label_"):
            kind = kind[len("label_") :]
            text = LABEL.sub("", text, count=1).strip()
        if kind == "postal_city":
            match = _POSTAL_CITY.match(text) or _POSTAL_CITY.match(LABEL.sub("", text, count=1).strip())
            if match is None:
                continue
            values.setdefault("postal_code", match.group("plz"))
            values.setdefault("city", match.group("city").strip(" .,"))
            prefix = match.group("cc")
            if prefix:
                values.setdefault("country", country_code(prefix) or "CH")
            continue
        if kind == "street" and LABEL.match(text):
            text = LABEL.sub("", text, count=1).strip()
        if kind == "country":
            values.setdefault("country", country_code(text) or text)
            continue
        if kind == "name":
            match = _NAME.match(text)
            text = match.group("n") if match else text
        values.setdefault(kind, text.strip(" .,"))
    if not values or set(values) <= {"country"}:
        return BillingFindings()
    if "postal_code" in values and "country" not in values:
        values["country"] = "DE" if len(values["postal_code"]) == 5 else "CH"
    address = BillingAddress(**{k: v for k, v in values.items() if k in BillingAddress.model_fields})
    spans = [(segment.start, segment.end) for _, segment in parts]
    return BillingFindings(address=address, consumed=spans)
