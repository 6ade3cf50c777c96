"""Client-facing phrases in English and German; room and product names stay untranslated."""

from __future__ import annotations

from datetime import date

_TEXTS: dict[str, dict[str, str]] = {
    "ask_email": {
        "en": "Which email address should we use for your offer?",
        "de": "An welche E-Mail-Adresse dürfen wir Ihr Angebot senden?",
    },
    "not_event": {
        "en": "This desk handles event bookings at {venue}. Tell us the date, the number of guests and the kind "
        "of event, and we will find you a room.",
        "de": "Hier werden Anlässe im {venue} gebucht. Nennen Sie uns Datum, Anzahl Gäste und Art des Anlasses, "
        "und wir finden den passenden Raum.",
    },
    "greeting": {
        "en": "Hello and welcome to {venue}! Tell us about your event: date, number of guests and kind of event.",
        "de": "Grüezi und willkommen im {venue}! Erzählen Sie uns von Ihrem Anlass: Datum, Anzahl Gäste und Art.",
    },
    "ask_date": {
        "en": "Which date do you have in mind? These are the next free dates:",
        "de": "Welches Datum schwebt Ihnen vor? Das sind die nächsten freien Daten:",
    },
    "proposed_dates": {
        "en": "These dates are free for {request}:",
        "de": "Diese Daten sind frei für {request}:",
    },
    "no_dates_found": {
        "en": "I found no free date for {request}. Could you give us another month or weekday?",
        "de": "Für {request} habe ich kein freies Datum gefunden. Passt ein anderer Monat oder Wochentag?",
    },
    "ask_window": {
        "en": "{date} is free. Which times do you need? If you don't mind, we'll plan 14:00–18:00.",
        "de": "Der {date} ist frei. Zu welchen Zeiten brauchen Sie den Raum? Sonst planen wir 14:00–18:00.",
    },
    "date_confirmed": {
        "en": "{date}, {start}–{end} is confirmed.",
        "de": "{date}, {start}–{end} ist bestätigt.",
    },
    "date_past": {
        "en": "{date} is in the past.",
        "de": "Der {date} liegt in der Vergangenheit.",
    },
    "date_too_soon": {
        "en": "{date} is too soon: we need at least {lead} days to prepare, so the first bookable date is {first}.",
        "de": "Der {date} ist zu kurzfristig: wir brauchen mindestens {lead} Tage Vorlauf, frühestens also am {first}.",
    },
    "date_too_late": {
        "en": "{date} is too far ahead: we take bookings up to {last}.",
        "de": "Der {date} liegt zu weit in der Zukunft: wir nehmen Buchungen bis am {last} an.",
    },
    "date_closed": {
        "en": "{date} is a closed day at the venue ({reason}).",
        "de": "Am {date} ist das Haus geschlossen ({reason}).",
    },
    "date_no_room_fits": {
        "en": "No room holds {participants} guests{layout_words}: our largest room takes {capacity} in {layout} layout.",
        "de": "Kein Raum fasst {participants} Gäste{layout_words}: unser grösster Raum fasst {capacity} in "
        "{layout}-Bestuhlung.",
    },
    "date_fully_booked": {
        "en": "On {date} every room that fits your group is already booked for that time.",
        "de": "Am {date} sind alle passenden Räume zu dieser Zeit bereits gebucht.",
    },
    "alternatives": {
        "en": "These nearby dates are free:",
        "de": "Diese Daten in der Nähe sind frei:",
    },
    "ask_participants": {
        "en": "How many guests are you expecting?",
        "de": "Mit wie vielen Gästen rechnen Sie?",
    },
    "rooms_table": {
        "en": "These rooms fit {participants} guests on {date}, {start}–{end}:",
        "de": "Diese Räume passen für {participants} Gäste am {date}, {start}–{end}:",
    },
    "room_held": {
        "en": "{room} is reserved for you on option until {expires}.",
        "de": "{room} ist bis am {expires} als Option für Sie reserviert.",
    },
    "room_kept": {
        "en": "{room} still fits and stays reserved for you.",
        "de": "{room} passt weiterhin und bleibt für Sie reserviert.",
    },
    "room_moved": {
        "en": "{room} is free on {date} too; your option moves with you.",
        "de": "{room} ist auch am {date} frei; Ihre Option zieht mit.",
    },
    "room_on_option": {
        "en": "{room} is on option for another event at that time (waitlist possible).",
        "de": "{room} ist zu dieser Zeit für einen anderen Anlass optioniert (Warteliste möglich).",
    },
    "room_booked": {
        "en": "{room} is already booked at that time.",
        "de": "{room} ist zu dieser Zeit bereits gebucht.",
    },
    "room_too_small": {
        "en": "{room} takes at most {capacity} guests{layout_words}, so it is too small for {participants}.",
        "de": "{room} fasst höchstens {capacity} Gäste{layout_words} und ist für {participants} zu klein.",
    },
    "room_layout": {
        "en": "{room} cannot be set up in {layout} layout.",
        "de": "{room} lässt sich nicht in {layout}-Bestuhlung einrichten.",
    },
    "room_min_guests": {
        "en": "{room} is for groups of at least {min_guests}.",
        "de": "{room} ist für Gruppen ab {min_guests} Personen.",
    },
    "room_released": {
        "en": "{room} no longer fits, so we released it.",
        "de": "{room} passt nicht mehr, deshalb haben wir die Option freigegeben.",
    },
    "room_taken_new_date": {
        "en": "{room} is not free on {date}, so we released it; please choose a room for the new date.",
        "de": "{room} ist am {date} nicht frei, deshalb haben wir die Option freigegeben; bitte wählen Sie einen "
        "Raum für das neue Datum.",
    },
    "no_room_fits": {
        "en": "No room holds {participants} guests{layout_words}: our largest room takes {capacity} in {layout} "
        "layout. You could choose another layout (standing takes up to {standing}), split the group, or pick "
        "another date.",
        "de": "Kein Raum fasst {participants} Gäste{layout_words}: unser grösster Raum fasst {capacity} in "
        "{layout}-Bestuhlung. Möglich wären eine andere Bestuhlung (stehend bis {standing}), eine kleinere "
        "Gruppe oder ein anderes Datum.",
    },
    "no_room_free": {
        "en": "Every room that fits is taken at that time. Would another date or time work?",
        "de": "Alle passenden Räume sind zu dieser Zeit belegt. Passt ein anderes Datum oder eine andere Zeit?",
    },
    "ask_products": {
        "en": "Would you like catering or equipment? For {room} we suggest:",
        "de": "Wünschen Sie Verpflegung oder Technik? Für {room} empfehlen wir:",
    },
    "products_noted": {
        "en": "Noted: {items}.",
        "de": "Notiert: {items}.",
    },
    "products_removed": {
        "en": "Removed: {items}.",
        "de": "Entfernt: {items}.",
    },
    "product_not_served": {
        "en": "{product} cannot be served in {room}.",
        "de": "{product} ist in {room} nicht möglich.",
    },
    "product_out_of_season": {
        "en": "{product} is a seasonal menu served in {months}, not on your date.",
        "de": "{product} ist ein saisonales Menü ({months}) und an Ihrem Datum nicht erhältlich.",
    },
    "offer_held": {
        "en": "Thank you! Your offer (version {version}) is ready and our team is reviewing it; you will receive "
        "it shortly.",
        "de": "Vielen Dank! Ihr Angebot (Version {version}) ist erstellt und wird von unserem Team geprüft; Sie "
        "erhalten es in Kürze.",
    },
    "offer_deposit": {
        "en": "A deposit of CHF {amount} is due by {due}.",
        "de": "Eine Anzahlung von CHF {amount} ist bis am {due} fällig.",
    },
    "holding": {
        "en": "Thanks for your message. Your offer is with our team for review; you will hear from us shortly.",
        "de": "Danke für Ihre Nachricht. Ihr Angebot liegt bei unserem Team zur Prüfung; Sie hören in Kürze von uns.",
    },
    "holding_team": {
        "en": "Thanks for your message. Our team is looking into your request and will get back to you shortly.",
        "de": "Danke für Ihre Nachricht. Unser Team kümmert sich um Ihr Anliegen und meldet sich in Kürze.",
    },
    "manual_review": {
        "en": "Thank you! Our team will get back to you personally about this.",
        "de": "Vielen Dank! Unser Team meldet sich persönlich bei Ihnen dazu.",
    },
    "injection": {
        "en": "I can't change prices, steps or confirmations from a message; those follow the venue's rules.",
        "de": "Preise, Schritte und Bestätigungen kann ich nicht per Nachricht ändern; dafür gelten die Regeln "
        "des Hauses.",
    },
    "unknown_question": {
        "en": "I don't have an answer to that here; our team will gladly help.",
        "de": "Darauf habe ich hier keine Antwort; unser Team hilft gerne weiter.",
    },
    "problem_invalid_date": {
        "en": "\"{text}\" is not a date in the calendar. Which date did you mean?",
        "de": "\"{text}\" gibt es im Kalender nicht. Welches Datum meinen Sie?",
    },
    "problem_past_date": {
        "en": "\"{text}\" is in the past. Which date did you mean?",
        "de": "\"{text}\" liegt in der Vergangenheit. Welches Datum meinen Sie?",
    },
    "problem_weekday_mismatch": {
        "en": "\"{text}\": the weekday and the date don't match. Which one is right?",
        "de": "\"{text}\": Wochentag und Datum passen nicht zusammen. Was stimmt?",
    },
    "problem_participants": {
        "en": "\"{text}\" can't be a number of guests. How many people are you expecting?",
        "de": "\"{text}\" kann keine Anzahl Gäste sein. Mit wie vielen Personen rechnen Sie?",
    },
    "problem_time": {
        "en": "\"{text}\" doesn't look like a valid time window. From when to when do you need the room?",
        "de": "\"{text}\" ist kein gültiges Zeitfenster. Von wann bis wann brauchen Sie den Raum?",
    },
    "problem_generic": {
        "en": "I'm not sure about \"{text}\". Could you say it another way?",
        "de": "Bei \"{text}\" bin ich unsicher. Können Sie es anders formulieren?",
    },
    "window_after_closing": {
        "en": "{venue} closes at {close}, so we can't book {start}–{end}: the latest possible end is "
        "{close}.",
        "de": "Das Haus schliesst um {close}, deshalb können wir {start}–{end} nicht buchen: das späteste "
        "Ende ist {close}.",
    },
    "window_before_opening": {
        "en": "{venue} opens at {open}, so we can't start at {start}: the earliest possible start is {open}.",
        "de": "Das Haus öffnet um {open}, deshalb können wir nicht um {start} beginnen: der früheste Beginn "
        "ist {open}.",
    },
    "window_suggestion": {
        "en": "Shall we plan {start}–{end}?",
        "de": "Sollen wir {start}–{end} einplanen?",
    },
    "window_other_time": {
        "en": "Which time would suit you instead?",
        "de": "Welche Zeit passt Ihnen stattdessen?",
    },
    "use_window_label": {"en": "Use {start}–{end}", "de": "{start}–{end} übernehmen"},
    "hil_already_decided": {
        "en": "This task was already decided ({status}); nothing changed.",
        "de": "Diese Aufgabe wurde bereits entschieden ({status}); nichts wurde geändert.",
    },
    "hil_rejected": {
        "en": "Draft rejected; a new draft of offer version {version} waits for review.",
        "de": "Entwurf abgelehnt; ein neuer Entwurf der Angebotsversion {version} wartet auf Prüfung.",
    },
    "hil_closed": {
        "en": "Task closed; the client was not sent anything.",
        "de": "Aufgabe geschlossen; dem Kunden wurde nichts gesendet.",
    },
    "turn_failed": {
        "en": "Thank you, we have noted your message. Something on our side needs a closer look, so the "
        "venue's team will check your request and get back to you.",
        "de": "Vielen Dank, wir haben Ihre Nachricht notiert. Bei uns muss etwas genauer angeschaut werden; "
        "das Team des Hauses prüft Ihre Anfrage und meldet sich bei Ihnen.",
    },
    "tool_failure": {
        "en": "Something went wrong on our side; our team has been told and will get back to you.",
        "de": "Bei uns ist etwas schiefgelaufen; unser Team ist informiert und meldet sich bei Ihnen.",
    },
    # ---- manager context, edits and stale actions (branch `manager`; keep these together) ----
    "offer_intro": {
        "en": "Here is your offer for {date}, {start}–{end}, in {room} for {participants} guests.",
        "de": "Hier ist Ihr Angebot für den {date}, {start}–{end}, in {room} für {participants} Gäste.",
    },
    "offer_total": {
        "en": "**Total: CHF {total}** (incl. VAT 8.1 %: CHF {vat}).",
        "de": "**Total: CHF {total}** (inkl. MWST 8.1 %: CHF {vat}).",
    },
    "stale_dates_settled": {
        "en": "Your date, {date}, is confirmed and {room} is reserved for you, so that date button no longer "
        "applies; nothing was changed. To move the event, just write the new date.",
        "de": "Ihr Datum, {date}, ist bestätigt und {room} für Sie reserviert; diese Datumsauswahl gilt deshalb "
        "nicht mehr, und es wurde nichts geändert. Für ein anderes Datum schreiben Sie uns einfach das neue.",
    },
    "stale_rooms_offered": {
        "en": "Your offer (version {version}) is already prepared for {room}, so that room button no longer "
        "applies; nothing was changed. To change the room, just write which one you would like.",
        "de": "Ihr Angebot (Version {version}) ist bereits für {room} erstellt; diese Raumauswahl gilt deshalb "
        "nicht mehr, und es wurde nichts geändert. Für einen anderen Raum schreiben Sie uns einfach, welchen.",
    },
    "stale_table": {
        "en": "That button is from an earlier list that has since been replaced, so nothing was changed.",
        "de": "Diese Schaltfläche stammt aus einer früheren, inzwischen ersetzten Liste; es wurde nichts geändert.",
    },
    "stale_offer_replaced": {
        "en": "That button belongs to an earlier offer; the current offer is version {new}, so nothing was "
        "changed.",
        "de": "Diese Schaltfläche gehört zu einem früheren Angebot; aktuell gilt Version {new}, deshalb wurde "
        "nichts geändert.",
    },
    "stale_offer_reviewing": {
        "en": "That offer has been replaced: version {new} is with our team for review and will reach you "
        "shortly. Nothing was changed.",
        "de": "Dieses Angebot wurde ersetzt: Version {new} wird von unserem Team geprüft und erreicht Sie in "
        "Kürze. Es wurde nichts geändert.",
    },
    "stale_offer_none": {
        "en": "There is no offer to answer yet, so nothing was changed.",
        "de": "Es liegt noch kein Angebot vor, deshalb wurde nichts geändert.",
    },
    "stale_current_options": {
        "en": "These are your current options:",
        "de": "Das sind Ihre aktuellen Möglichkeiten:",
    },
}

