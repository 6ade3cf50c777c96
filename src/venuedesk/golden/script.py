"""The golden-transcript file format (docs/design.md §5), validated so a malformed script names its fault."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class ScriptError(ValueError):
    """The script file is malformed; the message names the file and the field."""


class GivenBooking(BaseModel):
    model_config = ConfigDict(extra="forbid")

    room_id: str
    date: date
    start: str
    end: str
    status: Literal["Confirmed", "Option"] = "Confirmed"
    placed_at: datetime | None = None  # an Option lapses 7 × 24 h after it (default: the script's clock)

    @field_validator("placed_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        """A placement needs its time zone, like the clock: `2026-01-30T15:00:00+01:00`."""
        if value is not None and value.tzinfo is None:
            raise ValueError(f"placed_at {value.isoformat()} has no time zone; write e.g. 2026-01-30T15:00:00+01:00")
        return value


CALENDAR_LINE = re.compile(
    r"^(?P<room>[\w-]+) (?:(?P<down>down)|busy (?P<date>\d{4}-\d{2}-\d{2}) "
    r"(?:(?P<all_day>all-day)|(?P<start>\d{2}:\d{2})-(?P<end>\d{2}:\d{2})))$"
)


@dataclass(frozen=True)
class CalendarLine:
    """One `calendar:` line: a room's calendar is busy on a day (a window, or all day), or the calendar is down."""

    room_id: str
    down: bool = False
    date: date | None = None
    start: str | None = None  # HH:MM; an end before the start is the next morning
    end: str | None = None
    all_day: bool = False


def parse_calendar_line(text: str) -> CalendarLine:
    """`room-a busy 2027-03-16 09:00-17:00`, `room-b busy 2027-03-20 all-day` or `room-c down`."""
    match = CALENDAR_LINE.match(text.strip())
    if match is None:
        raise ValueError(f"calendar line {text!r}: write `ROOM busy YYYY-MM-DD HH:MM-HH:MM`, "
                         "`ROOM busy YYYY-MM-DD all-day` or `ROOM down`")
    if match["down"]:
        return CalendarLine(match["room"], down=True)
    day = date.fromisoformat(match["date"])
    if match["all_day"]:
        return CalendarLine(match["room"], date=day, all_day=True)
    return CalendarLine(match["room"], date=day, start=match["start"], end=match["end"])


class PaymentTurn(BaseModel):
    """A payment notification posted to the webhook, correctly signed; offer and currency default to the current
    offer and the venue's currency."""

    model_config = ConfigDict(extra="forbid")

    amount: float
    reference: str
    offer_id: str | None = None
    currency: str | None = None


class ScriptTurn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    client: str | None = None
    action: str | None = None
    args: dict[str, Any] = Field(default_factory=dict)
    manager: Literal["approve", "reject", "edit", "deposit_paid"] | None = None
    amount: float | None = None  # with `manager: deposit_paid`
    payment: PaymentTurn | None = None
    jobs: Literal["run"] | None = None
    note: str | None = None
    text: str | None = None
    discount_percent: Decimal | None = None  # manager: approve on a counter task
    discount_amount: Decimal | None = None
    again: bool = False
    sender: str | None = Field(default=None, alias="from")
    id: str | None = None
    at: str | None = None
    expect: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_kind(self) -> ScriptTurn:
        kinds = [k for k in (self.client, self.action, self.manager, self.jobs, self.payment) if k is not None]
        if len(kinds) != 1:
            raise ValueError("each turn needs exactly one of client, action, manager, jobs, payment")
        if self.manager == "deposit_paid" and self.amount is None:
            raise ValueError("manager: deposit_paid needs amount:")
        return self

    @property
    def label(self) -> str:
        if self.client is not None:
            return f"client: {self.client[:60]!r}"
        if self.action is not None:
            return f"action: {self.action} {self.args}"
        if self.jobs is not None:
            return f"jobs: {self.jobs}"
        if self.payment is not None:
            return f"payment: {self.payment.reference} {self.payment.amount}"
        return f"manager: {self.manager}{' (again)' if self.again else ''}"


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid")

    clock: str = "2026-02-02T09:00:00+01:00"
    name: str | None = None
    given: list[GivenBooking] = Field(default_factory=list)
    autonomy: dict[str, str] = Field(default_factory=dict)
    calendar: list[str] = Field(default_factory=list)
    turns: list[ScriptTurn] = Field(min_length=1)

    @field_validator("calendar")
    @classmethod
    def _calendar_lines(cls, lines: list[str]) -> list[str]:
        """Every `calendar:` line must parse (the message shows the three forms)."""
        for line in lines:
            parse_calendar_line(line)
        return lines

    def calendar_lines(self) -> list[CalendarLine]:
        """The parsed `calendar:` lines, in order."""
        return [parse_calendar_line(line) for line in self.calendar]


def load_script(path: Path) -> Script:
    """Read and validate a script file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ScriptError(f"{path}: cannot read the script: {exc}") from exc
    try:
        return Script.model_validate(raw)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ScriptError(f"{path}: {details}") from exc
