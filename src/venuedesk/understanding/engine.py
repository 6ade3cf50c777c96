"""The deterministic understanding engine: one client message in, one `Understanding` out."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.billing import find_billing
from venuedesk.understanding.cancellation import wants_cancellation
from venuedesk.understanding.context import NO_CONTEXT, MessageContext
from venuedesk.understanding.counts import find_count
from venuedesk.understanding.dates import find_dates, find_day_of_month
from venuedesk.understanding.emails import find_email
from venuedesk.understanding.features import find_features
from venuedesk.understanding.intents import IntentFacts, find_intents
from venuedesk.understanding.language import detect_language
from venuedesk.understanding.layouts import find_layout
from venuedesk.understanding.lexicon import lexicon_for
from venuedesk.understanding.mail_text import split_reply
from venuedesk.understanding.model import Intent, Understanding
from venuedesk.understanding.money import find_amounts
from venuedesk.understanding.negotiation import find_negotiation
from venuedesk.understanding.offer_stage import not_event_dates, offer_intents, pending_sentences
from venuedesk.understanding.products import find_products
from venuedesk.understanding.relative import find_relative
from venuedesk.understanding.rooms import find_rooms
from venuedesk.understanding.sentences import split_sentences
from venuedesk.understanding.signals import find_payment, wants_calendar, wants_site_visit
from venuedesk.understanding.text import mask, normalize
from venuedesk.understanding.times import find_times
from venuedesk.understanding.topics import find_topics
from venuedesk.understanding.vague import find_vague


def understand(
    text: str, venue: Venue, today: date, *, known_language: str | None = None,
    context: MessageContext = NO_CONTEXT,
) -> Understanding:
    """Extract the facts and signals of one client message; `today` is the venue-local date.

    `context` is what the desk last said (docs/design.md §4.4): short and partial answers are read against it.
    Only the client's new text is read: quoted history and the signature never supply facts (`split_reply`).
    """
    text = split_reply(text).body
    lexicon = lexicon_for(venue)
    email, email_spans = find_email(text)
    billing = find_billing(mask(text, email_spans), (lexicon.rooms, lexicon.products))
    norm = normalize(mask(text, email_spans + billing.consumed))
    sentences = split_sentences(norm.text)
    amounts = find_amounts(norm.text, [(s.start, s.end) for s in sentences])
    payment = find_payment(norm.text)
    # Money never becomes a count or a time; payment, visit, decline and decision words never date the event.
    work = mask(norm.text, [(a.start, a.end) for a in amounts])
    dated = mask(work, not_event_dates(norm.text, sentences, payment))

    explicit = find_dates(norm, dated, today)
    work = mask(work, explicit.consumed)
    dated = mask(dated, explicit.consumed)
    relative = find_relative(dated, today)
    work = mask(work, relative.consumed)
    dated = mask(dated, relative.consumed)
    day_of_month, day_spans = (None, []) if explicit.dates or relative.dates else find_day_of_month(dated)
    work = mask(work, day_spans)
    dated = mask(dated, day_spans)
    vague = None if explicit.dates or explicit.span or relative.dates else find_vague(dated, today)

    times = find_times(norm, dated, lexicon.blocked_after, lexicon.windows)
    work = mask(work, times.consumed)
    rooms = find_rooms(norm, work, lexicon, sentences)
    work = mask(work, rooms.consumed)
    products = find_products(work, lexicon, sentences)
    work = mask(work, products.consumed)
    count = find_count(norm, work)

    dates = [value for _, value in sorted(explicit.dates + relative.dates, key=lambda item: item[0])]
    span = explicit.span or relative.span
    facts = IntentFacts(
        has_date=bool(dates or span or vague or day_of_month),
        has_participants=count.participants is not None,
        room_chosen=rooms.chosen,
    )
    facts_given = bool(dates or span or vague or day_of_month or count.participants or times.window
                       or rooms.rooms or products.products or products.removed or email or billing.address)
    negotiation = find_negotiation(norm.text, sentences, amounts, has_other_facts=facts_given)
    signals: list[Intent] = ["payment_claimed"] if payment.claimed else []
    signals += ["site_visit"] if wants_site_visit(norm.text) else []
    signals += ["calendar_request"] if wants_calendar(norm.text) else []
    signals += ["cancel"] if wants_cancellation(norm.text, sentences) else []
    intents = offer_intents(find_intents(norm.text, text, sentences, facts), negotiation,
                            pending=bool(pending_sentences(norm.text, sentences)), signals=signals)
    return Understanding(
        # Room and product names are catalogue words in either language, no sign of the client's language.
        language=detect_language(mask(norm.text, rooms.consumed + products.consumed), known_language),
        email=email,
        dates=list(dict.fromkeys(dates)),
        span=span,
        day_of_month=day_of_month,
        vague=vague,
        window=times.window,
        same_time=times.same_time,
        participants=count.participants,
        layout=find_layout(norm.text),
        products=products.products,
        products_removed=products.removed,
        products_asked=products.asked,
        no_products=products.no_products,
        features=find_features(norm.text, venue, sentences),
        rooms=rooms.rooms,
        rooms_rejected=rooms.rejected,
        intents=intents if "injection" not in intents else ["injection"],
        topics=find_topics(norm.text, lexicon, sentences),
        problems=explicit.problems + times.problems + count.problems,
        negotiation=negotiation if "injection" not in intents else None,
        billing=billing.address,
    )

