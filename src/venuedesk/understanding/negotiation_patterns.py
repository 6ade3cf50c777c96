"""The phrase tables behind offer negotiation (accept, decline, counter) and the other step 5-7 signals."""

from __future__ import annotations

import re



def _words(*alternatives: str) -> re.Pattern[str]:
    """A pattern of alternatives on word boundaries (the text is already lower case)."""
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")


phrases = _words

# Commits to the offer: accepting it at step 5 needs nothing else.
ACCEPT_STRONG = _words(
    r"(?:we|i)\s+(?:hereby\s+|gladly\s+|happily\s+)?accept",
    r"accept(?:ed|ing)?\s+(?:the|your|this)\s+(?:offer|quote|proposal)",
    r"(?:we'?d|we\s+would|i'?d|i\s+would)\s+(?:like|love|be\s+happy|be\s+glad)\s+to\s+(?:accept|book\s+(?:it|this)|proceed|"
    r"go\s+ahead|confirm)",
    r"(?:wir\s+)?(?:möchten|würden|wollen)\s+(?:\S+\s+){0,3}(?:annehmen|zusagen|bestätigen)",
    r"(?:happy|glad|pleased|delighted)\s+to\s+(?:accept|proceed|go\s+ahead|book|confirm)",
    r"(?<!\bas\s)agreed",  # "as agreed" recalls an agreement, it accepts nothing new
    r"we\s+agree",
    r"deal",
    r"it'?s\s+a\s+deal",
    r"(?:we'?ll|we\s+will|i'?ll|we)\s+take\s+(?:it|the\s+offer|this(?:\s+offer)?|that)",
    r"go\s+ahead",
    r"(?:let'?s|we'?d\s+like\s+to|we\s+would\s+like\s+to|we\s+want\s+to|please)\s+(?:proceed|book\s+(?:it|this)|go\s+for\s+it)",
    r"let'?s\s+(?:do\s+it|book|go\s+for\s+it|make\s+it\s+official)",
    r"book\s+(?:it|this)(?:\s+(?:please|in))?",
    r"(?:please\s+)?(?:confirm|finali[sz]e)\s+(?:the\s+)?(?:booking|reservation|it)",
    r"we\s+(?:hereby\s+)?confirm(?:\s+the\s+(?:offer|booking))?",
    r"count\s+us\s+in",
    r"einverstanden",
    r"(?:wir\s+)?(?:buchen|nehmen)\s+(?:wir\s+)?(?:das|es|so|den\s+raum|das\s+angebot|gerne)",
    r"wir\s+buchen",
    r"wir\s+nehmen\s+(?:das|es|den|die|ihr)",
    r"das\s+nehmen\s+wir",
    r"so\s+machen\s+wir\s+(?:es|das)",
    r"machen\s+wir\s+so",
    r"abgemacht",
    r"(?:wir\s+)?(?:akzeptieren|bestätigen)\s+(?:das|ihr|ihre|die|den|es|hiermit)",
    r"angebot\s+(?:an|angenommen)",
    r"nehmen\s+(?:\w+\s+){0,3}an",
    r"(?:wir\s+)?sagen\s+zu",
    r"zusage",
    r"gerne\s+so\s+buchen",
    r"bitte\s+(?:so\s+)?(?:buchen|fix\s+machen|reservieren|bestätigen)",
    r"buchen\s+sie\s+(?:bitte|es|das)",
)
# A yes/no question asking to book the offer as it stands: read as acceptance (documented decision).
BOOKING_QUESTION = _words(
    r"(?:can|could|may|shall)\s+(?:we|i)\s+(?:book|go\s+ahead\s+with|take|accept|confirm|proceed\s+with)\s+"
    r"(?:it|this|that|the\s+offer|this\s+offer|the\s+room)(?:\s+(?:like\s+this|as\s+(?:it\s+is|offered|quoted)|then|now))?",
    r"(?:can|could)\s+you\s+(?:book|confirm)\s+(?:it|this|that)(?:\s+for\s+us)?(?:\s+(?:like\s+this|as\s+is|then))?",
    r"(?:können|dürfen|könnten|sollen|wollen)\s+wir\s+(?:das|es|dies|das\s+angebot)\s+(?:\S+\s+){0,2}"
    r"(?:buchen|annehmen|bestätigen|fix\s+machen|nehmen|reservieren)",
    r"(?:können|könnten)\s+sie\s+(?:das|es)\s+(?:so\s+)?(?:buchen|bestätigen|reservieren)",
)
# Bare assent: acceptance only in direct reply to an offer (the engine knows whether it is one).
ASSENT = _words(
    r"ok(?:ay|ey)?",
    r"k",
    r"yes(?:\s+please)?",
    r"yep",
    r"yeah",
    r"sure",
    r"fine(?:\s+(?:with|by)\s+us)?",
    r"good",
    r"great",
    r"perfect",
    r"excellent",
    r"wonderful",
    r"alright",
    r"all\s+right",
    r"sounds\s+(?:good|great|perfect|fine|lovely|ok)",
    r"looks\s+(?:good|great|fine|perfect)",
    r"(?:that|this|it)\s+works(?:\s+(?:for\s+us|for\s+me|fine|well))?",
    r"works\s+for\s+us",
    r"ja(?:\s+bitte|\s+gerne)?",
    r"jawohl",
    r"gut",
    r"sehr\s+gut",
    r"super",
    r"toll",
    r"prima",
    r"perfekt",
    r"passt(?:\s+(?:so|uns|für\s+uns|gut|perfekt))*",
    r"in\s+ordnung",
    r"alles\s+klar",
    r"klingt\s+(?:gut|super|perfekt)",
    r"gerne",
    r"einverstanden",
)
FILLER = _words(
    r"then",
    r"so",
    r"also",
    r"dann",
    r"for\s+us",
    r"für\s+uns",
    r"with\s+us",
    r"thanks?",
    r"thank\s+you",
    r"very\s+much",
    r"danke",
    r"vielen\s+dank",
)
NEGATED_ACCEPT = _words(
    r"(?:can't|cannot|can\s+not|couldn't|won't|will\s+not|don't|do\s+not|are\s+not\s+able\s+to|aren't\s+able\s+to|"
    r"unable\s+to|not\s+able\s+to)\s+(?:\w+\s+)?(?:accept|agree|confirm|book|take\s+(?:it|this|the\s+offer)|go\s+ahead)",
    r"(?:doesn't|does\s+not|don't|do\s+not)\s+(?:\w+\s+)?(?:work|suit)",
    r"not\s+(?:acceptable|ok|okay|agreed)",
    r"no\s+deal",
    r"nicht\s+(?:einverstanden|annehmen|akzeptieren|buchen|zusagen|akzeptabel)",
    r"(?:können|werden)\s+(?:\w+\s+){0,3}nicht\s+(?:\w+\s+)?(?:annehmen|akzeptieren|buchen|zusagen)",
    r"passt\s+(?:\w+\s+)?(?:nicht|leider\s+nicht|uns\s+nicht)",
    r"nicht\s+in\s+ordnung",
)
DECLINE = _words(
    r"no,?\s+thanks?",
    r"no,?\s+thank\s+you",
    r"we'?ll\s+pass(?!\s+(?:by|through|on\s+the))",
    r"we\s+will\s+pass(?!\s+(?:by|through|on\s+the))",
    r"(?:have\s+to|must|need\s+to|going\s+to|want\s+to|would\s+like\s+to|'d\s+like\s+to|will|'ll)\s+"
    r"(?:have\s+to\s+)?(?:decline|pass(?!\s+(?:by|through))|cancel)",
    r"decided\s+on\s+a\s+(?:different|another)",
    r"(?:booked|gone|going|go|decided\s+to\s+go)\s+elsewhere",
    r"ziehen\s+(?:\S+\s+){0,3}zurück",
    r"not\s+interested",
    r"declin\w*",
    r"(?:found|booked|chose|chosen|picked|went\s+with|go\s+with|going\s+with|decided\s+on)\s+(?:another|a\s+different|"
    r"an\s+other|other)\s+(?:venue|location|place|room|offer|provider|option)",
    r"(?:went|go|going)\s+with\s+(?:another|a\s+different)",
    r"decided\s+(?:against|not\s+to)",
    r"(?:won't|will\s+not|are\s+not)\s+(?:be\s+)?(?:booking|going\s+ahead|proceeding|moving\s+forward)",
    r"no\s+longer\s+(?:needed|need|interested|required|take\s+place|happening)",
    r"(?:event|workshop|party|meeting|it)\s+(?:is|has\s+been|was|got)\s+(?:cancelled|canceled|called\s+off)",
    r"(?:doesn't|does\s+not|won't|will\s+not)\s+take\s+place",
    r"cancel\s+(?:the|our|my|this)\s+(?:booking|event|reservation|inquiry|enquiry|request|option|offer)",
    r"absagen",
    r"abgesagt",
    r"(?:brauchen|benötigen)\s+(?:\S+\s+){0,3}nicht\s+mehr",
    r"(?:don't|do\s+not|no\s+longer)\s+need\s+(?:\S+\s+){0,3}(?:anymore|any\s+more)",
    r"(?:nicht|doch\s+nicht)\s+(?:durchzuführen|durchführen|zu\s+buchen|zu\s+veranstalten)",
    r"wird\s+nicht\s+durchgeführt",
    r"sagen\s+(?:\w+\s+){0,3}ab",
    r"absage",
    r"kein\s+interesse",
    r"kein\s+bedarf",
    r"storniere\w*",
    r"stornieren",
    r"nicht\s+mehr\s+(?:nötig|benötigt|aktuell)",
    r"anderweitig\s+(?:entschieden|gebucht|fündig)",
    r"(?:andere|anderen|anderes)\s+(?:location|lokal|lokalität|ort|raum|anbieter|angebot|veranstaltungsort|saal)\s+"
    r"(?:gefunden|gebucht|gewählt|entschieden)",
    r"(?:für|fuer)\s+(?:eine|ein|einen)\s+(?:andere|anderes|anderen)\s+\w+\s+entschieden",
    r"lehnen\s+(?:\w+\s+)*ab",
    r"wir\s+(?:\S+\s+){0,3}verzichten",
    r"verzichten\s+wir",
    r"nein\s+danke",
    r"findet\s+(?:\w+\s+)?nicht\s+statt",
    r"nicht\s+weiterverfolgen",
    r"(?:müssen|muss)\s+(?:\w+\s+){0,3}(?:absagen|verzichten)",
)
COUNTER = _words(
    r"(?:any|some|a\s+little|a\s+bit\s+of)\s+flexibility(?:\s+(?:on|with|in|regarding)\s+(?:the\s+)?"
    r"(?:price|pricing|cost|costs|rate|total|quote|offer|amount))?",
    r"flexib\w+\s+(?:on|with)\s+(?:the\s+)?(?:price|pricing|cost|costs|rate|total)",
    r"(?:price|pricing|rate|cost|offer)\s+(?:is\s+)?negotiable",
    r"negotiate",
    r"discount",
    r"reduction",
    r"(?:better|lower|special|best|reduced|friendlier|nicer)\s+(?:price|rate|deal|offer)",
    r"(?:reduce|lower|bring\s+down|cut)\s+(?:the\s+)?(?:price|total|cost|costs|rate|amount|it)",
    r"(?:go|come)\s+down",
    r"meet\s+(?:us\s+)?(?:in\s+the\s+middle|halfway)",
    r"cheaper",
    r"less\s+expensive",
    r"(?:too|a\s+bit|rather|quite)\s+(?:expensive|pricey|high|steep|much)",
    r"over\s+(?:our|the)\s+budget",
    r"(?:our|the)\s+budget\s+(?:is|was|would\s+be|of|only\s+allows)",
    r"(?:can|could|would)\s+you\s+do\s+(?:it\s+|that\s+|this\s+)?(?:for\s+)?(?:chf|sfr|fr|eur|euro)",
    r"\d\S*\s*(?:off|less)",
    r"rabatt\w*",
    r"preisnachlass",
    r"skonto",
    r"nachlass\w*",
    r"reduktion",
    r"ermässigung",
    r"vergünstigung",
    r"günstiger",
    r"billiger",
    r"entgegenkommen",
    r"(?<!zeitlich\s)(?<!terminlich\s)spielraum",
    r"waive\w*",
    r"throw\s+in",
    r"(?:free\s+of\s+charge|at\s+no\s+(?:extra\s+)?(?:cost|charge))",
    r"(?:sie|ihr)\s+(?:\S+\s+){0,5}(?:erlassen|verzichten)",
    r"(?:match|beat)\s+(?:that|this|their|the|a|an|chf|\d)",
    r"wiggle\s+room",
    r"(?:any|some)\s+(?:leeway|room\s+(?:for|on)\s+(?:the\s+)?(?:price|negotiation))",
    r"(?:etwas|noch|am|beim)\s+preis\s+(?:machen|drehen|gehen)",
    r"(?:liegt|läge|wäre|ist)\s+(?:beim\s+preis\s+|preislich\s+)?(?:noch\s+)?(?:etwas|was|öppis|oeppis)\s+drin",
    r"(?:can|could)\s+you\s+do\s+(?:anything|something)\s+(?:on|about|with)\s+(?:the\s+)?(?:price|total|cost|rate)",
    r"preislich\s+(?:etwas\s+)?(?:entgegen|machen|flexibel)",
    r"(?:preis|preise|betrag)\s+(?:\w+\s+)?(?:verhandelbar|senken|reduzieren|anpassen)",
    r"verhandel\w*",
    r"(?:zu|etwas|recht|ziemlich|sehr)\s+(?:teuer|hoch)",
    r"(?:über|sprengt)\s+(?:unserem|unser|das)\s+budget",
    r"(?:unser|das)\s+budget\s+(?:liegt|ist|beträgt|reicht)",
    r"(?:sonder|spezial|vorzugs|vereins|freundschafts)preis",
    r"\d\S*\s*(?:weniger)",
    r"(?:runter|herunter)\s+auf",
    r"(?:für|zu|auf)\s+(?:\S+\s+)?(?:pauschal|flat)",
    r"flat",
    r"pauschal\w*",
)
CONDITIONAL = _words(
    r"if",
    r"only\s+if",
    r"unless",
    r"provided(?:\s+that)?",
    r"as\s+long\s+as",
    r"on\s+condition",
    r"wenn",
    r"falls",
    r"sofern",
    r"vorausgesetzt",
    r"unter\s+der\s+bedingung",
    r"nur\s+wenn",
)
ACCEPT_WORD = _words(
    r"accept\w*",
    r"deal",
    r"abgemacht",
    r"agree\w*",
    r"book(?:ing)?",
    r"take\s+it",
    r"go\s+ahead",
    r"proceed",
    r"confirm",
    r"annehmen",
    r"akzeptier\w*",
    r"buchen",
    r"nehmen",
    r"zusagen",
    r"einverstanden",
    r"bestätigen",
)
# When the client would decide, not when the event is: "5 % off if we book today", "wenn wir heute zusagen".
DECISION_TIME = _words(
    r"(?:book|confirm|sign|decide|accept|commit|buchen|bestätigen|zusagen|unterschreiben|entscheiden)\s+"
    r"(?:it\s+|this\s+|es\s+|das\s+|noch\s+)?(?:today|now|right\s+away|this\s+week|tomorrow|heute|jetzt|sofort|"
    r"diese\s+woche|morgen)",
    r"(?:today|now|this\s+week|tomorrow|heute|jetzt|sofort|diese\s+woche|morgen|noch\s+heute)\s+"
    r"(?:book|confirm|sign|decide|accept|buchen|bestätigen|zusagen|unterschreiben|entscheiden)",
)

