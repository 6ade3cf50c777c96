"""The catalogue file formats (venue.yaml, rooms.yaml, products.yaml) as strict pydantic models.

Field validators raise `ValueError` with a sentence meant for the venue operator who edits the files;
checks that span several entries (duplicate ids, rooms named by products) live in `cross_check`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from venuedesk.domain.autonomy import MessageKind, Mode
from venuedesk.domain.catalogue import LAYOUTS, PRODUCT_UNITS

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_MMDD = re.compile(r"^(\d{1,2})-(\d{1,2})$")


def _to_decimal(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f'expected an amount such as "750.00", got {value!r}')
    if isinstance(value, (int, float, str)):
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f'expected an amount such as "750.00", got {value!r}') from None
    return value


def _not_negative(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError(f'expected an amount such as "750.00", got {value}')
    if value < 0:
        raise ValueError(f"price must not be negative, got {value}")
    return value


def _hhmm(value: str) -> str:
    match = _HHMM.match(value.strip())
    if not match:
        raise ValueError(f'bad time {value!r}; write HH:MM between 00:00 and 23:59, e.g. "09:00"')
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _mmdd(value: str) -> str:
    match = _MMDD.match(value.strip())
    if not match:
        raise ValueError(f'bad day {value!r}; write MM-DD, e.g. "12-24"')
    month, day = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} in {value!r} is outside 1..12")
    try:
        date(2024, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        raise ValueError(f"day {day} does not exist in month {month} ({value!r})") from None
    return f"{month:02d}-{day:02d}"


def _layout(value: str) -> str:
    if value not in LAYOUTS:
        raise ValueError(f"unknown layout {value!r}; use one of {', '.join(LAYOUTS)}")
    return value


def _unit(value: str) -> str:
    if value not in PRODUCT_UNITS:
        raise ValueError(f"unknown unit {value!r}; use one of {', '.join(PRODUCT_UNITS)}")
    return value


def _month(value: int) -> int:
    if not 1 <= value <= 12:
        raise ValueError(f"month {value} is outside 1..12")
    return value


Money = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_not_negative)]
HHMM = Annotated[str, AfterValidator(_hhmm)]


def _closing(value: str) -> str:
    return "24:00" if value.strip() in ("24:00", "24:0") else _hhmm(value)


ClosingHHMM = Annotated[str, AfterValidator(_closing)]
"""A closing time: `HH:MM`, `24:00` (midnight), or an early-morning time of the next day (e.g. `02:00`)."""
LATEST_CLOSING_NEXT_DAY = "06:00"
MonthDay = Annotated[str, AfterValidator(_mmdd)]
Layout = Annotated[str, AfterValidator(_layout)]
Unit = Annotated[str, AfterValidator(_unit)]
Month = Annotated[int, AfterValidator(_month)]
Text = Annotated[str, Field(min_length=1)]
Count = Annotated[int, Field(ge=0)]


def _has_english(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError(f"give the English text under `en` (the fallback for every language), got {sorted(value)}")
    return value


def _by_language(data: Any, field: str) -> Any:
    """Fold the older `<field>_en` / `<field>_de` keys of a raw entry into `<field>: {en, de}`."""
    legacy = [f"{field}_{lang}" for lang in ("en", "de")]
    if isinstance(data, dict) and field not in data and any(key in data for key in legacy):
        data = dict(data)
        data[field] = {key.rsplit("_", 1)[1]: data.pop(key) for key in legacy if key in data}
    return data


# A text keyed by language, e.g. `{en: Projector & screen, de: Beamer & Leinwand}`; `en` is required.
ByLanguage = Annotated[dict[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], Text], AfterValidator(_has_english)]


def _end_after_start(end: str, info: ValidationInfo) -> str:
    start = info.data.get("start")
    if start is not None and end <= start:
        raise ValueError(f"end {end} must be after start {start}")
    return end


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class WindowSpec(_Strict):
    """A named time window, e.g. `all_day` 09:00-17:00, with the words that mean it."""

    name: Text
    start: HHMM
    end: HHMM
    words: list[Text] = Field(default_factory=list)

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: str, info: ValidationInfo) -> str:
        return _end_after_start(end, info)


class DefaultWindowSpec(_Strict):
    """The window offered when the client gives none (14:00-18:00 in the demo venue)."""

    start: HHMM
    end: HHMM

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: str, info: ValidationInfo) -> str:
        return _end_after_start(end, info)


class SiteVisitSpec(_Strict):
    """When site visits are offered: start times, weekdays (0 = Monday), days ahead, length in minutes."""

    times: list[HHMM] | None = Field(default=None, min_length=1)
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] | None = Field(default=None, min_length=1)
    min_days_ahead: Count | None = None
    duration_minutes: Annotated[int, Field(ge=15, le=480)] | None = None


class PoliciesSpec(_Strict):
    """Venue rules; anything left out keeps the default of `venuedesk.domain.catalogue.Policies`."""

    timezone: Text | None = None
    currency: Text | None = None
    open_from: HHMM | None = None
    open_until: ClosingHHMM | None = None
    lead_days: Count | None = None
    horizon_months: Annotated[int, Field(ge=1)] | None = None
    option_days: Annotated[int, Field(ge=1)] | None = None
    vat_percent: Money | None = None
    deposit_percent: Annotated[Money, Field(le=100)] | None = None
    deposit_threshold: Money | None = None
    deposit_due_days_before: Count | None = None
    holiday_country: Text | None = None
    holiday_subdivision: Text | None = None
    blackouts: list[MonthDay] | None = None
    default_window: DefaultWindowSpec | None = None
    half_day_max_hours: Annotated[int, Field(ge=1)] | None = None
    full_day_max_hours: Annotated[int, Field(ge=1)] | None = None
    max_counters: Count | None = None
    hil_reminder_hours: Annotated[int, Field(ge=1)] | None = None
    windows: list[WindowSpec] | None = None
    cancellation_terms: ByLanguage | None = None
    site_visits: SiteVisitSpec | None = None
    autonomy: dict[MessageKind, Mode] | None = None

    @model_validator(mode="before")
    @classmethod
    def _legacy_terms(cls, data: Any) -> Any:
        """Accept the older `cancellation_terms_en` / `_de` fields as `cancellation_terms: {en, de}`."""
        return _by_language(data, "cancellation_terms")

    @field_validator("open_until")
    @classmethod
    def _closes_after_opening(cls, value: str | None, info: ValidationInfo) -> str | None:
        opens = info.data.get("open_from") or "08:00"
        past_midnight = value is not None and (value == "24:00" or value <= LATEST_CLOSING_NEXT_DAY)
        if value is not None and value <= opens and not past_midnight:
            raise ValueError(
                f"closing time {value} must be after opening time {opens}, or 24:00, or a time of the next"
                f" morning up to {LATEST_CLOSING_NEXT_DAY} for a venue open past midnight"
            )
        return value

    @field_validator("full_day_max_hours")
    @classmethod
    def _full_day_longer(cls, value: int | None, info: ValidationInfo) -> int | None:
        half = info.data.get("half_day_max_hours") or 4
        if value is not None and value <= half:
            raise ValueError(f"full_day_max_hours {value} must be more than half_day_max_hours {half}")
        return value


class KnowledgeSpec(_Strict):
    topic: Text
    keywords: list[Text] = Field(min_length=1)
    answer: ByLanguage

    @model_validator(mode="before")
    @classmethod
    def _legacy_answer(cls, data: Any) -> Any:
        """Accept the older `answer_en` / `answer_de` fields as `answer: {en, de}`."""
        return _by_language(data, "answer")


class EventTypeSpec(_Strict):
    """An occasion: its words (any language), the layout it implies and the meal it implies (docs/venue.md)."""

    id: Text
    name: ByLanguage
    words: list[Text] = Field(min_length=1)
    layout: Layout | None = None
    meal: Text | None = None


class VenueFile(_Strict):
    """venue.yaml: the venue, its policies, its knowledge base and the occasions it recognises."""

    name: Text
    city: Text
    address: list[Text] = Field(default_factory=list, max_length=6)
    """The venue's postal address, one line each, as offer documents print it (the city alone when empty)."""
    languages: list[Text] = Field(min_length=1)
    policies: PoliciesSpec = Field(default_factory=PoliciesSpec)
    knowledge: list[KnowledgeSpec] = Field(default_factory=list)
    event_types: list[EventTypeSpec] = Field(default_factory=list)

    @field_validator("event_types")
    @classmethod
    def _unique_event_types(cls, value: list[EventTypeSpec]) -> list[EventTypeSpec]:
        ids = [item.id for item in value]
        doubled = sorted({ident for ident in ids if ids.count(ident) > 1})
        if doubled:
            raise ValueError(f"duplicate event type id {', '.join(map(repr, doubled))}")
        return value


