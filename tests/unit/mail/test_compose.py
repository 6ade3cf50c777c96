"""Reply → mail: two bodies (text and HTML) with the tables, the actions as links and the footer in the client's
words and language; headers that thread the conversation; nothing a client or model wrote becomes markup."""

from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from venuedesk.clock import VENUE_TZ
from venuedesk.transports.mail.addresses import thread_of_address
from venuedesk.transports.mail.compose import ComposeError, compose_reply, references_for, reply_subject
from venuedesk.transports.mail.settings import MailSettings
from venuedesk.workflow.reply import Action, Reply, TableBlock, make_footer

SETTINGS = MailSettings(mail_from="desk@seehof.example", mail_secret="s3cret", smtp_url=None)
NOW = datetime(2026, 2, 2, 9, 0, tzinfo=VENUE_TZ)
VENUE = "Seehof Zürich"


def _reply(body: str = "Hello **Anna**.", *, tables: list[TableBlock] | None = None,
           actions: list[Action] | None = None, step: int = 4, next_text: str = "accept or decline the offer",
           state: str = "Awaiting Client") -> Reply:
    footer, footer_text = make_footer(step, next_text, state)  # type: ignore[arg-type]
    return Reply(thread_id="thr_ab12", turn_id="turn-1", agent="offer_agent", body_markdown=body,
                 table_blocks=tables or [], actions=actions or [], footer=footer, footer_text=footer_text)


def _link(action: Action) -> str | None:
    return None if action.name == "decline_offer" else f"https://desk.example/l/{action.name}"


def _mail(reply: Reply, *, language: str = "en", subject: str | None = "Workshop in March",
          in_reply_to: str | None = "<client-1@mail.example>", references: tuple[str, ...] = ()) -> EmailMessage:
    message = compose_reply(reply, to="anna@example.com", language=language, thread_subject=subject,
                            in_reply_to=in_reply_to, references=references, outbox_id=7, settings=SETTINGS,
                            link_for=_link, venue_name=VENUE, now=NOW)
    return message_from_bytes(message.as_bytes(), _class=EmailMessage, policy=policy.default)  # as it arrives


def _part(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    assert part is not None
    return part.get_content().replace("\r\n", "\n")


OFFER = TableBlock(title="Offer", columns=["Item", "Qty", "CHF"],
                   rows=[["Room F", 1, "600.00"], ["Coffee break", 30, "135.00"], ["Total", None, "735.00"]])
ACTIONS = [Action(name="accept_offer", label="Accept offer", style="primary"),
           Action(name="decline_offer", label="Decline", style="danger")]


@pytest.mark.parametrize(("subject", "expected"), [
    ("Workshop in March", "Re: Workshop in March"),
    ("Re: Workshop in March", "Re: Workshop in March"),
    ("RE: Re: re:Workshop in March", "Re: Workshop in March"),
    ("AW: Re[2]: Anfrage Firmenfeier", "Re: Anfrage Firmenfeier"),
    ("Fwd: Workshop", "Re: Fwd: Workshop"),
])
def test_a_reply_subject_has_exactly_one_re(subject, expected):
    assert reply_subject(subject, venue_name=VENUE, step=2, language="en") == expected


def test_a_thread_without_a_subject_gets_one_from_the_venue_and_the_step_in_the_clients_language():
    assert reply_subject(None, venue_name=VENUE, step=2, language="de") == "Ihre Anfrage bei Seehof Zürich: Datum"
    assert reply_subject("Re: ", venue_name=VENUE, step=3, language="en") == "Your inquiry with Seehof Zürich: Room"


def test_references_append_the_answered_id_to_its_references():
    assert references_for("<b@x.example>", ("<a@x.example>",)) == ("<a@x.example>", "<b@x.example>")


def test_references_drop_malformed_and_repeated_ids():
    chain = references_for("<b@x.example>", ("<a@x.example>", "garbage", "<b@x.example>", "<a@x.example>"))
    assert chain == ("<a@x.example>", "<b@x.example>")


def test_a_long_reference_chain_keeps_its_root_and_the_newest_ids():
    ids = tuple(f"<m{n}@x.example>" for n in range(30))
    chain = references_for("<last@x.example>", ids)
    assert len(chain) == 20 and chain[0] == "<m0@x.example>" and chain[-2:] == ("<m29@x.example>", "<last@x.example>")


def test_the_mail_has_a_text_and_an_html_body():
    mail = _mail(_reply())
    assert mail.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mail.iter_parts()] == ["text/plain", "text/html"]
    assert "<strong>Anna</strong>" in _part(mail, "html") and "Hello **Anna**." in _part(mail, "plain")


def test_a_table_is_an_html_table_and_an_aligned_text_table():
    mail = _mail(_reply(tables=[OFFER]))
    html, text = _part(mail, "html"), _part(mail, "plain")
    assert "<caption" in html and ">Offer</caption>" in html and ">Coffee break</td>" in html
    assert ("Item          Qty     CHF\n"
            "------------  ---  ------\n"
            "Room F          1  600.00\n"
            "Coffee break   30  135.00\n"
            "Total              735.00") in text


def test_every_action_is_a_link_from_the_signer_and_one_without_a_link_is_its_label():
    mail = _mail(_reply(actions=ACTIONS))
    html, text = _part(mail, "html"), _part(mail, "plain")
    assert '<a href="https://desk.example/l/accept_offer"' in html and ">Accept offer</a>" in html
    assert ">Decline</span>" in html and "desk.example/l/decline_offer" not in html
    assert "- Accept offer: https://desk.example/l/accept_offer" in text and "- Decline\n" in text


