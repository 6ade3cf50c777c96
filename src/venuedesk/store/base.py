"""The declarative base every table module maps onto; it imports no table, so table modules never import each other."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy.orm import DeclarativeBase

from venuedesk.store.types import TZDateTime, json_type


class Base(DeclarativeBase):
    """Declarative base with the JSON and tz-aware types mapped once."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: json_type(),
        list[Any]: json_type(),
        datetime: TZDateTime(),
    }