class CalendarSpec(_Strict):
    """One external calendar of a room: `kind: caldav` (read, and written back with `push: true`) or `kind: ics`
    (a read-only feed). Give `url`, or `url_env` naming the environment variable that holds a secret URL."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
    kind: Literal["caldav", "ics"]
    url: str = ""
    url_env: Annotated[str, Field(pattern=r"^([A-Z][A-Z0-9_]*)?$")] = ""
    username_env: Annotated[str, Field(pattern=r"^([A-Z][A-Z0-9_]*)?$")] = ""
    password_env: Annotated[str, Field(pattern=r"^([A-Z][A-Z0-9_]*)?$")] = ""
    push: bool = False

    @model_validator(mode="after")
    def _one_address(self) -> CalendarSpec:
        if bool(self.url) == bool(self.url_env):
            raise ValueError(f"calendar {self.id!r}: give exactly one of url and url_env")
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ValueError(f"calendar {self.id!r}: url must start with http:// or https://, got {self.url[:40]!r}")
        if self.push and self.kind != "caldav":
            raise ValueError(f"calendar {self.id!r}: push needs kind caldav; an ICS feed is read-only")
        return self


class RoomSpec(_Strict):
    id: Text
    name: Text | ByLanguage
    capacity: dict[Layout, Annotated[int, Field(ge=1)]] = Field(min_length=1)
    min_guests: Annotated[int, Field(ge=1)]
    area_m2: Count
    half_day: Money
    full_day: Money
    extra_hour: Money
    buffer_before_min: Count
    buffer_after_min: Count
    features: list[Text | ByLanguage] = Field(default_factory=list)
    synonyms: list[Text] = Field(default_factory=list)
    calendars: list[CalendarSpec] = Field(default_factory=list)

    @field_validator("calendars")
    @classmethod
    def _one_push_calendar(cls, value: list[CalendarSpec]) -> list[CalendarSpec]:
        if sum(spec.push for spec in value) > 1:
            raise ValueError("at most one calendar of a room may have push: true")
        return value

    @field_validator("min_guests")
    @classmethod
    def _min_guests_fit(cls, value: int, info: ValidationInfo) -> int:
        capacity = info.data.get("capacity")
        if capacity and value > max(capacity.values()):
            raise ValueError(
                f"min_guests {value} is more than the room's largest capacity {max(capacity.values())}"
            )
        return value


class RoomsFile(_Strict):
    """rooms.yaml."""

    rooms: list[RoomSpec] = Field(min_length=1)


class ProductSpec(_Strict):
    id: Text
    name: ByLanguage
    category: Text
    unit: Unit
    price: Money
    not_in: list[Text] = Field(default_factory=list)
    only_in: list[Text] = Field(default_factory=list)
    season: list[Month] = Field(default_factory=list)
    synonyms: list[Text] = Field(default_factory=list)
    meal: Text | None = None  # the meal this product is an option of ("lunch"), matched by `event_types[].meal`

    @model_validator(mode="before")
    @classmethod
    def _legacy_names(cls, data: Any) -> Any:
        """Accept the older `name_en` / `name_de` fields as `name: {en, de}`."""
        return _by_language(data, "name")


class ProductsFile(_Strict):
    """products.yaml."""

    products: list[ProductSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one catalogue file: where (a loc path) and what."""

    file: str
    loc: tuple[str | int, ...]
    message: str


