"""The golden-transcript file format (docs/design.md §5), validated so a malformed script names its fault."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class ScriptError(ValueError):
    """The script file is malformed; the message names the file and the field."""


class GivenBooking(BaseModel):
    model_config = ConfigDict(extra="forbid")

    room_id: str
    date: date
    start: str
    end: str
    status: Literal["Confirmed", "Option"] = "Confirmed"


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
    turns: list[ScriptTurn] = Field(min_length=1)


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
