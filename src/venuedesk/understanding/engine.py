"""The deterministic understanding engine: one client message in, one `Understanding` out."""

from __future__ import annotations

from datetime import date

from venuedesk.domain.catalogue import Venue
from venuedesk.understanding.billing import find_billing
from venuedesk.understanding.cancellation import wants_cancellation
from venuedesk.understanding.capture import has_booking_facts
from venuedesk.understanding.choices import Resolved, find_pick, resolve_assent, resolve_pick
from venuedesk.understanding.catering_words import find_unknown_items
from venuedesk.understanding.confirming import confirmed_by
from venuedesk.understanding.context import NO_CONTEXT, MessageContext
from venuedesk.understanding.counts import find_count
from venuedesk.understanding.dates import find_dates, find_day_of_month
from venuedesk.understanding.emails import find_email
from venuedesk.understanding.features import find_features
from venuedesk.understanding.general_questions import general_question_spans
from venuedesk.understanding.in_context import day_in_context, weekday_in_context
from venuedesk.understanding.inquiries import split_new_inquiry
from venuedesk.understanding.intents import IntentFacts, find_intents
from venuedesk.understanding.kept_dates import refers_to_focus, without_focus
from venuedesk.understanding.language import detect_language
from venuedesk.understanding.layout_typos import TYPO_SCORE, find_misspelt_layout
from venuedesk.understanding.layouts import find_layout
from venuedesk.understanding.lexicon import lexicon_for
from venuedesk.understanding.mail_text import ReplyParts, asks_head_count, split_reply
from venuedesk.understanding.model import FactConfidence, Intent, ProductMention, Understanding
from venuedesk.understanding.money import find_amounts
from venuedesk.understanding.multi_day import is_multi_day
from venuedesk.understanding.negotiation import find_negotiation
from venuedesk.understanding.occasions import find_occasion
from venuedesk.understanding.offer_stage import not_event_dates, offer_intents, pending_sentences
from venuedesk.understanding.products import find_products
from venuedesk.understanding.relative import find_relative
from venuedesk.understanding.rooms import find_rooms
from venuedesk.understanding.sentences import split_sentences
from venuedesk.understanding.serving_times import serving_time_only
from venuedesk.understanding.signals import find_payment, wants_calendar, wants_site_visit
from venuedesk.understanding.text import mask, normalize
from venuedesk.understanding.times import find_times
from venuedesk.understanding.topics import find_topics, topic_question_clauses
from venuedesk.understanding.vague import find_vague

END_ASSUMED_SCORE = 0.6  # a window whose end the client did not give is confirmed before the desk acts on it