def cross_check(rooms: RoomsFile, products: ProductsFile) -> Iterator[Problem]:
    """Checks across entries: unique room and product ids, and rooms named by `not_in` / `only_in`."""
    seen_rooms: set[str] = set()
    for index, room in enumerate(rooms.rooms):
        if room.id in seen_rooms:
            yield Problem("rooms.yaml", ("rooms", index, "id"), f"duplicate room id {room.id!r}")
        seen_rooms.add(room.id)
    seen_calendars: set[str] = set()
    for index, room in enumerate(rooms.rooms):
        for position, spec in enumerate(room.calendars):
            if spec.id in seen_calendars:
                yield Problem("rooms.yaml", ("rooms", index, "calendars", position, "id"),
                              f"duplicate calendar id {spec.id!r}; every calendar of the venue needs its own id")
            seen_calendars.add(spec.id)
    seen_products: set[str] = set()
    for index, product in enumerate(products.products):
        if product.id in seen_products:
            yield Problem("products.yaml", ("products", index, "id"), f"duplicate product id {product.id!r}")
        seen_products.add(product.id)
        for field_name in ("not_in", "only_in"):
            for position, room_id in enumerate(getattr(product, field_name)):
                if room_id not in seen_rooms:
                    yield Problem(
                        "products.yaml",
                        ("products", index, field_name, position),
                        f"unknown room {room_id!r}; rooms are {', '.join(sorted(seen_rooms))}",
                    )
