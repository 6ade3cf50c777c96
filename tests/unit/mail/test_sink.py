"""The mail demo's sink: a real local SMTP server that prints each mail the desk sends as a person reads it."""

import smtplib
from email.message import EmailMessage
from urllib.parse import urlsplit

from venuedesk.transports.mail.sink import PrintingHandler, smtp_sink


def test_the_printing_sink_prints_who_what_and_the_text_of_each_mail() -> None:
    printed: list[str] = []
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "desk@venue.example", "anna@example.com", "Re: Workshop"
    message.set_content("Room B is free on 10 March.")
    with smtp_sink(handler=PrintingHandler(out=printed.append)) as sink:
        url = urlsplit(sink.url)
        with smtplib.SMTP(url.hostname or "127.0.0.1", url.port or 25, timeout=10) as client:
            client.send_message(message)
    [shown] = printed
    assert "Subject: Re: Workshop" in shown and "To: anna@example.com" in shown
    assert "Room B is free on 10 March." in shown
