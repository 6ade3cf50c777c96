"""ChannelDelivery: an outbox row goes to the transport of its thread's channel; an email row with no mail transport
is refused with the reason, never passed to the in-app thread as if it were delivered."""

import pytest

from venuedesk.jobs.delivery import ChannelDelivery, Delivery, DeliveryFailed, DeliveryRefused


class Port:
    def __init__(self) -> None:
        self.rows: list[int] = []

    def deliver(self, delivery: Delivery) -> None:
        self.rows.append(delivery.outbox_id)


def _row(outbox_id: int, channel: str) -> Delivery:
    return Delivery(outbox_id=outbox_id, thread_id="thr_x", channel=channel, reply={}, attempt=1)


def test_an_email_row_goes_to_the_mail_transport():
    email, in_app = Port(), Port()
    ChannelDelivery(email=email, in_app=in_app).deliver(_row(1, "email"))
    assert (email.rows, in_app.rows) == ([1], [])


@pytest.mark.parametrize("channel", ["chat", "web", "api", "cli", "demo"])
def test_every_other_channel_is_delivered_in_app(channel):
    email, in_app = Port(), Port()
    ChannelDelivery(email=email, in_app=in_app).deliver(_row(2, channel))
    assert (email.rows, in_app.rows) == ([], [2])


def test_an_email_row_without_a_mail_transport_is_refused_with_the_setting_to_fix():
    in_app = Port()
    with pytest.raises(DeliveryRefused, match="VENUEDESK_SMTP_URL"):
        ChannelDelivery(in_app=in_app).deliver(_row(3, "email"))
    assert in_app.rows == []


def test_a_refusal_is_a_failed_delivery():
    assert issubclass(DeliveryRefused, DeliveryFailed)
