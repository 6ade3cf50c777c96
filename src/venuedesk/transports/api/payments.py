"""Deposit endpoints (docs/design.md §4.13): the payment provider's signed webhook and the manager's
"deposit received" decision. Both run the same workflow code (`workflow/payments.py`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from venuedesk.transports.api.auth import require_decider, require_manager
from venuedesk.transports.api.deps import IdempotencyKey, ThreadId, get_desk
from venuedesk.transports.api.errors import ApiError, error_responses
from venuedesk.transports.language import ManagerLanguage
from venuedesk.workflow.desk import Desk
from venuedesk.workflow.payments import SIGNATURE_HEADER, BadSignature, PaymentsNotConfigured, UnknownOffer
from venuedesk.workflow.reply import Reply

router = APIRouter(tags=["payments"])
DeskDep = Annotated[Desk, Depends(get_desk)]
Manager = Annotated[str, Depends(require_manager)]
Decider = Annotated[str, Depends(require_decider)]


class DepositPaidIn(BaseModel):
    """The amount the manager received, in the venue's currency."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"amount": 627.0}]})

    amount: Decimal = Field(gt=0, le=10_000_000, decimal_places=2)


class PaymentOut(BaseModel):
    """What the notification did: `applied` (deposit paid, client told), `recorded` (kept, not applied; a
    manager checks it in a `manual_review` task) or `duplicate` (this reference was already received)."""

    status: Literal["applied", "recorded", "duplicate"]
    applied: bool
    reason: str
    reference: str


@router.post("/api/payments/webhook", response_model=PaymentOut,
             responses=error_responses(400, 401, 404, 413, 422, 500, 503))
async def payment_webhook(request: Request, desk: DeskDep, signature: Annotated[str | None, Header(
        alias=SIGNATURE_HEADER, description="hex HMAC-SHA256 of the raw body with VENUEDESK_PAYMENT_SECRET")] = None,
        ) -> PaymentOut:
    """A payment notification `{offer_id, amount, currency, reference}`, recorded once per `reference` (a
    redelivery answers 200 `duplicate` and changes nothing). A bad or missing signature is 401, no configured
    secret 503, an unknown offer 404 (not recorded). A wrong amount or currency is recorded, not applied, and
    opens a `manual_review` task."""
    body = await request.body()
    secret = request.app.state.payment_secret
    try:
        result = await run_in_threadpool(desk.payment_webhook, body, signature, secret)
    except PaymentsNotConfigured as exc:
        raise ApiError(503, "payments_not_configured", str(exc)) from exc
    except BadSignature as exc:
        raise ApiError(401, "bad_signature", str(exc), SIGNATURE_HEADER) from exc
    except UnknownOffer as exc:
        raise ApiError(404, "unknown_offer", str(exc), "offer_id") from exc
    return PaymentOut(status=result.status, applied=result.applied, reason=result.reason,
                      reference=result.reference)


@router.post("/api/threads/{thread_id}/deposit-paid", response_model=Reply, tags=["manager"],
             responses=error_responses(400, 401, 403, 404, 409, 413, 422, 500))
def deposit_paid(desk: DeskDep, manager: Decider, thread_id: ThreadId, body: DepositPaidIn,
                 language: ManagerLanguage, idempotency_key: IdempotencyKey = None) -> Reply:
    """The manager received the deposit: it is marked paid once (a second click returns the same Reply), open
    payment checks close, and the client is told; the booking moves on to its confirmation (step 7). Once paid, it
    pays the open top-up an amendment asked for (exactly its amount, else 422). 409 when the event needs no deposit,
    is not at step 6, or has nothing left to pay."""
    return desk.mark_deposit_paid(thread_id, body.amount, manager_id=manager, idempotency_key=idempotency_key,
                                  language=language)
