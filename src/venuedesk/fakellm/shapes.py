"""A small JSON-schema checker and fitter for the strict-schema subset, so the fake needs no jsonschema."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _is(value: Any, kind: str) -> bool:
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES.get(kind, (object,)))


def accepts_null(schema: dict[str, Any]) -> bool:
    """Whether null is a valid value for the schema."""
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(accepts_null(branch) for branch in schema.get("anyOf", []))


def errors(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Every way `value` breaks `schema`: type, enum, const, anyOf, objects, arrays, bounds, pattern, date."""
    if "anyOf" in schema:
        if any(not errors(value, branch, path) for branch in schema["anyOf"]):
            return []
        return [f"{path}: matches no anyOf branch"]
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    if kinds and not any(_is(value, k) for k in kinds):
        return [f"{path}: expected {'/'.join(kinds)}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: {value!r} not in {schema['enum']}"]
    if "const" in schema and value != schema["const"]:
        return [f"{path}: expected {schema['const']!r}"]
    if isinstance(value, dict):
        return _object_errors(value, schema, path)
    if isinstance(value, list):
        return _array_errors(value, schema, path)
    return _scalar_errors(value, schema, path)


def _object_errors(value: dict[str, Any], schema: dict[str, Any], path: str) -> list[str]:
    props: dict[str, Any] = schema.get("properties", {})
    found = [f"{path}: missing {name!r}" for name in schema.get("required", []) if name not in value]
    if schema.get("additionalProperties") is False:
        found += [f"{path}: unexpected {name!r}" for name in value if name not in props]
    for name, item in value.items():
        if name in props:
            found += errors(item, props[name], f"{path}.{name}")
    return found


def _array_errors(value: list[Any], schema: dict[str, Any], path: str) -> list[str]:
    found = []
    if len(value) < schema.get("minItems", 0):
        found.append(f"{path}: fewer than {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        found.append(f"{path}: more than {schema['maxItems']} items")
    for index, item in enumerate(value):
        found += errors(item, schema.get("items", {}), f"{path}[{index}]")
    return found


def _scalar_errors(value: Any, schema: dict[str, Any], path: str) -> list[str]:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and (value < schema.get("minimum", value) or value > schema.get("maximum", value)):
        return [f"{path}: {value} out of range"]
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return [f"{path}: {value!r} does not match {schema['pattern']}"]
        if schema.get("format") == "date":
            try:
                date.fromisoformat(value)
            except ValueError:
                return [f"{path}: {value!r} is not a date"]
    return []


def fit(value: Any, schema: dict[str, Any]) -> Any:
    """`value` fitted to the schema: closed objects lose unknown keys, missing nullable keys become null."""
    if "anyOf" in schema:
        if value is None and accepts_null(schema):
            return None
        for branch in schema["anyOf"]:
            candidate = fit(value, branch)
            if not errors(candidate, branch):
                return candidate
        return value
    if isinstance(value, dict) and "properties" in schema:
        props: dict[str, Any] = schema["properties"]
        closed = schema.get("additionalProperties") is False
        fitted = {
            k: fit(v, props[k]) if k in props else v for k, v in value.items() if k in props or not closed
        }
        for name in schema.get("required", []):
            if name not in fitted and accepts_null(props.get(name, {})):
                fitted[name] = None
        return fitted
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [fit(item, schema["items"]) for item in value]
    return value
