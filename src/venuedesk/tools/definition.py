"""Tool definitions (name, models, handler, business idempotency key) and tool calls as a model sends them."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from types import UnionType
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from venuedesk.tools.schema import strict_json_schema

ArgsT = TypeVar("ArgsT", bound=BaseModel)
ResultT = TypeVar("ResultT", bound=BaseModel)

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class ToolCall:
    """One call: the model's id, the tool name, and arguments as a dict or the JSON text a model sends."""

    id: str
    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)


@dataclass(frozen=True)
class ToolDefinition(Generic[ArgsT, ResultT]):
    """A named tool with strict argument and result models and the handler that runs it server-side.

    `idempotency_key(ctx, args)` names the business operation (e.g.
    `room_hold:{event_id}:{room}:{date}:{start}-{end}`); a second call with the same key replays the first
    result instead of running again. `side_effect` marks tools that write.
    """

    name: str
    description: str
    args_model: type[ArgsT]
    result_model: type[ResultT]
    handler: Callable[[Any, ArgsT], ResultT]
    idempotency_key: Callable[[Any, ArgsT], str | None] | None = None
    side_effect: bool = False

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"tool name {self.name!r} must match {_NAME.pattern}")

    def json_schema(self) -> dict[str, Any]:
        """The strict JSON schema of the arguments (what the model sees and what is validated)."""
        return _schema_of(self.args_model)

    def function_spec(self) -> dict[str, Any]:
        """The tool as an OpenAI-style strict function definition."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.json_schema(),
                "strict": True,
            },
        }

    def key_for(self, ctx: Any, args: ArgsT) -> str | None:
        """The business idempotency key of this call, or None when the tool has none."""
        return None if self.idempotency_key is None else self.idempotency_key(ctx, args)

    def parse_args(self, data: dict[str, Any]) -> ArgsT:
        """Validate arguments; a null for a field with a non-null default means "use the default"."""
        return self.args_model.model_validate(defaults_for_nulls(self.args_model, data))


@cache
def _schema_of(model: type[BaseModel]) -> dict[str, Any]:
    return strict_json_schema(model)


def defaults_for_nulls(model: type[BaseModel], data: Any) -> Any:
    """Drop nulls the strict schema allowed for optional fields whose default is not None (recursively)."""
    if not isinstance(data, dict):
        return data
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        info = model.model_fields.get(key)
        if info is None:
            cleaned[key] = value
            continue
        if (
            value is None
            and not info.is_required()
            and info.get_default(call_default_factory=True) is not None
        ):
            continue
        cleaned[key] = _nested(info.annotation, value)
    return cleaned


def unexpected_fields(model: type[BaseModel], data: Any, prefix: str = "") -> list[str]:
    """Dotted paths of keys the model does not declare, at any depth (strict schemas forbid them)."""
    if not isinstance(data, dict):
        return []
    known = {name: info for name, info in model.model_fields.items()}
    known |= {info.alias: info for info in model.model_fields.values() if info.alias}
    found: list[str] = []
    for key, value in data.items():
        info = known.get(key)
        if info is None:
            found.append(f"{prefix}{key}")
            continue
        found += _unexpected_in(info.annotation, value, f"{prefix}{key}")
    return found


def _unexpected_in(annotation: Any, value: Any, path: str) -> list[str]:
    """`unexpected_fields` inside nested models and lists of models."""
    for candidate in _flatten(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel) and isinstance(value, dict):
            return unexpected_fields(candidate, value, f"{path}.")
        if typing.get_origin(candidate) is list and isinstance(value, list):
            (item_type,) = typing.get_args(candidate) or (Any,)
            return [
                bad for n, item in enumerate(value) for bad in _unexpected_in(item_type, item, f"{path}.{n}")
            ]
    return []


def _nested(annotation: Any, value: Any) -> Any:
    """Apply `defaults_for_nulls` inside nested models and lists of models."""
    for candidate in _flatten(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel) and isinstance(value, dict):
            return defaults_for_nulls(candidate, value)
        if typing.get_origin(candidate) is list and isinstance(value, list):
            (item_type,) = typing.get_args(candidate) or (Any,)
            return [_nested(item_type, item) for item in value]
    return value


def _flatten(annotation: Any) -> list[Any]:
    """The members of a union (X | None), or the annotation itself."""
    if typing.get_origin(annotation) in (typing.Union, UnionType):
        return [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    return [annotation]
