"""Time windows ("9 to 5", "14-18 Uhr", "2pm-6pm"), named windows and "same time" in English and German.

A window may end at midnight ("18:00-24:00", "6pm to midnight", "18 Uhr bis Mitternacht", "bis 0 Uhr"),
which is written `24:00`, or past it ("20:00 to 02:00", "from 10pm till 1am", "22-02 Uhr"): an end before
the start up to 06:00 is the next morning (the domain's `LATEST_NEXT_DAY_END`), written as that clock time.
An end alone ("until midnight", "bis Mitternacht", "till 1am") takes its start from the named window the
message names ("abends bis Mitternacht"), else from the venue's latest-ending named window (the evening).
Whether the venue is open that late is the engine's question, not this module's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.domain.windows import LATEST_NEXT_DAY_END
from venuedesk.understanding.calendar_words import WEEKDAY_FULL, WEEKDAY_PLURALS, WEEKDAYS, alternation
from venuedesk.understanding.model import Problem, TimeWindow
from venuedesk.understanding.text import Normalized

_MERIDIEM = r"(?:a\.?m\.?|p\.?m\.?)(?![^\W\d_])"
_MARK = rf"(?:{_MERIDIEM}|uhr\b|h\b|o'?clock\b)"
_MIDNIGHT = r"(?:midnight|mitternacht)(?![^\W\d_])"
_RANGE = re.compile(
    rf"(?:\b(?P<pre>from|von|between|zwischen|ab)\s+)?(?<![\d.:,/-])(?P<h1>\d{{1,2}})(?:[:.h](?P<m1>\d{{2}}))?"
    rf"\s*(?P<k1>{_MARK})?\s*(?P<sep>-|to|till|til|until|bis|and|und)\s*(?:(?:ca\.?|circa)\s+)?"
    rf"(?:(?P<h2>\d{{1,2}})(?:[:.h](?P<m2>\d{{2}}))?(?![\d:])(?:\s*(?P<k2>{_MARK}))?|(?P<mid>{_MIDNIGHT}))"
)
_UNTIL = re.compile(
    rf"\b(?:until|till|til|to|bis)\s+(?:(?:about|around|ca\.?|circa|etwa|um)\s+)?"
    rf"(?:(?P<mid>{_MIDNIGHT})|(?P<h>\d{{1,2}})(?:[:.](?P<m>\d{{2}}))?\s*"
    rf"(?P<k>a\.?m\.?(?![^\W\d_])|uhr\s+nachts\b|uhr\b|h\b)?)"
)
_NIGHT_END_MIN = LATEST_NEXT_DAY_END.hour * 60 + LATEST_NEXT_DAY_END.minute
_DAY = 24 * 60
_SAME_TIME = re.compile(
    r"\bsame\s+(?:time|times|hours|slot|window|timing)\b|\b(?:gleiche[nr]?|selbe[nr]?)\s+(?:zeit|zeiten|uhrzeit"
    r"|uhrzeiten|zeitfenster)\b|\bwie\s+gehabt\b|\bwie\s+(?:beim\s+)?letzte[ns]?\s+mal\b"
)
_NOT_GREETING = r"(?<!good )(?<!guten )(?<!schönen )"
# A window word right after a German weekday ("Samstagnachmittag", "Freitagabend") counts as a word of its own.
_AFTER_WEEKDAY = "|".join(f"(?<={day})" for day in WEEKDAYS if not day.endswith("day"))
# "Thursday night", "Friday-night", "Samstagnacht": the evening of that weekday (the weekday is the date pass's).
_WEEKDAY_NIGHT = re.compile(
    rf"(?<![\w])(?:{WEEKDAY_FULL}|{alternation(WEEKDAY_PLURALS)})[\s-]*(?:nights?|nacht|nächte)(?![^\W\d_])"
)
EVENING = "evening"  # the named window a weekday night means, when the venue names one
# A start alone ("from 6pm", "ab 18 Uhr", "starting at 19:00"): a clock mark or minutes, so "from 10 people" is none.
_START_ALONE = re.compile(
    r"\b(?:from|ab|starting\s+at|starts?\s+at|beginning\s+at|beginn(?:t|en|end)?\s+um|starten\s+um)\s+"
    rf"(?:(?:ca\.?|circa|about|around|etwa)\s+)?(?<![\d.:])(?P<h>\d{{1,2}})(?:(?:[:.](?P<m>\d{{2}}))(?:\s*(?P<k2>{_MARK}))?"
    rf"|\s*(?P<k>{_MARK}))"
)

# An end said after such a start ("… and finish at 17:00", "… und enden um 17 Uhr"): a clock mark or minutes.
_END_AFTER_START = re.compile(
    r"\b(?:finish(?:ing|es)?|end(?:ing|s)?|wrap(?:ping)?\s+up|close|until|till|to|bis|enden?|aufhören|schluss)"
    r"\s+(?:(?:at|um|gegen|by|ca\.?|circa|about|around|etwa)\s+)?"
    rf"(?<![\d.:])(?P<h>\d{{1,2}})(?:(?:[:.](?P<m>\d{{2}}))(?:\s*(?P<k2>{_MARK}))?|\s*(?P<k>{_MARK}))"
)


@dataclass
class TimeFindings:
    """The window, the problems and the text the time pass consumed."""

    window: TimeWindow | None = None
    same_time: bool = False
    end_assumed: bool = False  # only the start was given: the end is the venue's, to be confirmed
    problems: list[Problem] = field(default_factory=list)
    consumed: list[tuple[int, int]] = field(default_factory=list)


def _meridiem(mark: str | None) -> str | None:
    """ "am", "pm", "24" (Uhr/h) or None for a time marker."""
    if not mark:
        return None
    if mark[0] in "ap" and mark[1:2] in ("m", "."):
        return mark[0] + "m"
    return None if mark.startswith("o") else "24"


def _apply(hour: int, meridiem: str | None) -> int:
    """A 12-hour clock hour in 24-hour form."""
    if meridiem == "pm" and hour < 12:
        return hour + 12
    if meridiem == "am" and hour == 12:
        return 0
    return hour


def _hours(match: re.Match[str]) -> tuple[int, int]:
    """Start and end hours of a range on the 24-hour clock, reading 12-hour forms sensibly.

    Midnight is end hour 24; an end hour below the start is left as it is when it may be the next morning.
    """
    midnight = bool(match.group("mid"))
    h1, h2 = int(match.group("h1")), 24 if midnight else int(match.group("h2"))
    k1, k2 = _meridiem(match.group("k1")), "24" if midnight else _meridiem(match.group("k2"))
    if k1 in ("am", "pm") or k2 in ("am", "pm"):
        start = _apply(h1, k1) if k1 in ("am", "pm") else h1
        if k2 in ("am", "pm"):
            end = _apply(h2, k2)
        elif k1 == "pm" and h2 == 12:
            end = 24  # "10pm to 12": midnight, not noon
        elif k1 == "pm" and h2 < 12 and h2 + 12 <= start and h2 * 60 <= _NIGHT_END_MIN:
            return start, h2  # "10pm to 2": two in the morning
        else:
            end = h2 + 12 if k1 == "pm" and h2 < 12 else h2
        if k1 not in ("am", "pm") and k2 == "pm" and h1 < 12 and h1 + 12 < end:
            start = h1 + 12
        if end <= start and end < 12 and k2 not in ("am", "pm"):
            end += 12
        return start, end
    if midnight and k1 is None and not match.group("m1") and 0 < h1 < 12:
        return h1 + 12, 24  # "9 until midnight": nine in the evening
    literal = "24" in (k1, k2) or h1 > 12 or h2 > 12 or h1 == 0 or match.group("h1").startswith("0")
    if literal:
        return h1, h2
    start, end = h1, h2
    if start < 7:
        start += 12
    if end <= start and end + 12 > start:
        end += 12
    return start, end


def _is_bare(match: re.Match[str]) -> bool:
    """A range with no minutes, marker or "from": it may as well be a count ("20-25 people")."""
    return _unmarked(match) and not match.group("pre")


def _unmarked(match: re.Match[str]) -> bool:
    """A range with no minutes and no time marker: followed by a people word it is a count ("zwischen 20 und
    24 Personen", "von 20 bis 25 Gästen")."""
    return not (match.group("m1") or match.group("m2") or match.group("k1") or match.group("k2") or match.group("mid"))


def find_times(
    norm: Normalized,
    text: str,
    blocked_after: re.Pattern[str],
    named: tuple[tuple[re.Pattern[str], TimeWindow], ...],
) -> TimeFindings:
    """The first time window in the (masked) normalised text; `blocked_after` rejects bare counts."""
    found = TimeFindings(same_time=bool(_SAME_TIME.search(text)))
    for match in _RANGE.finditer(text):
        sep, pre = match.group("sep"), match.group("pre")
        if sep in ("and", "und") and pre not in ("between", "zwischen"):
            continue
        if _unmarked(match) and blocked_after.match(text, match.end()):
            continue
        start, end = _hours(match)
        m1, m2 = int(match.group("m1") or 0), int(match.group("m2") or 0)
        if start > 24 or end > 24 or m1 > 59 or m2 > 59 or (_is_bare(match) and int(match.group("h2")) > 24):
            continue
        found.consumed.append(match.span())
        window = _window(start * 60 + m1, end * 60 + m2)
        if window is None:
            found.problems.append(
                Problem(field="time", code="end_before_start", text=norm.source(*match.span()))
            )
        elif found.window is None:
            found.window = window
        break
    if found.window is None and not found.problems:
        _named_or_open_ended(found, text, named)
    return found


def _window(start_min: int, end_min: int) -> TimeWindow | None:
    """The window from two clock readings in minutes; None when it cannot be one.

    An end of 00:00 or 24:00 is midnight (`24:00`); an end not after the start up to 06:00 is the next
    morning; a start at 24:00, an end past 24:00 or any other end before the start is no window.
    """
    if start_min >= _DAY or end_min > _DAY:
        return None
    if end_min in (0, _DAY):
        end_text = "24:00"
    elif end_min > start_min or end_min <= _NIGHT_END_MIN:
        end_text = f"{end_min // 60:02d}:{end_min % 60:02d}"
    else:
        return None
    if end_text == "24:00" and start_min == 0:
        return None
    return TimeWindow(start=f"{start_min // 60:02d}:{start_min % 60:02d}", end=end_text)


def _named_or_open_ended(
    found: TimeFindings, text: str, named: tuple[tuple[re.Pattern[str], TimeWindow], ...]
) -> None:
    """A named window ("abends"), or an end alone ("until midnight") starting at the named window's start."""
    named_window: TimeWindow | None = None
    for pattern, window in named:
        match = pattern.search(text)
        if match:
            named_window = window
            found.consumed.append(match.span())
            break
    night = _WEEKDAY_NIGHT.search(text) if named_window is None else None
    evening = next((window for _, window in named if window.named == EVENING), None)
    if night is not None and evening is not None:
        named_window = evening
    until = _until(text)
    if until is None:
        found.window = named_window
        _start_alone(found, text, named_window, named)
        return
    span, end_text = until
    found.consumed.append(span)
    base = named_window or _latest_ending(named)
    if base is None:
        return
    found.window = TimeWindow(start=base.start, end=end_text, named=base.named)


def _start_alone(
    found: TimeFindings, text: str, named_window: TimeWindow | None,
    named: tuple[tuple[re.Pattern[str], TimeWindow], ...],
) -> None:
    """A start alone moves the start of the named window given ("abends ab 19 Uhr" → 19:00–23:00); with none given,
    the end is the earliest named-window end after the start, and the window is unsure (the client gave no end)."""
    match = _START_ALONE.search(text)
    if match is None:
        return
    mark = _meridiem(match.group("k") or match.group("k2"))
    hour, minute = _apply(int(match.group("h")), mark), int(match.group("m") or 0)
    if hour > 23 or minute > 59:
        return
    start = f"{hour:02d}:{minute:02d}"
    said_end = _end_after(text, match.end(), start)
    if said_end is not None:
        found.consumed.append((match.start(), said_end[0]))
        found.window = TimeWindow(start=start, end=said_end[1])
        return
    ends = sorted(window.end for _, window in named if window.end > start)
    kept = named_window if named_window is not None and named_window.end > start else None
    end = kept.end if kept is not None else (ends[0] if ends else None)
    if end is None:
        return
    found.consumed.append(match.span())
    found.window = TimeWindow(start=start, end=end, named=kept.named if kept is not None else None)
    found.end_assumed = kept is None


def _end_after(text: str, position: int, start: str) -> tuple[int, str] | None:
    """The end the client said within the sentence after a start ("start at 13:00 and finish at 17:00"): where its
    words end and `HH:MM`; None when no end later than the start follows."""
    sentence_end = min((i for i in (text.find(".", position), text.find("\n", position)) if i >= 0), default=len(text))
    match = _END_AFTER_START.search(text, position, sentence_end if sentence_end > position else len(text))
    if match is None:
        return None
    mark = _meridiem(match.group("k") or match.group("k2"))
    hour, minute = _apply(int(match.group("h")), mark), int(match.group("m") or 0)
    if hour > 24 or minute > 59:
        return None
    end = f"{hour:02d}:{minute:02d}"
    return (match.end(), end) if end > start else None


def _until(text: str) -> tuple[tuple[int, int], str] | None:
    """An end alone at or past midnight ("until midnight", "bis 1 Uhr nachts", "till 2am"): span, `HH:MM`."""
    for match in _UNTIL.finditer(text):
        if match.group("mid"):
            return match.span(), "24:00"
        hour, minute = int(match.group("h")), int(match.group("m") or 0)
        mark = (match.group("k") or "").replace(".", "")
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            continue
        if hour in (0, 24) and (mark.startswith(("uhr", "h")) or match.group("m")):
            return match.span(), "24:00" if minute == 0 else f"00:{minute:02d}"
        if mark == "am" and hour == 12:
            return match.span(), "24:00" if minute == 0 else f"00:{minute:02d}"
        night = mark == "am" or mark.startswith("uhr") and mark.endswith("nachts")
        if night and 0 < hour and hour * 60 + minute <= _NIGHT_END_MIN:
            return match.span(), f"{hour:02d}:{minute:02d}"
    return None


def _latest_ending(named: tuple[tuple[re.Pattern[str], TimeWindow], ...]) -> TimeWindow | None:
    """The named window that ends latest (the evening): the start an evening "until midnight" implies."""
    windows = [window for _, window in named]
    return max(windows, key=lambda window: window.end, default=None)


def named_window_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for a named window's words that ignores greetings ("good morning", "guten Abend"); a space or
    hyphen in a word matches either ("all day", "all-day"), and a word may close a German weekday compound."""
    alternatives = "|".join(
        re.escape(w.lower()).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]*") for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"{_NOT_GREETING}(?:(?<![\w])|{_AFTER_WEEKDAY})(?:{alternatives})(?![^\W\d_])")
