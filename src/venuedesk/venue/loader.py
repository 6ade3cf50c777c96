"""Load the venue catalogue (venue.yaml, rooms.yaml, products.yaml) into the frozen domain objects.

Two stages, so the store can keep the catalogue in its database and rebuild the `Venue` later:
`load_catalogue_documents` reads and validates the files into plain JSON-ready documents
(`CatalogueDocuments`); `venue_from_documents` turns documents into a `Venue`. A malformed file fails
with a `CatalogueError` naming the file, the line and the field, e.g.
`rooms.yaml line 16: rooms[1].capacity.theater: unknown layout 'theater'; use one of theatre, ...`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from venuedesk.domain.autonomy import DEFAULT_AUTONOMY
from venuedesk.domain.catalogue import (
    CalendarSource,
    EventType,
    KnowledgeEntry,
    NamedWindow,
    Policies,
    Product,
    Room,
    SiteVisitRules,
    Venue,
)
from venuedesk.venue.schema import (
    PoliciesSpec,
    Problem,
    SiteVisitSpec,
    ProductsFile,
    RoomsFile,
    VenueFile,
    cross_check,
)
from venuedesk.venue.yaml_source import YamlDocument, YamlSyntaxError, parse_yaml

CATALOGUE_DIR_ENV = "VENUEDESK_CATALOGUE_DIR"
VENUE_FILE, ROOMS_FILE, PRODUCTS_FILE = "venue.yaml", "rooms.yaml", "products.yaml"
CATALOGUE_FILES: tuple[str, ...] = (VENUE_FILE, ROOMS_FILE, PRODUCTS_FILE)


@dataclass(frozen=True)
class CatalogueProblem:
    """One located problem: `file`, 1-based `line` (None when unknown), dotted `field`, `message`."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file} line {self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CatalogueError(ValueError):
    """The catalogue cannot be loaded; the message has one line per problem, each naming file, line, field."""

    def __init__(self, problems: Sequence[CatalogueProblem]) -> None:
        self.problems: tuple[CatalogueProblem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class CatalogueDocuments:
    """The validated catalogue as plain JSON-ready data (prices as strings, times as `HH:MM`)."""

    venue: dict[str, Any]
    rooms: list[dict[str, Any]]
    products: list[dict[str, Any]]
    source: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """One JSON document `{venue, rooms, products}`, e.g. for a database column."""
        return {"venue": self.venue, "rooms": self.rooms, "products": self.products}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "") -> CatalogueDocuments:
        """The inverse of `to_dict` (no validation here; `venue_from_documents` validates)."""
        return cls(
            venue=dict(data["venue"]),
            rooms=list(data["rooms"]),
            products=list(data["products"]),
            source=source,
        )