NEXT: dict[str, dict[str, str]] = {
    "email": {"en": "share your email address", "de": "E-Mail-Adresse angeben"},
    "describe": {"en": "tell us about your event", "de": "Anlass beschreiben"},
    "date": {"en": "choose a date", "de": "Datum wählen"},
    "window": {"en": "confirm the time window", "de": "Zeitfenster bestätigen"},
    "participants": {"en": "tell us the number of guests", "de": "Anzahl Gäste angeben"},
    "room": {"en": "choose a room", "de": "Raum wählen"},
    "products": {"en": "choose catering and extras", "de": "Verpflegung und Extras wählen"},
    "clarify": {"en": "clarify your request", "de": "Angaben präzisieren"},
    "review": {"en": "the venue reviews your offer", "de": "das Haus prüft Ihr Angebot"},
    "answer_offer": {"en": "accept, decline or ask for changes", "de": "annehmen, ablehnen oder Änderungen wünschen"},
    "venue_answers": {"en": "the venue answers you", "de": "das Haus antwortet Ihnen"},
}

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
}
_WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
}


def say(key: str, language: str, **values: object) -> str:
    """The phrase `key` in the client's language, filled with `values`."""
    template = _TEXTS[key].get(language) or _TEXTS[key]["en"]
    return template.format(**values)


def next_text(key: str, language: str) -> str:
    return NEXT[key].get(language) or NEXT[key]["en"]


def month_name(month: int, language: str) -> str:
    return _MONTHS.get(language, _MONTHS["en"])[month - 1]


def weekday_name(weekday: int, language: str) -> str:
    return _WEEKDAYS.get(language, _WEEKDAYS["en"])[weekday]


def long_date(day: date, language: str) -> str:
    """`Tuesday, 10 March 2026` / `Dienstag, 10. März 2026`."""
    weekday = weekday_name(day.weekday(), language)
    month = month_name(day.month, language)
    if language == "de":
        return f"{weekday}, {day.day}. {month} {day.year}"
    return f"{weekday}, {day.day} {month} {day.year}"


def money(amount: object) -> str:
    """CHF amounts as `2,090.00`."""
    return f"{float(str(amount)):,.2f}"
