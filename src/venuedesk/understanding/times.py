"""Time windows ("9 to 5", "14-18 Uhr", "2pm-6pm"), named windows and "same time" in English and German."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from venuedesk.understanding.model import Problem, TimeWindow
from venuedesk.understanding.text import Normalized

_MERIDIEM = r"(?:a\.?m\.?|p\.?m\.?)(?![^\W\d_])"
_MARK = rf"(?:{_MERIDIEM}|uhr\b|h\b|o'?clock\b)"
_RANGE = re.compile(
    rf"(?:\b(?P<pre>from|von|between|zwischen|ab)\s+)?(?<![\d.:,/-])(?P<h1>\d{{1,2}})(?:[:.h](?P<m1>\d{{2}}))?"
    rf"\s*(?P<k1>{_MARK})?\s*(?P<sep>-|to|till|until|bis|and|und)\s*(?:(?:ca\.?|circa)\s+)?"
    rf"(?P<h2>\d{{1,2}})(?:[:.h](?P<m2>\d{{2}}))?(?![\d:])(?:\s*(?P<k2>{_MARK}))?"
)
_SAME_TIME = re.compile(
    r"\bsame\s+(?:time|times|hours|slot|window|timing)\b|\b(?:gleiche[nr]?|selbe[nr]?)\s+(?:zeit|zeiten|uhrzeit"
    r"|uhrzeiten|zeitfenster)\b|\bwie\s+gehabt\b|\bwie\s+(?:beim\s+)?letzte[ns]?\s+mal\b"
)
_NOT_GREETING = r"(?<!good )(?<!guten )(?<!schönen )"


@dataclass
class TimeFindings:
    """The window, the problems and the text the time pass consumed."""

    window: TimeWindow | None = None
    same_time: bool = False
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
    """Start and end hours of a range on the 24-hour clock, reading 12-hour forms sensibly."""
    h1, h2 = int(match.group("h1")), int(match.group("h2"))
    k1, k2 = _meridiem(match.group("k1")), _meridiem(match.group("k2"))
    if k1 in ("am", "pm") or k2 in ("am", "pm"):
        start = _apply(h1, k1) if k1 in ("am", "pm") else h1
        if k2 in ("am", "pm"):
            end = _apply(h2, k2)
        else:
            end = h2 + 12 if k1 == "pm" and h2 < 12 else h2
        if k1 not in ("am", "pm") and k2 == "pm" and h1 < 12 and h1 + 12 < end:
            start = h1 + 12
        if end <= start and end < 12 and k2 not in ("am", "pm"):
            end += 12
        return start, end
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
    return not (
        match.group("m1") or match.group("m2") or match.group("k1") or match.group("k2") or match.group("pre")
    )


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
        if _is_bare(match) and blocked_after.match(text, match.end()):
            continue
        start, end = _hours(match)
        m1, m2 = int(match.group("m1") or 0), int(match.group("m2") or 0)
        if start > 24 or end > 24 or m1 > 59 or m2 > 59 or (_is_bare(match) and int(match.group("h2")) > 24):
            continue
        found.consumed.append(match.span())
        if (end, m2) <= (start, m1) or start == 24 or (end == 24 and m2):
            found.problems.append(
                Problem(field="time", code="end_before_start", text=norm.source(*match.span()))
            )
        elif found.window is None:
            found.window = TimeWindow(start=f"{start:02d}:{m1:02d}", end=f"{end:02d}:{m2:02d}")
        break
    if found.window is None and not found.problems:
        for pattern, window in named:
            named_match = pattern.search(text)
            if named_match:
                found.window = window
                found.consumed.append(named_match.span())
                break
    return found


def named_window_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for a named window's words that ignores greetings ("good morning", "guten Abend")."""
    alternatives = "|".join(
        re.escape(w.lower()).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"{_NOT_GREETING}(?<![\w])(?:{alternatives})(?![^\W\d_])")