def understand(
    text: str, venue: Venue, today: date, *, known_language: str | None = None,
    context: MessageContext = NO_CONTEXT, split_mail: bool = True,
) -> Understanding:
    """Extract the facts and signals of one client message; `today` is the venue-local date.

    `context` is what the desk last said (docs/design.md §4.4): short and partial answers are read against it.
    Only the client's new text is read: quoted history and the signature never supply facts (`split_reply`).
    `split_mail=False` says `text` already is the client's new text (the desk splits each mail once and hands
    only that on), so it is not split again.
    A second, separate inquiry in the message (§4.3) is flagged `new_inquiry`; the facts are this event's only,
    read from the part before it (the engine opens a thread for the rest).
    """
    parts = split_reply(text) if split_mail else ReplyParts(body=text)
    text = parts.body
    if "participants" not in context.asked and asks_head_count(parts.quoted):
        # The client answers a quoted "how many guests?" (inline or below their reply): a bare number is the count.
        context = context.model_copy(update={"asked": (*context.asked, "participants")})
    lexicon = lexicon_for(venue)
    split = split_new_inquiry(text, lexicon.occasions)
    if split is not None:
        own = _with_new_inquiry(split[0], text, venue, today, known_language, context)
        if own is not None:
            return own
    email, email_spans = find_email(text)
    billing = find_billing(mask(text, email_spans), (lexicon.rooms, lexicon.products))
    norm = normalize(mask(text, email_spans + billing.consumed))
    sentences = split_sentences(norm.text)
    amounts = find_amounts(norm.text, [(s.start, s.end) for s in sentences])
    payment = find_payment(norm.text)
    # Money never becomes a count or a time; payment, visit, decline and decision words never date the event.
    work = mask(norm.text, [(a.start, a.end) for a in amounts])
    dated = mask(work, not_event_dates(norm.text, sentences, payment,
                                       date_in_focus=context.date_in_focus is not None))

    explicit = find_dates(norm, dated, today)
    work = mask(work, explicit.consumed)
    dated = mask(dated, explicit.consumed)
    relative = find_relative(dated, today, context.date_in_focus)
    work = mask(work, relative.consumed)
    dated = mask(dated, relative.consumed)
    day_of_month, day_spans = (None, []) if explicit.dates or relative.dates else find_day_of_month(dated)
    work = mask(work, day_spans)
    dated = mask(dated, day_spans)
    general = mask(dated, general_question_spans(norm.text, sentences))  # "is it warmer in June?"
    vague = None if explicit.dates or explicit.span or relative.dates else find_vague(general, today)
    if refers_to_focus(vague, context):
        vague = None  # "Für April ist alles klar" about an event on 16 April: that date, no new wish
    in_context = day_in_context(day_of_month, context, today) if day_of_month else None
    if in_context is not None:
        day_of_month = None
    shown_weekday, weekday_confidence = weekday_in_context(vague, context)
    if shown_weekday:
        vague = None

    times = find_times(norm, dated, lexicon.blocked_after, lexicon.windows)
    work = mask(work, times.consumed)
    rooms = find_rooms(norm, work, lexicon, sentences)
    work = mask(work, rooms.consumed)
    occasion = find_occasion(work, lexicon, sentences)
    products = find_products(work, lexicon, sentences, occasion.spans)
    work = mask(work, products.consumed)
    unknown = find_unknown_items(work, norm)
    work = mask(work, unknown.consumed)
    count = find_count(norm, work, answers_count="participants" in context.asked)
    window = times.window
    if window is not None and window.named and serving_time_only(
            norm.text, times.consumed, products.consumed + unknown.consumed, occasion.spans + rooms.consumed, sentences):
        window = None  # "am Nachmittag ein Zvieri": when the snack comes, not the event's window
    venue_questions = topic_question_clauses(norm.text, lexicon, sentences)
    if window is not None and window.named and _inside(times.consumed, venue_questions):
        window = None  # "Kann man die Dekoration am Vormittag bringen?": a venue question, not the event's window

    dates = [value for _, value in sorted(explicit.dates + relative.dates, key=lambda item: item[0])]
    dates += ([in_context] if in_context else []) + shown_weekday
    dates = without_focus(dates, norm.text, context)
    span = explicit.span or relative.span
    multi_day = is_multi_day(norm.text, explicit.consumed + relative.consumed, span, len(set(dates)))
    facts = IntentFacts(
        has_date=bool(dates or span or vague or day_of_month),
        has_participants=count.participants is not None,
        room_chosen=rooms.chosen,
    )
    facts_given = bool(dates or span or vague or day_of_month or count.participants or window
                       or rooms.rooms or products.products or products.removed or email or billing.address)
    negotiation = find_negotiation(norm.text, sentences, amounts, has_other_facts=facts_given)
    signals: list[Intent] = ["payment_claimed"] if payment.claimed else []
    signals += ["site_visit"] if wants_site_visit(norm.text) else []
    signals += ["calendar_request"] if wants_calendar(norm.text) else []
    signals += ["cancel"] if wants_cancellation(norm.text, sentences) else []
    intents = offer_intents(find_intents(norm.text, text, sentences, facts, venue_questions), negotiation,
                            pending=bool(pending_sentences(norm.text, sentences)), signals=signals)
    layout = find_layout(norm.text)
    typo = find_misspelt_layout(norm.text) if layout is None else None
    layout = typo.layout if typo is not None else layout
    reading = Understanding(
        # Room and product names are catalogue words in either language, no sign of the client's language.
        language=detect_language(mask(norm.text, rooms.consumed + products.consumed), known_language),
        email=email,
        dates=list(dict.fromkeys(dates)),
        span=span,
        day_of_month=day_of_month,
        vague=vague,
        window=window,
        same_time=times.same_time,
        participants=count.participants,
        layout=layout,
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
        event_type=occasion.event_type,
        catering_implied=_catering_implied(venue, occasion.event_type, products.products, products.no_products),
        unknown_items=unknown.items,
        multi_day=multi_day,
        confidence=([count.confidence] if count.confidence else [])
        + ([weekday_confidence] if weekday_confidence else [])
        + ([FactConfidence(fact="window", score=END_ASSUMED_SCORE, reason="only the start was given")]
           if times.end_assumed and window is not None else [])
        + ([FactConfidence(fact="layout", score=TYPO_SCORE, reason="read from a misspelt word")]
           if typo is not None and not typo.cued else []),
        confirmed=confirmed_by(norm.text, context.confirming),
    )
    return _with_choice(reading, text, venue, context)


