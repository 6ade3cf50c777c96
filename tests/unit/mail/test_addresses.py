"""Mail identities that thread a conversation: our Message-IDs and signed plus addresses name one thread only."""

from venuedesk.transports.mail.addresses import (
    outbound_message_id,
    reply_to_address,
    thread_of_address,
    thread_of_message_id,
)

DOMAIN = "venue.example"
SECRET = "s3cret"


def test_an_outbound_message_id_names_its_thread():
    assert thread_of_message_id(outbound_message_id(7, "thr_ab12", DOMAIN), DOMAIN) == "thr_ab12"


def test_a_message_id_of_another_domain_names_no_thread():
    assert thread_of_message_id(outbound_message_id(7, "thr_ab12", "other.example"), DOMAIN) is None


def test_a_foreign_message_id_names_no_thread():
    assert thread_of_message_id("<CAF=abc@mail.gmail.com>", DOMAIN) is None


def test_a_signed_plus_address_names_its_thread():
    address = reply_to_address("thr_ab12", mailbox="desk", domain=DOMAIN, secret=SECRET)
    assert address.startswith("desk+thr_ab12.")
    assert thread_of_address(address, domain=DOMAIN, secret=SECRET) == "thr_ab12"


def test_a_plus_address_with_a_forged_thread_names_no_thread():
    address = reply_to_address("thr_ab12", mailbox="desk", domain=DOMAIN, secret=SECRET)
    assert thread_of_address(address.replace("thr_ab12", "thr_zz99"), domain=DOMAIN, secret=SECRET) is None


def test_a_plus_address_signed_with_another_secret_names_no_thread():
    address = reply_to_address("thr_ab12", mailbox="desk", domain=DOMAIN, secret="other")
    assert thread_of_address(address, domain=DOMAIN, secret=SECRET) is None


def test_the_plain_desk_address_names_no_thread():
    assert thread_of_address(f"desk@{DOMAIN}", domain=DOMAIN, secret=SECRET) is None
