"""Strict JSON schemas from pydantic models, following OpenAI's strict function-calling rules.

The rules: no `$ref`/`$defs` (inlined here), every object closed with `additionalProperties: false`, every
property listed in `required` (optional fields become required-and-nullable), `anyOf` instead of `oneOf`,
and no keywords strict mode rejects. Dropped keywords lose no safety: the executor validates the arguments
with the same pydantic model before any handler runs.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

NOISE_KEYWORDS = frozenset({"title", "default", "examples", "discriminator"})
UNSUPPORTED_KEYWORDS = frozenset(
    {"minLength", "maxLength", "uniqueItems", "minProperties", "maxProperties", "patternProperties"}
)
_NULL: dict[str, Any] = {"type": "null"}


class StrictSchemaError(ValueError):
    """The model cannot be expressed as a strict schema (e.g. a free-form dict or a recursive model)."""


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema rewritten for strict mode (see the module docstring)."""
    schema = copy.deepcopy(model.model_json_schema())
    defs = schema.pop("$defs", {})
    strict: dict[str, Any] = _rewrite(schema, defs, path=model.__name__, resolving=())
    if strict.get("type") != "object":
        raise StrictSchemaError(f"{model.__name__}: a tool schema must be an object")
    return strict


def _rewrite(node: Any, defs: dict[str, Any], path: str, resolving: tuple[str, ...]) -> Any:
    """Rewrite one schema node (recursively)."""
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        node = _inline_ref(node, defs, path, resolving)
        resolving = (*resolving, node.pop("__ref_name__"))
    node = {key: value for key, value in node.items() if key not in NOISE_KEYWORDS | UNSUPPORTED_KEYWORDS}
    if "allOf" in node and len(node["allOf"]) == 1:
        node = {**_rewrite(node.pop("allOf")[0], defs, path, resolving), **node}
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    for key in ("anyOf", "allOf", "prefixItems"):
        if key in node:
            node[key] = [_rewrite(item, defs, path, resolving) for item in node[key]]
    if "items" in node:
        node["items"] = _rewrite(node["items"], defs, f"{path}[]", resolving)
    if node.get("type") == "object" or "properties" in node:
        node = _close_object(node, defs, path, resolving)
    return node


def _inline_ref(
    node: dict[str, Any], defs: dict[str, Any], path: str, resolving: tuple[str, ...]
) -> dict[str, Any]:
    """Replace a `$ref` with a copy of its definition; sibling keywords (e.g. description) win."""
    name = str(node["$ref"]).rsplit("/", 1)[-1]
    if name in resolving:
        raise StrictSchemaError(f"{path}: recursive model {name!r} cannot be inlined")
    if name not in defs:
        raise StrictSchemaError(f"{path}: unknown reference {node['$ref']!r}")
    siblings = {key: value for key, value in node.items() if key != "$ref"}
    return {**copy.deepcopy(defs[name]), **siblings, "__ref_name__": name}


def _close_object(
    node: dict[str, Any], defs: dict[str, Any], path: str, resolving: tuple[str, ...]
) -> dict[str, Any]:
    """Close an object: no extra keys, every property required, optional ones nullable."""
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) or extra is True:
        raise StrictSchemaError(f"{path}: free-form objects (dicts) are not allowed in a strict schema")
    properties: dict[str, Any] = node.get("properties", {})
    required = set(node.get("required", []))
    closed: dict[str, Any] = {}
    for name, prop in properties.items():
        rewritten = _rewrite(prop, defs, f"{path}.{name}", resolving)
        closed[name] = rewritten if name in required else _nullable(rewritten)
    node["type"] = "object"
    node["properties"] = closed
    node["required"] = list(closed)
    node["additionalProperties"] = False
    return node


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    """The property also accepting null: via its anyOf, a type list (scalars, arrays), or a wrapping anyOf."""
    if "anyOf" in prop:
        if _NULL not in prop["anyOf"]:
            prop["anyOf"] = [*prop["anyOf"], dict(_NULL)]
        return prop
    kind = prop.get("type")
    if kind == "object":
        kind = None
    if isinstance(kind, str) and "enum" not in prop and "const" not in prop:
        return {**prop, "type": [kind, "null"]} if kind != "null" else prop
    if isinstance(kind, list) and "enum" not in prop and "const" not in prop:
        return prop if "null" in kind else {**prop, "type": [*kind, "null"]}
    description = prop.pop("description", None)
    wrapped: dict[str, Any] = {"anyOf": [prop, dict(_NULL)]}
    if description is not None:
        wrapped["description"] = description
    return wrapped