def test_a_row_action_is_a_link_in_its_row_and_a_numbered_link_under_the_text_table():
    table = TableBlock(title="Rooms", columns=["Room"], rows=[["Room F"], ["Room B"]],
                       row_actions=[Action(name="select_room", label="Choose Room F", args={"room_id": "room-f"})])
    mail = _mail(_reply(tables=[table]))
    assert '<a href="https://desk.example/l/select_room"' in _part(mail, "html")
    assert "Choose Room F [1]" in _part(mail, "plain") and "[1] https://desk.example/l/select_room" in _part(mail, "plain")


def test_a_link_that_is_not_http_is_never_rendered_as_a_link():
    mail = compose_reply(_reply(actions=ACTIONS[:1]), to="anna@example.com", language="en", thread_subject=None,
                         in_reply_to=None, references=(), outbox_id=7, settings=SETTINGS,
                         link_for=lambda action: "javascript:alert(1)", venue_name=VENUE, now=NOW)
    assert "javascript:" not in message_from_bytes(mail.as_bytes()).as_string()


def test_the_footer_is_in_the_clients_words_in_both_bodies():
    mail = _mail(_reply())
    footer = "Step 4 of 7 · Offer · Next: accept or decline the offer · Waiting for you"
    assert footer in _part(mail, "html") and footer in _part(mail, "plain")
    assert "State: Awaiting Client" not in mail.as_string()


def test_a_german_mail_has_the_german_footer_and_words():
    mail = _mail(_reply(step=3, next_text="Raum wählen", state="Waiting on HIL"), language="de")
    footer = "Schritt 3 von 7 · Raum · Als Nächstes: Raum wählen · Wir warten auf das Haus"
    assert footer in _part(mail, "html") and footer in _part(mail, "plain")
    assert "Sie können auch einfach auf diese E-Mail antworten." in _part(mail, "plain")
    assert '<html lang="de">' in _part(mail, "html") and mail["Content-Language"] == "de"


def test_markup_in_the_body_is_shown_as_text():
    mail = _mail(_reply('Hi <script>alert("x")</script> <img src=x onerror="alert(1)"> [x](javascript:alert(1))'))
    html = _part(mail, "html")
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html


def test_markup_in_table_cells_titles_and_labels_is_escaped():
    table = TableBlock(title="<b>Rooms</b>", columns=["<i>Room</i>"], rows=[['<img src=x onerror="alert(1)">']])
    action = Action(name="accept_offer", label='"><script>alert(1)</script>')
    html = _part(_mail(_reply(tables=[table], actions=[action])), "html")
    assert "<img" not in html and "<script" not in html and "<b>Rooms" not in html and "<i>Room" not in html


def test_a_body_image_is_not_loaded_from_the_mail():
    assert "<img" not in _part(_mail(_reply("![pixel](https://tracker.example/p.gif)")), "html")


def test_the_headers_thread_the_mail_and_name_the_venue():
    mail = _mail(_reply(), references=("<root@mail.example>",))
    assert mail["Message-ID"] == "<vd.7.thr_ab12@seehof.example>"
    assert mail["In-Reply-To"] == "<client-1@mail.example>"
    assert mail["References"] == "<root@mail.example> <client-1@mail.example>"
    assert mail["Subject"] == "Re: Workshop in March"
    assert mail["Date"] == "Mon, 02 Feb 2026 09:00:00 +0100"
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["List-Unsubscribe"] is None
    assert thread_of_address(mail["Reply-To"].addresses[0].addr_spec, domain="seehof.example",
                             secret="s3cret") == "thr_ab12"


def test_umlauts_in_the_display_name_and_subject_are_encoded_for_smtp():
    raw = compose_reply(_reply(), to="anna@example.com", language="de", thread_subject="Anfrage für März",
                        in_reply_to=None, references=(), outbox_id=7, settings=SETTINGS, link_for=_link,
                        venue_name=VENUE, now=NOW).as_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert headers.isascii() and b"=?utf-8?" in headers
    mail = message_from_bytes(raw, _class=EmailMessage, policy=policy.default)
    assert mail["Subject"] == "Re: Anfrage für März"
    assert (mail["From"].addresses[0].display_name, mail["From"].addresses[0].addr_spec) == (VENUE, "desk@seehof.example")


def test_a_first_mail_has_no_in_reply_to():
    mail = _mail(_reply(), in_reply_to=None)
    assert mail["In-Reply-To"] is None and mail["References"] is None


@pytest.mark.parametrize("to", ["not an address", "anna@localhost", "anna@example.com\r\nBcc: eve@example.com", ""])
def test_a_recipient_that_is_not_one_address_cannot_be_mailed(to):
    with pytest.raises(ComposeError):
        compose_reply(_reply(), to=to, language="en", thread_subject=None, in_reply_to=None, references=(),
                      outbox_id=7, settings=SETTINGS, link_for=_link, venue_name=VENUE, now=NOW)


def test_without_a_mail_secret_the_reply_to_cannot_be_signed():
    with pytest.raises(ComposeError, match="VENUEDESK_MAIL_SECRET"):
        compose_reply(_reply(), to="anna@example.com", language="en", thread_subject=None, in_reply_to=None,
                      references=(), outbox_id=7, settings=SETTINGS.model_copy(update={"mail_secret": None}),
                      link_for=_link, venue_name=VENUE, now=NOW)