def catalogue_dir_from_env(environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder named by `VENUEDESK_CATALOGUE_DIR`, or None for the catalogue shipped in the package."""
    raw = (os.environ if environ is None else environ).get(CATALOGUE_DIR_ENV, "").strip()
    return Path(raw).expanduser() if raw else None


def load_venue(directory: Path | None = None) -> Venue:
    """Read, validate and build the venue from `directory` (default: the demo catalogue in the package)."""
    return venue_from_documents(load_catalogue_documents(directory))


def load_catalogue_documents(directory: Path | None = None) -> CatalogueDocuments:
    """Read and validate the three catalogue files; raise `CatalogueError` naming file, line and field."""
    folder: Traversable | Path = (
        resources.files("venuedesk.venue").joinpath("data") if directory is None else Path(directory)
    )
    parsed: dict[str, YamlDocument] = {}
    problems: list[CatalogueProblem] = []
    for name in CATALOGUE_FILES:
        try:
            text = folder.joinpath(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(CatalogueProblem(name, None, "", f"file not found in {folder}"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(CatalogueProblem(name, None, "", f"cannot read the file: {exc}"))
            continue
        try:
            parsed[name] = parse_yaml(text)
        except YamlSyntaxError as exc:
            problems.append(CatalogueProblem(name, exc.line, "", f"YAML syntax error: {exc.problem}"))
    if problems:
        raise CatalogueError(problems)
    specs = _validate(
        {name: document.data for name, document in parsed.items()},
        lambda name, loc: parsed[name].line_of(loc),
    )
    venue_spec, rooms_spec, products_spec = specs
    return CatalogueDocuments(
        venue=venue_spec.model_dump(mode="json", exclude_unset=True),
        rooms=_dump_list(rooms_spec.rooms),
        products=_dump_list(products_spec.products),
        source=str(folder),
    )


def venue_from_documents(documents: CatalogueDocuments) -> Venue:
    """Validate the documents (they may come back from a database) and build the frozen `Venue`."""
    venue_spec, rooms_spec, products_spec = _validate(
        {
            VENUE_FILE: documents.venue,
            ROOMS_FILE: {"rooms": documents.rooms},
            PRODUCTS_FILE: {"products": documents.products},
        },
        lambda name, loc: None,
    )
    return Venue(
        name=venue_spec.name,
        city=venue_spec.city,
        address=tuple(venue_spec.address),
        languages=tuple(venue_spec.languages),
        rooms=tuple(
            Room(
                id=room.id,
                name=_default_text(room.name),
                names=dict(room.name) if isinstance(room.name, dict) else {},
                capacity=dict(room.capacity),
                min_guests=room.min_guests,
                area_m2=room.area_m2,
                half_day=room.half_day,
                full_day=room.full_day,
                extra_hour=room.extra_hour,
                buffer_before_min=room.buffer_before_min,
                buffer_after_min=room.buffer_after_min,
                features=tuple(_default_text(feature) for feature in room.features),
                feature_names=_features_by_language(room.features),
                synonyms=tuple(room.synonyms),
                calendars=tuple(CalendarSource(**spec.model_dump()) for spec in room.calendars),
            )
            for room in rooms_spec.rooms
        ),
        products=tuple(
            Product(
                id=product.id,
                names=dict(product.name),
                category=product.category,
                unit=product.unit,
                price=product.price,
                not_in=tuple(product.not_in),
                only_in=tuple(product.only_in),
                season_months=tuple(product.season),
                synonyms=tuple(product.synonyms),
                meal=product.meal,
            )
            for product in products_spec.products
        ),
        policies=_policies(venue_spec.policies),
        knowledge=tuple(
            KnowledgeEntry(
                topic=entry.topic,
                keywords=tuple(entry.keywords),
                answers=dict(entry.answer),
            )
            for entry in venue_spec.knowledge
        ),
        implied_layouts=tuple((item.id, item.layout) for item in venue_spec.event_types if item.layout),
        event_types=tuple(
            EventType(id=item.id, names=dict(item.name), words=tuple(item.words), layout=item.layout, meal=item.meal)
            for item in venue_spec.event_types
        ),
    )


# --- internals -------------------------------------------------------------------------------------------


def _default_text(value: str | dict[str, str]) -> str:
    """A catalogue text that may be keyed by language: its English form (or the plain string)."""
    return value if isinstance(value, str) else value["en"]


def _features_by_language(features: Sequence[str | dict[str, str]]) -> dict[str, tuple[str, ...]]:
    """`{language: features}` for every language any feature names; a feature without it keeps its English."""
    languages = sorted({lang for feature in features if isinstance(feature, dict) for lang in feature})
    return {
        lang: tuple(feature if isinstance(feature, str) else feature.get(lang, feature["en"]) for feature in features)
        for lang in languages
    }


def _validate(data: Mapping[str, Any], line_of: Any) -> tuple[VenueFile, RoomsFile, ProductsFile]:
    """Validate the three documents; collect every problem, located by `line_of(file, loc)`."""
    problems: list[Problem] = []
    results: dict[str, BaseModel] = {}
    for name, model in ((VENUE_FILE, VenueFile), (ROOMS_FILE, RoomsFile), (PRODUCTS_FILE, ProductsFile)):
        try:
            results[name] = model.model_validate(data[name])
        except ValidationError as exc:
            problems.extend(_problems_from(name, exc))
    if ROOMS_FILE in results and PRODUCTS_FILE in results:
        problems.extend(cross_check(results[ROOMS_FILE], results[PRODUCTS_FILE]))  # type: ignore[arg-type]
    if problems:
        raise CatalogueError(
            [
                CatalogueProblem(p.file, line_of(p.file, p.loc), _field_path(p.loc), p.message)
                for p in problems
            ]
        )
    return results[VENUE_FILE], results[ROOMS_FILE], results[PRODUCTS_FILE]  # type: ignore[return-value]


def _problems_from(file: str, error: ValidationError) -> Iterable[Problem]:
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        kind = detail["type"]
        message = detail["msg"]
        if kind == "value_error":
            message = message.removeprefix("Value error, ")
        elif kind == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}"
        elif kind == "missing":
            message = f"required field {loc[-1]!r} is missing"
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            message = f"expected a mapping (key: value), got {type(detail['input']).__name__}"
        yield Problem(file, loc, message)


def _field_path(loc: Sequence[str | int]) -> str:
    """`("rooms", 1, "capacity", "theater", "[key]")` → `rooms[1].capacity.theater`."""
    path = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(document)"


def _dump_list(items: Sequence[BaseModel]) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json", exclude_unset=True) for item in items]


def _time(value: str) -> time:
    """`HH:MM` as a time; `24:00` (a closing time at midnight) is `time(0, 0)`, as an end time is."""
    hours, minutes = value.split(":")
    return time(int(hours) % 24, int(minutes))


def _policies(spec: PoliciesSpec) -> Policies:
    """Policies from the spec; fields the file leaves out keep the dataclass defaults."""
    values: dict[str, Any] = {name: getattr(spec, name) for name in spec.model_fields_set}
    for name in ("open_from", "open_until"):
        if name in values:
            values[name] = _time(values[name])
    if "blackouts" in values:
        values["blackouts"] = tuple(
            (int(item.split("-")[0]), int(item.split("-")[1])) for item in values["blackouts"]
        )
    if "default_window" in values:
        window = values["default_window"]
        values["default_window"] = (_time(window.start), _time(window.end))
    if "windows" in values:
        values["windows"] = tuple(
            NamedWindow(name=w.name, start=_time(w.start), end=_time(w.end), words=tuple(w.words))
            for w in values["windows"]
        )
    if values.get("site_visits") is not None:
        values["site_visits"] = _site_visit_rules(spec.site_visits)
    if values.get("autonomy") is not None:
        values["autonomy"] = {**DEFAULT_AUTONOMY, **values["autonomy"]}
    return Policies(**{name: value for name, value in values.items() if value is not None})


def _site_visit_rules(spec: SiteVisitSpec | None) -> SiteVisitRules:
    """Site-visit rules from the spec; fields it leaves out keep the defaults (docs/venue.md)."""
    assert spec is not None
    values: dict[str, Any] = {name: getattr(spec, name) for name in spec.model_fields_set}
    if "times" in values:
        values["times"] = tuple(sorted(_time(value) for value in values["times"]))
    if "weekdays" in values:
        values["weekdays"] = tuple(sorted(set(values["weekdays"])))
    return SiteVisitRules(**{name: value for name, value in values.items() if value is not None})
