"""The venue catalogue as immutable values: rooms, products, policies and knowledge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal
from typing import Literal

from venuedesk.domain.autonomy import DEFAULT_AUTONOMY

STANDING = "standing"  # the one layout without seats: never used to place a meal at tables

LAYOUTS: tuple[str, ...] = ("theatre", "classroom", "u_shape", "boardroom", "banquet", "workshop", "standing")
PRODUCT_UNITS: tuple[str, ...] = ("per_person", "per_event", "per_unit", "per_bottle", "per_hour")


CalendarKind = Literal["caldav", "ics"]


@dataclass(frozen=True)
class CalendarSource:
    """An external calendar that blocks a room: a CalDAV calendar (read; written back when `push`) or a read-only
    ICS feed. A secret URL, user and password are named by environment variables, never kept in the catalogue."""

    id: str
    kind: CalendarKind
    url: str = ""
    """The calendar's URL when it carries no secret; else `url_env` names the variable that holds it."""
    url_env: str = ""
    username_env: str = ""
    password_env: str = ""
    push: bool = False
    """CalDAV only: the room's holds (tentative) and confirmed bookings are written to this calendar."""


@dataclass(frozen=True)
class Room:
    """A bookable room with its capacity per layout, prices and buffers."""

    id: str
    name: str
    capacity: dict[str, int]
    min_guests: int
    area_m2: int
    half_day: Decimal
    full_day: Decimal
    extra_hour: Decimal
    buffer_before_min: int
    buffer_after_min: int
    features: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    feature_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    calendars: tuple[CalendarSource, ...] = ()
    """External calendars that block this room besides the desk's own bookings (docs/calendars.md)."""

    def label(self, language: str) -> str:
        """The room's name in `language` (its one `name` when the catalogue gives no translation)."""
        return self.names.get(language) or self.name

    def feature_labels(self, language: str) -> tuple[str, ...]:
        """The room's features as the client reads them in `language` (`features` is the English/default list)."""
        return self.feature_names.get(language) or self.features

    def max_capacity(self) -> tuple[str, int]:
        """The layout with the largest capacity, and that capacity."""
        layout = max(self.capacity, key=lambda name: (self.capacity[name], name))
        return layout, self.capacity[layout]

    def max_seated_capacity(self) -> tuple[str, int] | None:
        """The seated layout (any but standing) with the largest capacity, for a meal at tables; None if none."""
        seated = [name for name in self.capacity if name != STANDING]
        if not seated:
            return None
        layout = max(seated, key=lambda name: (self.capacity[name], name))
        return layout, self.capacity[layout]


@dataclass(frozen=True)
class Product:
    """A product or service that can be added to an offer."""

    id: str
    names: dict[str, str]
    category: str
    unit: str
    price: Decimal
    not_in: tuple[str, ...] = ()
    only_in: tuple[str, ...] = ()
    season_months: tuple[int, ...] = ()
    synonyms: tuple[str, ...] = ()
    meal: str | None = None  # the meal it is one option of ("lunch"): offered when an occasion implies that meal

    def name(self, language: str) -> str:
        """The product's name in `language`, else in English, else the first one given."""
        return self.names.get(language) or self.names.get("en") or next(iter(self.names.values()), self.id)

    def served_in(self, room_id: str) -> bool:
        if room_id in self.not_in:
            return False
        return not self.only_in or room_id in self.only_in

    def in_season(self, month: int) -> bool:
        return not self.season_months or month in self.season_months


@dataclass(frozen=True)
class NamedWindow:
    """A named time window such as `all day` (09:00-17:00) with its words in each language."""

    name: str
    start: time
    end: time
    words: tuple[str, ...]


@dataclass(frozen=True)
class SiteVisitRules:
    """When site visits are offered (docs/venue.md); the defaults are The Atelier's."""

    times: tuple[time, ...] = (time(10, 0), time(14, 0), time(16, 0))
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    """Monday = 0 … Friday = 4."""
    min_days_ahead: int = 2
    duration_minutes: int = 60


