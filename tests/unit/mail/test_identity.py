"""A venue's sending identity (docs/tenancy.md): its From, its default, and the plus form of its Reply-To."""

import pytest

from venuedesk.transports.mail.addresses import thread_of_address
from venuedesk.transports.mail.identity import MailFromError, identity_of, parse_mail_from
from venuedesk.transports.mail.settings import MailSettings

SETTINGS = MailSettings(mail_from="Seehof <desk@venue.example>", mail_secret="s3cret")


def test_a_from_with_a_display_name_is_read_as_name_and_address():
    assert parse_mail_from("The Atelier <desk+atelier@Example.CH>") == ("The Atelier", "desk+atelier@example.ch")


def test_a_bare_address_is_a_from_without_a_display_name():
    assert parse_mail_from("bookings@atelier.example") == ("", "bookings@atelier.example")


@pytest.mark.parametrize("value", ["", "not an address", "a@b.example, c@d.example", "desk@localhost",
                                   "Desk <desk@venue.example>\r\nBcc: x@y.example"])
def test_anything_but_one_address_with_a_domain_is_refused(value: str):
    with pytest.raises(MailFromError):
        parse_mail_from(value)


def test_the_default_venue_sends_from_the_install_address_under_its_name():
    identity = identity_of("default", None, venue_name="Seehof", settings=SETTINGS)
    assert (identity.display_name, identity.address) == ("Seehof", "desk@venue.example")


def test_another_venue_sends_from_its_plus_address_by_default():
    identity = identity_of("atelier", None, venue_name="The Atelier", settings=SETTINGS)
    assert (identity.display_name, identity.address) == ("The Atelier", "desk+atelier@venue.example")


def test_a_stored_from_without_a_display_name_takes_the_venues_name():
    identity = identity_of("atelier", "bookings@atelier.example", venue_name="The Atelier", settings=SETTINGS)
    assert str(identity.header) == "The Atelier <bookings@atelier.example>"


def test_a_reply_to_takes_the_identitys_plus_form_and_domain():
    identity = identity_of("atelier", "Atelier <desk+atelier@atelier.example>", venue_name="x", settings=SETTINGS)
    reply_to = identity.reply_to("thr_ab12", "s3cret")
    assert reply_to.startswith("desk+thr_ab12.") and reply_to.endswith("@atelier.example")
    assert thread_of_address(reply_to, domain="atelier.example", secret="s3cret") == "thr_ab12"
