"""The words behind billing-address capture: markers, labels, street and company forms, countries."""

from __future__ import annotations

import re

MARKER = re.compile(
    r"(?i)(?:billing\s+(?:address|details|info(?:rmation)?)|invoic(?:e|ing)\s+(?:address|details)|"
    r"address\s+for\s+(?:the\s+)?(?:invoice|bill(?:ing)?)|(?:please\s+)?(?:send\s+the\s+)?invoice\s+(?:to|goes\s+to|should\s+go\s+to|"
    r"should\s+be\s+addressed\s+to)|please\s+invoice|bill\s+to|"
    r"rechnungs(?:adresse|anschrift|empfänger(?:in)?|stellung\s+an)|adresse\s+für\s+die\s+rechnung|"
    r"(?:bitte\s+)?(?:die\s+)?rechnung\s+(?:bitte\s+)?(?:geht\s+)?an|rechnung\s+bitte\s+an|billing(?=\s*:)|for\s+the\s+invoice(?=\s*:)|für\s+die\s+rechnung(?=\s*:))"
    r"(?:\s+(?:is|lautet|ist|wie\s+folgt|as\s+follows))?\s*[:\-–]?\s*"
)
LABEL = re.compile(
    r"(?i)^(?:(?P<company>firma|company|firmenname|company\s+name|organi[sz]ation|unternehmen)|"
    r"(?P<name>name|contact|kontakt|ansprechperson|z\.\s?hd\.?|attn\.?|to\s+the\s+attention\s+of)|"
    r"(?P<street>strasse|straße|street|str\.)|"
    r"(?P<postal_city>plz\s*/\s*ort|plz\s+ort|postal\s+code\s*(?:/|and|&)\s*city|zip\s*/\s*city)|"
    r"(?P<postal_code>plz|postleitzahl|postal\s+code|post\s*code|zip(?:\s+code)?)|"
    r"(?P<city>ort|city|stadt|town)|"
    r"(?P<country>land|country)|"
    r"(?P<address>address|adresse|anschrift))\s*[:=]\s*"
)
_STREET_WORDS = (
    r"strasse|straße|str\.|gasse|weg|platz|allee|ring|rain|matte|halde|quai|ufer|graben|berg|hof|steig|"
    r"stutz|pfad|park|markt|damm|chaussee|promenade|zeile|acker|feld|wiese|boden|hügel|bühl|egg|"
    r"street|st\.|road|rd\.|avenue|ave\.|lane|drive|way|square|boulevard|place|"
    r"rue|route|chemin|via|viale|piazza|corso"
)
STREET = re.compile(
    rf"(?i)^(?:(?:[A-ZÄÖÜa-zäöüéè][\w.'’\-]*\s+){{0,3}}[\w.'’\-]*(?:{_STREET_WORDS})\s*\d{{1,4}}\s?[a-z]?"
    rf"(?:\s*[/-]\s*\d{{1,3}}[a-z]?)?"
    rf"|\d{{1,4}}[a-z]?,?\s+(?:[A-Z][\w.'’\-]*\s+){{0,3}}(?:{_STREET_WORDS})"
    rf"|(?:[A-ZÄÖÜ][\wäöüß'’\-]+\s+){{0,2}}[A-ZÄÖÜ][\wäöüß'’\-]+\s+\d{{1,4}}\s?[a-z]?(?:\s*[/-]\s*\d{{1,3}}[a-z]?)?"
    rf"|postfach\s+\d+|p\.?\s?o\.?\s+box\s+\d+|case\s+postale\s+\d+)$"
)
# "Word number" that is not a street: rooms, tables, floors, options, pages.
NOT_STREET = re.compile(
    r"(?i)^(?:room|raum|saal|zimmer|salle|hall|halle|table|tisch|floor|stock|etage|level|gate|tor|block|option|"
    r"variante|paket|package|menu|menü|page|seite|day|tag|week|woche|nr|no|number|nummer|group|gruppe|team|"
    r"version|offer|angebot|chf|eur|sfr|fr|ca|about|for|für|mit|with|bis|until|from|von|am|on|at|um|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"januar|februar|märz|mai|juni|juli|oktober|dezember|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|we|wir|our|unser\w*|the|die|der|das)\b"
)
COMPANY = re.compile(
    r"(?:\b(?:GmbH|AG|SA|S\.A\.|Sàrl|SARL|Sarl|Sagl|SE|KG|OHG|GbR|UG|eG|Ltd\.?|Limited|Inc\.?|LLC|LLP|PLC|plc|"
    r"Corp\.?|Co\.|Genossenschaft|Stiftung|Verein|Foundation|Association|Verband|Gesellschaft|Institut|Institute|"
    r"University|Universität|Hochschule|ETH|EPFL|School|Schule|Klinik|Spital|Hospital|Gemeinde|Kanton|"
    r"Bank|Versicherung\w*|Group|Gruppe|Holding|Partners|Studio|Agentur|Agency|Kanzlei|Praxis|Club)\b"
    r"|e\.\s?V\.|&\s?Co\b)"
)
_COUNTRIES: dict[str, str] = {
    "ch": "CH", "schweiz": "CH", "switzerland": "CH", "suisse": "CH", "svizzera": "CH",
    "d": "DE", "de": "DE", "deutschland": "DE", "germany": "DE", "allemagne": "DE",
    "a": "AT", "at": "AT", "österreich": "AT", "austria": "AT", "autriche": "AT",
    "fl": "LI", "li": "LI", "liechtenstein": "LI",
    "f": "FR", "fr": "FR", "frankreich": "FR", "france": "FR",
    "i": "IT", "it": "IT", "italien": "IT", "italy": "IT", "italia": "IT",
    "nl": "NL", "niederlande": "NL", "netherlands": "NL", "holland": "NL",
    "be": "BE", "belgien": "BE", "belgium": "BE", "lu": "LU", "luxemburg": "LU", "luxembourg": "LU",
    "uk": "GB", "gb": "GB", "united kingdom": "GB", "england": "GB", "grossbritannien": "GB",
    "us": "US", "usa": "US", "united states": "US", "es": "ES", "spanien": "ES", "spain": "ES",
}


def country_code(text: str) -> str | None:
    """The ISO code of a segment that is exactly a country name or code ("Schweiz", "CH", "Germany")."""
    return _COUNTRIES.get(text.strip(" .").lower())
