"""strict_json_schema follows the strict function-calling rules."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

from venuedesk.tools.definition import ToolDefinition, defaults_for_nulls
from venuedesk.tools.schema import StrictSchemaError, strict_json_schema


class Color(StrEnum):
    RED = "red"
    BLUE = "blue"


class Address(BaseModel):
    street: str
    city: str | None = None


class Line(BaseModel):
    product_id: str = Field(description="catalogue id")
    quantity: int = Field(default=1, ge=1)


class Order(BaseModel):
    title: str
    kind: Literal["workshop", "dinner"]
    mode: Literal["fixed"] = "fixed"
    color: Color = Color.RED
    day: date
    at: datetime | None = None
    address: Address
    billing: Address | None = None
    lines: list[Line] = Field(default_factory=list, max_length=10)
    tags: list[str] = Field(min_length=1)
    note: str = Field(default="", max_length=200)


def _objects(node: Any) -> list[dict[str, Any]]:
    """Every object schema in the tree."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            found.append(node)
        for key, value in node.items():
            if key == "properties":
                for prop in value.values():
                    found += _objects(prop)
            else:
                found += _objects(value)
    elif isinstance(node, list):
        for item in node:
            found += _objects(item)
    return found


def _keys(node: Any) -> set[str]:
    """Every keyword used in the tree (property names excluded)."""
    keys: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                for prop in value.values():
                    keys |= _keys(prop)
                keys.add(key)
            else:
                keys.add(key)
                keys |= _keys(value)
    elif isinstance(node, list):
        for item in node:
            keys |= _keys(item)
    return keys


def _accepts_null(prop: dict[str, Any]) -> bool:
    kinds = prop.get("type")
    return (isinstance(kinds, list) and "null" in kinds) or {"type": "null"} in prop.get("anyOf", [])


@pytest.fixture
def schema() -> dict[str, Any]:
    return strict_json_schema(Order)


def test_every_object_is_closed_and_requires_all_its_properties(schema: dict[str, Any]) -> None:
    objects = _objects(schema)
    assert len(objects) >= 4
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert obj["required"] == list(obj["properties"])


def test_references_are_inlined_and_noise_is_dropped(schema: dict[str, Any]) -> None:
    keys = _keys(schema)
    assert not keys & {"$ref", "$defs", "definitions", "title", "default", "oneOf", "minLength", "maxLength"}
    assert schema["properties"]["title"] == {"type": "string"}
    assert schema["properties"]["address"]["properties"]["street"] == {"type": "string"}


def test_optional_fields_become_required_and_nullable(schema: dict[str, Any]) -> None:
    props = schema["properties"]
    for name in ("mode", "color", "at", "billing", "lines", "note"):
        assert _accepts_null(props[name]), name
    for name in ("title", "kind", "day", "address", "tags"):
        assert not _accepts_null(props[name]), name
    assert _accepts_null(props["address"]["properties"]["city"])
    assert _accepts_null(props["lines"]["items"]["properties"]["quantity"])


def test_enums_lists_and_dates_keep_their_constraints(schema: dict[str, Any]) -> None:
    props = schema["properties"]
    assert props["kind"] == {"enum": ["workshop", "dinner"], "type": "string"}
    assert {"enum": ["red", "blue"], "type": "string"} in props["color"]["anyOf"]
    assert props["day"] == {"format": "date", "type": "string"}
    assert props["tags"] == {"items": {"type": "string"}, "minItems": 1, "type": "array"}
    assert props["lines"]["items"]["properties"]["product_id"]["description"] == "catalogue id"
    assert {"format": "date-time", "type": "string"} in props["at"]["anyOf"]


def test_nullable_objects_are_wrapped_in_any_of(schema: dict[str, Any]) -> None:
    billing = schema["properties"]["billing"]
    assert billing["anyOf"][-1] == {"type": "null"}
    assert billing["anyOf"][0]["additionalProperties"] is False


def test_free_form_dicts_are_refused() -> None:
    class Loose(BaseModel):
        extra: dict[str, int]

    with pytest.raises(StrictSchemaError, match="free-form"):
        strict_json_schema(Loose)


def test_recursive_models_are_refused() -> None:
    class Node(BaseModel):
        children: list[Node] = Field(default_factory=list)

    Node.model_rebuild()
    with pytest.raises(StrictSchemaError, match="recursive"):
        strict_json_schema(Node)


def test_nulls_for_defaulted_fields_fall_back_to_the_default() -> None:
    data = {
        "title": "x",
        "kind": "dinner",
        "mode": None,
        "day": "2026-03-10",
        "address": {"street": "s"},
        "lines": [{"product_id": "p", "quantity": None}],
        "tags": ["a"],
        "note": None,
        "at": None,
    }
    order = Order.model_validate(defaults_for_nulls(Order, data))
    assert order.mode == "fixed" and order.note == "" and order.at is None
    assert order.lines == [Line(product_id="p", quantity=1)]


def test_a_definition_exposes_its_strict_schema_as_a_function_spec() -> None:
    tool = ToolDefinition(
        name="order_place",
        description="Place an order.",
        args_model=Order,
        result_model=Address,
        handler=lambda ctx, args: Address(street="s"),
    )
    spec = tool.function_spec()
    assert spec["function"]["strict"] is True
    assert spec["function"]["parameters"] == strict_json_schema(Order)
    with pytest.raises(ValueError, match="tool name"):
        ToolDefinition(
            name="bad name",
            description="",
            args_model=Order,
            result_model=Address,
            handler=lambda ctx, args: Address(street="s"),
        )
