"""The deterministic understanding engine: one client message in, one `Understanding` out."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.counts import find_count
from venuedesk.understanding.dates import find_dates, find_day_of_month
from venuedesk.understanding.emails import find_email
from venuedesk.understanding.features import find_features
from venuedesk.understanding.intents import IntentFacts, find_intents
from venuedesk.understanding.language import detect_language
from venuedesk.understanding.layouts import find_layout
from venuedesk.understanding.lexicon import lexicon_for
from venuedesk.understanding.model import Understanding
from venuedesk.understanding.products import find_products
from venuedesk.understanding.relative import find_relative
from venuedesk.understanding.rooms import find_rooms
from venuedesk.understanding.sentences import split_sentences
from venuedesk.understanding.text import mask, normalize
from venuedesk.understanding.times import find_times
from venuedesk.understanding.topics import find_topics
from venuedesk.understanding.vague import find_vague


def understand(text: str, venue: Venue, today: date, *, known_language: str | None = None) -> Understanding:
    """Extract the facts and signals of one client message; `today` is the venue-local date."""
    lexicon = lexicon_for(venue)
    email, email_spans = find_email(text)
    norm = normalize(mask(text, email_spans))
    sentences = split_sentences(norm.text)
    work = norm.text

    explicit = find_dates(norm, work, today)
    work = mask(work, explicit.consumed)
    relative = find_relative(work, today)
    work = mask(work, relative.consumed)
    day_of_month, day_spans = (None, []) if explicit.dates or relative.dates else find_day_of_month(work)
    work = mask(work, day_spans)
    vague = None if explicit.dates or explicit.span or relative.dates else find_vague(work, today)

    times = find_times(norm, work, lexicon.blocked_after, lexicon.windows)
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
    return Understanding(
        language=detect_language(norm.text, known_language),
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
        intents=find_intents(norm.text, text, sentences, facts),
        topics=find_topics(norm.text, lexicon, sentences),
        problems=explicit.problems + times.problems + count.problems,
    )
