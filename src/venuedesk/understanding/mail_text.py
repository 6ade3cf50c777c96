"""Split a client mail into the client's new text, the quoted history and the signature (docs/understanding.md
"Preprocessing"): only the new text supplies facts; the rest stays visible to the manager."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailparser_reply.parser import EmailMessage

# The reply headers (Outlook "From:/Sent:", "Von:/Gesendet:", "On … wrote:", "Am … schrieb …:") come from
# mail-parser-reply; these separators it misses (Thunderbird, Gmail and Apple forwards, German Outlook).
_SEPARATOR = re.compile(
    r"^[>\s]*(?:-{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|originalnachricht|forwarded\s+message"
    r"|weitergeleitete\s+nachricht)\s*-{2,}|(?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten"
    r"\s+nachricht|weitergeleitete\s+nachricht)\s*:|_{10,})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_KEY = re.compile(r"^[>\s*]*(from|von|sent|gesendet|date|datum|to|an|subject|betreff|cc)\s*:\s*(.*)$",
                         re.IGNORECASE | re.MULTILINE)
_SENDER_KEYS = frozenset({"from", "von"})
_SENT_FROM = re.compile(
    r"^\s*(?:sent\s+from\s+my\s+\S.*|sent\s+from\s+(?:outlook|mail)\b.*|get\s+outlook\s+for\s+\S.*"
    r"|von\s+meinem\s+\S+(?:\s+\S+)?\s+gesendet\.?|gesendet\s+von\s+(?:meinem\s+)?\S.*)\s*$",
    re.IGNORECASE,
)
_DASHES = re.compile(r"^--\s*$")
_SIGN_OFF = re.compile(
    r"^(?:(?:best|kind|warm|warmest|many\s+thanks\s+and\s+(?:best|kind)|thanks\s+and(?:\s+(?:best|kind))?"
    r"|with\s+(?:best|kind)|all\s+the\s+best|yours)\s+(?:regards|wishes)|regards|best|cheers|sincerely"
    r"|yours(?:\s+(?:sincerely|truly|faithfully))?|all\s+the\s+best|many\s+thanks|thanks(?:\s+(?:a\s+lot|again"
    r"|so\s+much|in\s+advance))?|thank\s+you(?:\s+(?:very\s+much|in\s+advance))?"
    r"|(?:mit\s+)?(?:freundlichen|besten|herzlichen|lieben|sonnigen|vielen)\s+gr(?:ü|ue)(?:ß|ss)en"
    r"|(?:freundliche|liebe|beste|herzliche|viele|sonnige|schöne)\s+gr(?:ü|ue)(?:ß|ss)e|gr(?:ü|ue)(?:ß|ss)e"
    r"|gru(?:ß|ss)|lg|mfg|merci(?:\s+vielmal)?(?:\s+und\s+e\s+schöne[n]?\s+tag)?|vielen\s+dank|danke(?:\s+schön)?"
    r"|herzlichen\s+dank|en\s+liebe\s+gruess|liebs\s+grüessli)"
    r"[\s,.!]*(?:[A-ZÄÖÜ][\w.'-]*(?:\s+[A-ZÄÖÜ&][\w.'-]*){0,3})?\s*$",
    re.IGNORECASE,
)
# A thank-you often opens the request ("Thanks Anna / We are 30 people."): what follows it must look like a name.
_THANKS = re.compile(r"^(?:many\s+thanks|thanks|thank\s+you|merci|vielen\s+dank|danke|herzlichen\s+dank)\b",
                     re.IGNORECASE)
_LEGAL_FORMS = frozenset({"ltd", "inc", "co", "corp", "gmbh", "ag", "sa", "plc", "llc", "kg"})
_POSTSCRIPT = re.compile(r"^\s*p\.?\s?s\.?\s*[:.]?\s", re.IGNORECASE)
_MAX_SIGNATURE_LINES = 12
_MAX_SIGNATURE_LINE = 100
_MAX_SIGNATURE_WORDS = 8
_WORD = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(frozen=True)
class ReplyParts:
    """A mail in three parts: the client's new text (`body`), quoted or forwarded history, and the signature."""

    body: str
    quoted: str = ""
    signature: str = ""

    @property
    def stripped(self) -> str:
        """What understanding did not read (quoted history and signature), for the manager's view."""
        return "\n\n".join(part for part in (self.signature, self.quoted) if part)


