"""How SMTP answers map onto the outbox's retries: temporary failures are retried (DeliveryFailed), a permanent
refusal of the recipient or the message ends the row at once (DeliveryRefused); no raw address in the reason."""

import smtplib
from datetime import datetime
from email.message import EmailMessage

import pytest

from venuedesk.clock import VENUE_TZ, FrozenClock
from venuedesk.jobs.delivery import Delivery, DeliveryFailed, DeliveryRefused
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.transports.mail.identity import MailIdentity
from venuedesk.transports.mail.smtp_delivery import MailRecipient, SmtpDelivery, smtp_delivery_from_settings
from venuedesk.workflow.reply import Reply, make_footer

SETTINGS = MailSettings(mail_from="desk@seehof.example", mail_secret="s3cret", smtp_url="smtp://127.0.0.1:2525")
FOOTER, FOOTER_TEXT = make_footer(2, "choose a date", "Awaiting Client")
REPLY = Reply(thread_id="thr_x", turn_id="turn-1", agent="dates_agent", body_markdown="Which date?", footer=FOOTER,
              footer_text=FOOTER_TEXT).model_dump(mode="json")


class Raising:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def send(self, message: EmailMessage) -> None:
        raise self.error


ANNA = MailRecipient("anna@example.com", "en")


def _deliver(error: Exception, recipient: MailRecipient | None = ANNA) -> None:
    port = SmtpDelivery(settings=SETTINGS, sender=Raising(error), clock=FrozenClock(datetime(2026, 2, 2, tzinfo=VENUE_TZ)),
                        venue_name="Seehof", recipient_for=lambda uow, thread_id: recipient,
                        identity_for=lambda uow: MailIdentity("Seehof", "desk@seehof.example"))
    port.deliver(Delivery(outbox_id=1, thread_id="thr_x", channel="email", reply=REPLY, attempt=1, uow=object()))  # type: ignore[arg-type]


def _refused(code: int) -> smtplib.SMTPRecipientsRefused:
    return smtplib.SMTPRecipientsRefused({"anna@example.com": (code, b"<anna@example.com>: mailbox unavailable")})


def test_a_permanent_refusal_of_the_recipient_is_not_retried():
    with pytest.raises(DeliveryRefused, match="550"):
        _deliver(_refused(550))


def test_a_temporary_refusal_of_the_recipient_is_retried():
    with pytest.raises(DeliveryFailed) as failure:
        _deliver(_refused(451))
    assert not isinstance(failure.value, DeliveryRefused)


def test_a_message_refused_for_good_after_data_is_not_retried():
    with pytest.raises(DeliveryRefused, match="554"):
        _deliver(smtplib.SMTPDataError(554, b"message content rejected"))


@pytest.mark.parametrize("error", [
    smtplib.SMTPAuthenticationError(535, b"authentication failed"),
    smtplib.SMTPSenderRefused(550, b"sender not allowed", "desk@seehof.example"),
    smtplib.SMTPDataError(452, b"insufficient storage"),
    smtplib.SMTPServerDisconnected("connection closed"),
    ConnectionRefusedError(111, "Connection refused"),
    TimeoutError("timed out"),
], ids=["login", "sender", "data-4xx", "disconnected", "refused", "timeout"])
def test_a_failure_of_the_link_or_its_configuration_is_retried(error):
    with pytest.raises(DeliveryFailed) as failure:
        _deliver(error)
    assert not isinstance(failure.value, DeliveryRefused)


def test_the_reason_never_holds_the_clients_raw_address():
    with pytest.raises(DeliveryRefused) as failure:
        _deliver(_refused(550))
    assert "anna@example.com" not in str(failure.value)


def test_a_thread_without_a_recipient_is_refused():
    with pytest.raises(DeliveryRefused, match="no client mail address"):
        _deliver(TimeoutError(), recipient=None)


def test_an_smtp_url_without_a_mail_secret_is_a_configuration_error():
    with pytest.raises(ValueError, match="VENUEDESK_MAIL_SECRET"):
        smtp_delivery_from_settings(SETTINGS.model_copy(update={"mail_secret": None}), clock=FrozenClock(),
                                    venue_name="Seehof")


def test_no_smtp_url_means_no_mail_transport():
    assert smtp_delivery_from_settings(SETTINGS.model_copy(update={"smtp_url": None}), clock=FrozenClock(),
                                       venue_name="Seehof") is None