# A decision still open: "we'll confirm by Friday whether we go ahead", "ob wir buchen" — no stance, no date.
PENDING = _words(
    r"whether\s+(?:or\s+not\s+)?we\s+(?:\S+\s+){0,3}(?:go\s+ahead|book|accept|proceed|take\s+it|confirm)",
    r"ob\s+(?:wir|sie)\s+(?:\S+\s+){0,4}(?:buchen|annehmen|zusagen|nehmen|bestätigen)",
    r"(?:let\s+you\s+know|confirm|decide|get\s+back\s+to\s+you)\s+(?:\S+\s+){0,4}(?:whether|if)",
    r"(?:bescheid|entscheiden|melden)\s+(?:\S+\s+){0,4}ob",
)

# When the client will answer, not when the event is: "we'll get back to you next week", "melden uns morgen".
REPLY_TIME = re.compile(
    r"(?<![\w])(?:get\s+back\s+to\s+(?:you|us)|come\s+back\s+to\s+you|let\s+you\s+know|be\s+in\s+touch|"
    r"revert\s+to\s+you|(?:melden|meldet|melde)\s+(?:uns|mich|sich)|(?:geben|gebe)\s+(?:ihnen\s+|euch\s+)?bescheid|"
    r"rückmeldung\s+geben|zurückmelden)[^.;!?\n]*"
)