def _inside(spans: list[tuple[int, int]], clauses: list[tuple[int, int]]) -> bool:
    """Every span lies inside one of the clauses."""
    return bool(spans) and all(any(start <= s and e <= end for start, end in clauses) for s, e in spans)


def _with_new_inquiry(
    own_part: str, text: str, venue: Venue, today: date, known_language: str | None, context: MessageContext,
) -> Understanding | None:
    """This event's facts from the part before the new inquiry, in the language of the whole message; None when
    the message is the first of an event and says nothing of its own before it (then the whole message is it)."""
    language = detect_language(normalize(text).text, known_language)
    reading = Understanding(language=language) if not own_part.strip() else \
        understand(own_part, venue, today, known_language=language, context=context, split_mail=False)
    intents: list[Intent] = [intent for intent in reading.intents if intent != "greeting"]
    if context == NO_CONTEXT and not has_booking_facts(reading) and "event_request" not in intents:
        return None
    return reading.model_copy(update={"language": language, "intents": [*intents, "new_inquiry"]})


def _with_choice(reading: Understanding, text: str, venue: Venue, context: MessageContext) -> Understanding:
    """A short answer that picks an option last shown ("the second one", "die erste", "ok" to a single date)
    gives that option as the fact, so the engine acts on it like a named one (docs/understanding.md)."""
    if reading.dates or reading.span or reading.day_of_month or reading.rooms or reading.products:
        return reading
    pick = find_pick(text)
    if pick is not None:
        resolved = resolve_pick(pick, context, venue)
        position = pick.position
        if resolved is not None and (pick.cheapest or position is not None and position < 0):
            position = _position_of(context, resolved)
        elif resolved is None and pick.only_one:
            position = None  # "that one" of several names no position: the desk asks which
        update: dict[str, object] = {"choice": position, "choice_cheapest": pick.cheapest}
    elif reading.negotiation is not None and reading.negotiation.strength == "weak":
        resolved, update = resolve_assent(context), {}
    else:
        return reading
    if resolved is not None:
        update.update(_facts_of(resolved, reading))
    return reading.model_copy(update=update)


def _position_of(context: MessageContext, resolved: Resolved) -> int:
    """The 1-based position of the resolved option in the list it was shown in."""
    chosen: object = (resolved.dates or resolved.rooms or resolved.products)[0]
    return resolved_list(context, resolved).index(chosen) + 1


def resolved_list(context: MessageContext, resolved: Resolved) -> tuple[object, ...]:
    """The list shown that the resolved option comes from."""
    if resolved.dates:
        return context.dates_shown
    return context.rooms_shown if resolved.rooms else context.products_shown


def _facts_of(resolved: Resolved, reading: Understanding) -> dict[str, object]:
    if resolved.dates:
        return {"dates": list(resolved.dates)}
    if resolved.rooms:
        intents = [*reading.intents, "room_choice"] if "room_choice" not in reading.intents else reading.intents
        return {"rooms": list(resolved.rooms), "intents": intents}
    return {"products": [ProductMention(product_id=pid) for pid in resolved.products]}


def _catering_implied(venue: Venue, event_type: str | None, named: list[ProductMention], none: bool) -> list[str]:
    """The meal the occasion implies when the message orders none of its options ("lunch meeting" → lunch)."""
    occasion = venue.event_type(event_type)
    if occasion is None or occasion.meal is None or none:
        return []
    options = {product.id for product in venue.meal_options(occasion.meal)}
    return [] if any(mention.product_id in options for mention in named) else [occasion.meal]

