"""The tool error taxonomy (docs/design.md §4.9): every error carries a message safe to show a client."""

from __future__ import annotations

from typing import Any, ClassVar


class ToolError(Exception):
    """Base of all tool errors; `str(error)` is client-safe (no stack traces, no argument values)."""

    code: ClassVar[str] = "tool_error"
    retryable: ClassVar[bool] = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the ledger, so a replay can rebuild the same error."""
        return {"error": type(self).__name__, "code": self.code, "message": self.message}


class UnknownTool(ToolError):
    """The model called a tool that does not exist."""

    code = "unknown_tool"


class ToolNotAllowed(ToolError):
    """The tool exists but this agent may not call it (least privilege)."""

    code = "not_allowed"


class SchemaValidationError(ToolError):
    """Data did not match its schema; `field` names where (dotted path) and `problem` says what is wrong."""

    code = "schema_validation"

    def __init__(self, message: str, *, field: str | None = None, problem: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.problem = problem

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "field": self.field, "problem": self.problem}


class ToolArgumentsInvalid(SchemaValidationError):
    """The call's arguments are not valid JSON or violate the tool's schema."""

    code = "invalid_arguments"


class ToolResultInvalid(SchemaValidationError):
    """The handler returned a result that violates the tool's result schema (a bug, not retried)."""

    code = "invalid_result"


class ToolCallConflict(ToolError):
    """A call id was reused with different arguments."""

    code = "call_conflict"


class TransientToolError(ToolError):
    """A temporary failure (timeout, lock, unavailable dependency); the executor retries with backoff."""

    code = "transient"
    retryable = True


class ToolPermissionError(ToolError):
    """The operation is not permitted for this caller; goes to a manager at once."""

    code = "permission"


class ToolFailure(ToolError):
    """A persistent failure: an unexpected exception, or transient errors that outlasted the retries."""

    code = "failure"

    def __init__(self, message: str, *, cause: str | None = None) -> None:
        super().__init__(message)
        self.cause = cause

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "cause": self.cause}


_BY_NAME: dict[str, type[ToolError]] = {
    cls.__name__: cls
    for cls in (
        ToolError,
        UnknownTool,
        ToolNotAllowed,
        SchemaValidationError,
        ToolArgumentsInvalid,
        ToolResultInvalid,
        ToolCallConflict,
        TransientToolError,
        ToolPermissionError,
        ToolFailure,
    )
}


def error_from_dict(data: dict[str, Any]) -> ToolError:
    """Rebuild an error stored by `ToolError.to_dict` (unknown names become a plain ToolFailure)."""
    cls = _BY_NAME.get(str(data.get("error")), ToolFailure)
    message = str(data.get("message", "the tool failed"))
    if issubclass(cls, SchemaValidationError):
        return cls(message, field=data.get("field"), problem=data.get("problem"))
    if issubclass(cls, ToolFailure):
        return cls(message, cause=data.get("cause"))
    return cls(message)