# When the client's budget or sign-off comes through: "Unser Budget wird erst im März freigegeben", "once the
# budget is approved in April" — the client's own timetable, never the event's date.
APPROVAL_SUBJECT = re.compile(r"\b(?:budget\w*|freigabe|approval|genehmigung|bewilligung)\b", re.IGNORECASE)
APPROVED = re.compile(r"\b(?:approv\w*|freigegeben|genehmigt|bewilligt|signed\s+off)\b", re.IGNORECASE)

# Words that make a named amount a price the client asks for: "could you do it for 1800?", "für CHF 2000?".
AMOUNT_ASK = _words(
    r"(?:can|could|would|will)\s+you\s+(?:do|make|offer|give|go|match|meet|beat)",
    r"gehen",
    r"(?:do|make)\s+it",
    r"for",
    r"für",
    r"auf",
    r"budget",
    r"max(?:imum|imal)?",
    r"höchstens",
    r"at\s+most",
    r"(?:geht|ginge|wäre|würde|machen\s+sie)",
)

# A condition that changes the price or adds something for free: bargaining, hence a counter.
PRICE_TERMS = _words(
    r"price",
    r"pric\w+",
    r"cost\w*",
    r"total",
    r"rate",
    r"fees?",
    r"charges?",
    r"surcharge",
    r"\w*pauschale",
    r"\w*miete",
    r"(?:room\s+)?hire(?:\s+fee)?",
    r"rental",
    r"\w*gebühr\w*",
    r"zuschlag",
    r"aufpreis",
    r"discount",
    r"cheaper",
    r"free(?:\s+of\s+charge)?",
    r"for\s+free",
    r"(?:is\s+|are\s+)?included",
    r"include",
    r"waive\w*",
    r"budget",
    r"preis\w*",
    r"kosten\w*",
    r"rabatt\w*",
    r"günstiger",
    r"gratis",
    r"kostenlos",
    r"inklusive",
    r"inbegriffen",
    r"erlassen",
)
# A question about the offer's terms that neither accepts nor bargains.
OFFER_QUESTION = _words(
    r"final\s+price",
    r"(?:price|total|offer)\s+final",
    r"(?:vat|tax|taxes|mwst|mehrwertsteuer)",
    r"(?:is|are)\s+\w+\s+included",
    r"what\s+(?:\w+\s+)?(?:'s|is|are)\s+(?:\w+\s+)?included",
    r"(?:room\s+)?rate",
    r"(?:endpreis|schlusspreis|definitive\s+preis|definitiver\s+preis|letzter\s+preis)",
    r"(?:inbegriffen|inklusive|inkl)",
    r"deposit",
    r"anzahlung",
    r"(?:payment|zahlungs)\s*(?:terms|bedingungen)",
    r"cancell?ation\s+(?:policy|terms|fee)",
    r"stornierungs\w+",
    r"valid\s+until",
    r"gültig",
    r"(?:the|this|your)\s+(?:offer|quote|price)",
    r"(?:das|dieses|ihr)\s+(?:angebot|preis)",
    r"(?:der|den|die)\s+(?:preis|gesamtpreis|betrag|kosten|pauschale)",
    r"(?:per|pro)\s+person",
)
