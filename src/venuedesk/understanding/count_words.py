"""Words around a number that decide whether it is the head count and how sure it is (data for counts.py)."""

from __future__ import annotations

import re

# A count above this is no plausible event at a venue desk (a typo or a joke): the desk asks instead.
IMPLAUSIBLE_ABOVE = 5000
# A range whose upper bound is at most this factor of its lower bound is read as its upper bound with
# certainty (venues plan for the upper bound); a wider range is confirmed first.
NARROW_RANGE = 1.25

# Said after a number in the same clause, these make it a remark about part of the group, not the group:
# "three of us are vegan", "two guests use a wheelchair", "drei davon essen vegan", "we ran four events last year".
# The size of the client's organisation, not of the group: "an association with 300 members", "Verein mit 120
# Mitgliedern", "a company of 500 employees" (the number follows this and `MEMBERS` follows the number;
# "die ganze Firma mit 70 Personen" is the group).
ORGANISATION_SIZE = re.compile(
    r"\b(?:association|club|society|company|firm|organi[sz]ation|non-?profit|charity|business|verein|verband|firma|"
    r"unternehmen|organisation|genossenschaft|betrieb)\s+(?:with|of|mit|von)\s+"
    r"(?:(?:about|around|over|some|almost|nearly|rund|über|ueber|ca\.?|circa|etwa|knapp|fast)\s+)?$"
)
# What an organisation's size counts (after the number): its members or staff, not the people coming.
MEMBERS = re.compile(r"\s*(?:members|mitglied\w*|employees|mitarbeite\w*|staff|angestellte\w*|beschäftigte\w*)\b")
SIDE_REMARK = re.compile(
    r"\b(?:vegan\w*|vegetari\w*|veggie|pescetari\w*|allerg\w*|gluten\w*|lactose|laktose\w*|halal|kosher|koscher|"
    r"diet\w*|diät\w*|wheel\s*chairs?|rollstuhl\w*|rollator\w*|mobility|gehbehindert\w*|blind|deaf|"
    r"speakers?|referent\w*|redner\w*|children|kids|kinder|"
    r"arriv\w*\s+late|leav\w*\s+early|später|früher\s+(?:gehen|weg)|"
    r"last\s+year|letztes\s+jahr|letzten\s+jahr\w*|vorjahr\w*|previous(?:ly)?|in\s+the\s+past|bisher|damals)\b"
)
# Between the count and such a word these make the word part of the group's description, not a remark about
# some of them: "40 people including children", "30 participants with 3 speakers".
INCLUDING = re.compile(r"\b(?:with|including|incl\.?|inkl\.?|inklusive|einschliesslich|mit|plus|also|auch)\b")
# Right before or after the number: the number is a part of a group ("3 of us", "davon 3", "3 of whom").
SUBSET_AFTER = re.compile(
    r"\s*(?:of\s+(?:us|them|whom|those|these|the\s+\w+|our\s+\w+)|von\s+(?:uns|ihnen|denen|den\s+\w+)|davon|"
    r"unter\s+ihnen)\b"
)
SUBSET_BEFORE = re.compile(r"\b(?:davon|darunter|among\s+them|of\s+which|of\s+whom)\s+(?:(?:sind|are|about|ca\.?)\s+)?$")
# A clause boundary: the side remark must stand in the number's own clause.
CLAUSE_END = re.compile(r"[,;:.!?\n()]|\s(?:and|und|but|aber|while|während)\s")
# "12 plus 3 guests", "12 Personen + 3 Gäste": the count is the sum, confirmed before it is used.
PLUS_BEFORE = re.compile(
    r"(?<![\d.,:/])(?P<a>\d{1,4})(?:\s+[^\W\d_]+)?\s*(?:plus|\+|zuzüglich|zzgl\.?|and\s+additionally)\s*$"
)
# "20 staff plus 4 external speakers": a number added after the count, whoever they are.
PLUS_AFTER = re.compile(r"\s*(?:plus|\+|zuzüglich|zzgl\.?)\s*(?P<b>\d{1,4})(?![\d.,:']\d)(?!\s*%)")
# Hedges in the count's sentence: the number is read but confirmed ("maybe 20, maybe more", "vielleicht mehr").
HEDGE = re.compile(
    r"\b(?:maybe|perhaps|possibly|might|could\s+be|not\s+sure|unsure|no\s+idea\s+yet|tbc|to\s+be\s+confirmed|or\s+more|or\s+so|"
    r"plus\s+or\s+minus|give\s+or\s+take|at\s+least|vielleicht|eventuell|evtl|möglicherweise|noch\s+unklar|"
    r"noch\s+nicht\s+sicher|nicht\s+sicher|weiss\s+noch\s+nicht|weiß\s+noch\s+nicht|oder\s+mehr|mindestens|"
    r"plus\s*/?\s*minus)\b|\+/-|\d\s*\+(?!\s*\d)"
)
# Words of an approximate count: "about 30" alone is read as 30; "about 30-40" is confirmed.
APPROXIMATE = re.compile(
    r"\b(?:about|around|approx\.?|approximately|roughly|some|ca\.?|circa|rund|etwa|ungefähr|ungefaehr)\s+$"
)
# A huge number written with separators or in scientific notation right before a people word or after "for".
BIG_NUMBER = r"(?P<big>\d+(?:[.,]\d+)?\s*e\s*\d+|\d{1,3}(?:[',.]\d{3})+|\d{5,})"