def split_reply(text: str) -> ReplyParts:
    """The client's new text, the quoted history and the signature of one message.

    A message with nothing left after stripping (a bare forward, a mail that is only a signature) is all body:
    the client sent it as their request, so nothing is lost.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    normalized = "\n".join(lines)
    cut = _history_start(normalized)
    top, history = normalized[:cut], normalized[cut:].strip()
    own, inline_quotes = _without_quote_lines(top.split("\n"))
    body_lines, signature = _without_signature(own)
    body = "\n".join(body_lines).strip()
    if not body:
        return ReplyParts(body=text.strip())
    quoted = "\n".join(part for part in ("\n".join(inline_quotes).strip(), history) if part)
    return ReplyParts(body=body, quoted=quoted, signature=signature)


def _history_start(text: str) -> int:
    """Where the quoted or forwarded history begins (len(text): none)."""
    starts = [match.start() for match in _SEPARATOR.finditer(text)][:1]
    if "\n" in text:
        message = EmailMessage(text=text, languages=["de", "en"])
        for match in message.HEADER_REGEX.finditer(text):
            if _is_reply_header(match.group(0)):
                starts.append(match.start() + len(match.group(0)) - len(match.group(0).lstrip("\n")))
                break
    return min(starts, default=len(text))


def _is_reply_header(header: str) -> bool:
    """A "wrote" line, or a block of mail header fields with a sender that is not a time ("Von: 09:00")."""
    fields = [(key.lower(), value.strip()) for key, value in _HEADER_KEY.findall(header)]
    if not fields:
        return True
    keys = {key for key, _ in fields}
    senders = [value for key, value in fields if key in _SENDER_KEYS]
    return bool(senders) and len(keys) >= 2 and not any(value[:1].isdigit() for value in senders)


def _without_quote_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """Inline quoting: lines starting with ">" are the quoted question, the lines between are the client's."""
    own: list[str] = []
    quoted: list[str] = []
    for line in lines:
        (quoted if line.lstrip().startswith(">") else own).append(line)
    return own, quoted


def _without_signature(lines: list[str]) -> tuple[list[str], str]:
    """The body lines and the signature: a "Sent from my iPhone" line anywhere, and everything from a "-- " line
    or a closing line ("Best regards", "Freundliche Grüsse") to the end when what follows is short; a P.S. stays."""
    signature: list[str] = [line for line in lines if _SENT_FROM.match(line)]
    lines = [line for line in lines if not _SENT_FROM.match(line)]
    while lines and not lines[-1].strip():
        lines.pop()
    for index, line in enumerate(lines):
        if not (_DASHES.match(line) or _SIGN_OFF.match(line.strip())) or not any(lines[:index]):
            continue
        tail = lines[index:]
        postscript = next((i for i, rest in enumerate(tail) if _POSTSCRIPT.match(rest)), len(tail))
        block = tail[:postscript]
        plain = bool(_THANKS.match(line.strip()))
        if len(block) <= _MAX_SIGNATURE_LINES and all(_signature_line(rest, plain) for rest in block[1:]):
            return lines[:index] + tail[postscript:], "\n".join(block + signature).strip()
    return lines, "\n".join(signature).strip()


def _signature_line(line: str, after_thanks: bool) -> bool:
    """A name, title, company, address, phone or web line: short (numbers and separators aside), no question;
    after a mere "Thanks" also no sentence ("We are 30 people.", "Wir sind 30 Personen.")."""
    words = _WORD.findall(line)
    if after_thanks and (sum(word[0].islower() for word in words) > 1 or _sentence(line, words)):
        return False
    return len(line) <= _MAX_SIGNATURE_LINE and len(words) <= _MAX_SIGNATURE_WORDS and "?" not in line


def _sentence(line: str, words: list[str]) -> bool:
    """Three or more words ending in a full stop or an exclamation mark, not a company's legal form ("Ltd.")."""
    stripped = line.rstrip()
    return len(words) >= 3 and stripped[-1:] in ".!" and words[-1].lower() not in _LEGAL_FORMS


_HEAD_COUNT_QUESTION = re.compile(
    r"\b(?:how\s+many\s+(?:guests|people|persons|participants|attendees)|how\s+many\s+of\s+you"
    r"|wie\s+viele\s+(?:personen|gäste|teilnehm\w*|leute|pers\.)|für\s+wie\s+viele)\b",
    re.IGNORECASE,
)


def asks_head_count(quoted: str) -> bool:
    """The quoted history asks how many guests there will be (the client may answer it with a bare number)."""
    return bool(quoted) and _HEAD_COUNT_QUESTION.search(quoted) is not None
