"""`VENUEDESK_SMTP_URL`: where mail leaves and how (plain, STARTTLS, TLS), with login and timeout; anything else is a
clear error that never repeats the password."""

import pytest

from venuedesk.transports.mail.smtp_url import DEFAULT_TIMEOUT_SECONDS, SmtpEndpoint, SmtpUrlError, parse_smtp_url


def test_a_plain_url_names_host_and_port():
    assert parse_smtp_url("smtp://mail.example:2525") == SmtpEndpoint(host="mail.example", port=2525)


def test_smtp_defaults_to_port_25_and_smtps_to_465_with_tls():
    assert parse_smtp_url("smtp://mail.example").port == 25
    assert (parse_smtp_url("smtps://mail.example").port, parse_smtp_url("smtps://mail.example").security) == (465, "tls")


def test_starttls_upgrades_a_plain_connection():
    assert parse_smtp_url("smtp://mail.example:587?starttls=1").security == "starttls"
    assert parse_smtp_url("smtp://mail.example:587?starttls=0").security == "plain"


def test_user_and_password_are_percent_decoded():
    endpoint = parse_smtp_url("smtp://desk%40venue.example:p%2Fss%3Aw@mail.example:587?starttls=true")
    assert (endpoint.username, endpoint.password) == ("desk@venue.example", "p/ss:w")


def test_the_password_is_not_in_the_endpoints_repr():
    assert "hunter2" not in repr(parse_smtp_url("smtp://desk:hunter2@mail.example"))


def test_the_timeout_defaults_and_can_be_set():
    assert parse_smtp_url("smtp://mail.example").timeout == DEFAULT_TIMEOUT_SECONDS
    assert parse_smtp_url("smtp://mail.example?timeout=2.5").timeout == 2.5


@pytest.mark.parametrize(("url", "says"), [
    ("http://mail.example", "smtp:// or smtps://"),
    ("mail.example:25", "smtp:// or smtps://"),
    ("smtp://", "names no host"),
    ("smtp://mail.example:99999", "invalid port"),
    ("smtp://mail.example?tls=1", "unknown option"),
    ("smtp://mail.example?starttls=maybe", "starttls must be 1 or 0"),
    ("smtps://mail.example?starttls=1", "TLS already"),
    ("smtp://mail.example?timeout=soon", "number of seconds"),
    ("smtp://mail.example?timeout=0", "between 0 and"),
])
def test_a_url_that_names_no_smtp_server_is_a_clear_error(url, says):
    with pytest.raises(SmtpUrlError, match=says):
        parse_smtp_url(url)


def test_an_error_never_repeats_the_password():
    with pytest.raises(SmtpUrlError) as error:
        parse_smtp_url("smtp://desk:hunter2@mail.example?bogus=1")
    assert "hunter2" not in str(error.value)
