"""Is this mail written by a machine? (pure) Auto-replies, out-of-office notes, bounces and list mail are
stored for the manager but never answered, so two auto-responders can never loop (RFC 3834, RFC 3464)."""

from __future__ import annotations

import re

from venuedesk.transports.mail.inbound import InboundMail

_BULK_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
_DAEMONS = frozenset({"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"})
_OUT_OF_OFFICE = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?reply|autoreply|out of (?:the )?office|abwesenheitsnotiz"
    r"|automatische antwort|abwesend|r[ée]ponse automatique|absence)\b",
    re.IGNORECASE,
)


def auto_reply_reason(mail: InboundMail) -> str | None:
    """Why the mail must not be answered (a machine wrote it), or None for a person's mail."""
    checks = (_auto_submitted, _precedence, _autoreply_headers, _mailing_list, _delivery_report, _oof_subject)
    for check in checks:
        reason = check(mail)
        if reason is not None:
            return reason
    return None


def _auto_submitted(mail: InboundMail) -> str | None:
    value = (mail.header("auto-submitted") or "").split(";")[0].strip().lower()
    return f"Auto-Submitted: {value}" if value and value != "no" else None


def _precedence(mail: InboundMail) -> str | None:
    value = (mail.header("precedence") or "").strip().lower()
    return f"Precedence: {value}" if value in _BULK_PRECEDENCE else None


def _autoreply_headers(mail: InboundMail) -> str | None:
    for name in ("x-autoreply", "x-autorespond"):
        value = mail.header(name)
        if value is not None and value.strip().lower() not in ("no", "false", "0"):
            return f"{name}: {value.strip()[:40]}"
    return None


def _mailing_list(mail: InboundMail) -> str | None:
    for name in ("list-id", "list-unsubscribe"):
        if mail.header(name) is not None:
            return f"mailing list ({name})"
    return None


def _delivery_report(mail: InboundMail) -> str | None:
    if mail.content_type == "multipart/report":
        kind = mail.report_type or "report"
        return f"delivery status notification (multipart/report; report-type={kind})"
    local = mail.sender.partition("@")[0]
    if local in _DAEMONS:
        return f"delivery status notification (from {local})"
    return_path = mail.header("return-path")
    if return_path is not None and return_path.strip() in ("<>", ""):
        return "delivery status notification (empty Return-Path)"
    return None


def _oof_subject(mail: InboundMail) -> str | None:
    return "out-of-office subject" if _OUT_OF_OFFICE.match(mail.subject) else None