@dataclass(frozen=True)
class Policies:
    """Venue rules that drive availability, pricing and deposits."""

    timezone: str = "Europe/Zurich"
    currency: str = "CHF"
    open_from: time = time(8, 0)
    open_until: time = time(23, 0)
    lead_days: int = 3
    horizon_months: int = 18
    option_days: int = 7
    vat_percent: Decimal = Decimal("8.1")
    deposit_percent: Decimal = Decimal("30")
    deposit_threshold: Decimal = Decimal("1000")
    deposit_due_days_before: int = 10
    holiday_country: str = "CH"
    holiday_subdivision: str = "ZH"
    blackouts: tuple[tuple[int, int], ...] = ((12, 24), (12, 31))
    default_window: tuple[time, time] = (time(14, 0), time(18, 0))
    half_day_max_hours: int = 4
    full_day_max_hours: int = 10
    max_counters: int = 3
    hil_reminder_hours: int = 24
    windows: tuple[NamedWindow, ...] = ()
    cancellation_terms: dict[str, str] = field(default_factory=dict)
    site_visits: SiteVisitRules = field(default_factory=SiteVisitRules)
    autonomy: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_AUTONOMY))
    """Per message kind `review` or `auto` (docs/design.md §4.13 Autonomy); the manager may override it."""

    def cancellation_terms_in(self, language: str) -> str:
        """The cancellation terms in `language`, else in English, else none."""
        return self.cancellation_terms.get(language) or self.cancellation_terms.get("en", "")


@dataclass(frozen=True)
class EventType:
    """An occasion the desk recognises ("dinner", "apero"): its words, the layout and the meal it implies."""

    id: str
    names: dict[str, str]
    words: tuple[str, ...]
    layout: str | None = None  # planned when the client names no layout (docs/venue.md "Rooms")
    meal: str | None = None  # asked about, never ordered: the products with this `meal` are the options

    def name(self, language: str) -> str:
        """The occasion's name in `language`, else in English."""
        return self.names.get(language) or self.names.get("en") or self.id


@dataclass(frozen=True)
class KnowledgeEntry:
    """One answer to a general venue question, found by keywords."""

    topic: str
    keywords: tuple[str, ...]
    answers: dict[str, str]

    def answer(self, language: str) -> str:
        """The answer in `language`, else in English."""
        return self.answers.get(language) or self.answers["en"]


@dataclass(frozen=True)
class Venue:
    """Everything the desk knows about one venue."""

    name: str
    city: str
    languages: tuple[str, ...]
    rooms: tuple[Room, ...]
    products: tuple[Product, ...]
    policies: Policies
    knowledge: tuple[KnowledgeEntry, ...] = ()
    implied_layouts: tuple[tuple[str, str], ...] = ()  # (event type, layout): dinner → banquet (docs/venue.md)
    event_types: tuple[EventType, ...] = ()  # the occasions with their words, layouts and meals
    address: tuple[str, ...] = ()  # postal address lines, as offer documents print them (the city alone when empty)
    _rooms_by_id: dict[str, Room] = field(default_factory=dict, repr=False, compare=False)
    _products_by_id: dict[str, Product] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._rooms_by_id.update({room.id: room for room in self.rooms})
        self._products_by_id.update({product.id: product for product in self.products})

    def room(self, room_id: str) -> Room:
        return self._rooms_by_id[room_id]

    def has_room(self, room_id: str) -> bool:
        return room_id in self._rooms_by_id

    def product(self, product_id: str) -> Product:
        return self._products_by_id[product_id]

    def implied_layout(self, event_type: str | None) -> str | None:
        """The layout an occasion implies when the client gave none ("dinner" → banquet), if the venue says one."""
        return dict(self.implied_layouts).get(event_type) if event_type else None

    def seats_meal(self, event_type_id: str | None) -> bool:
        """Whether an occasion is a meal at tables with no layout of its own (lunch meeting, barbecue): its rooms
        fit by their largest seated layout, never standing (docs/venue.md "Rooms")."""
        occasion = self.event_type(event_type_id)
        return occasion is not None and occasion.meal is not None and occasion.layout is None

    def event_type(self, event_type_id: str | None) -> EventType | None:
        """The occasion with this id, if the venue knows it."""
        return next((item for item in self.event_types if item.id == event_type_id), None)

    def meal_options(self, meal: str) -> tuple[Product, ...]:
        """The products that are options for a meal ("lunch" → Lunch package, Premium lunch), in catalogue order."""
        return tuple(product for product in self.products if product.meal == meal)

    def has_product(self, product_id: str) -> bool:
        return product_id in self._products_by_id
