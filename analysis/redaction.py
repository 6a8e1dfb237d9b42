"""Redact personal data from quotes: emails, UK phone numbers, UK postcodes, NHS numbers, names.

Pure and rule-based. No pretrained name model is downloaded (none may be fetched at run time), so
names are found by rules, and missed names are why a person confirms every quote before it is
published:

- a title before a capitalised word: "Mrs Smith", "Dr. Patel", "Nurse Joy";
- a relation before a capitalised word: "my neighbour John", "her husband, Dave";
- "called" or "named" before a capitalised word;
- a capitalised first name from :data:`FIRST_NAMES` (common UK forenames, curated here; names that
  are also ordinary words, such as Will, Mark or Grace, are left to the rules above), with the
  capitalised word after it as a surname.

Examples
--------
>>> result = redact("Email jo@example.org or ring 07700 900123, Mrs Smith at CM1 1AA.")
>>> result.text
'Email [EMAIL] or ring [PHONE], Mrs [NAME] at [POSTCODE].'
>>> [span.kind for span in result.spans]
['email', 'phone', 'name', 'postcode']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.first_names import FIRST_NAMES

KINDS = ("email", "nhs_number", "phone", "postcode", "name")
PLACEHOLDERS = {
    "email": "[EMAIL]",
    "nhs_number": "[NHS NUMBER]",
    "phone": "[PHONE]",
    "postcode": "[POSTCODE]",
    "name": "[NAME]",
}
_TITLES = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Nurse|Sister|Matron|Prof|Professor|Sir|Dame|Rev|Father|"
    r"Cllr|Councillor)"
)
_RELATIONS = (
    r"(?:neighbour|neighbor|husband|wife|partner|son|daughter|mum|mom|mother|dad|father|brother|"
    r"sister|nan|nana|gran|granny|grandma|grandad|grandson|granddaughter|aunt|auntie|uncle|"
    r"nephew|niece|friend|carer|colleague|boss|landlord|landlady|gp|doctor|nurse|social worker)"
)
_CAP = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_PATTERNS = {
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "nhs_number": re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)"),
    "phone": re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d(?:\)?[\s-]?\d){8,9}(?!\d)"),
    "postcode": re.compile(
        r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?"
        r"\d(?!(?:st|nd|rd|th)\b)[ABD-HJLNP-UW-Z]{2})\b",
        re.IGNORECASE,
    ),
}
_NAME_CUES = [
    re.compile(rf"\b{_TITLES}\.?\s+(?P<name>{_CAP}(?:\s+{_CAP})?)"),
    re.compile(
        rf"\b(?i:my|our|his|her|their|the)\s+(?i:{_RELATIONS}),?\s+(?P<name>{_CAP}(?:\s+{_CAP})?)"
    ),
    re.compile(rf"\b(?i:called|named)\s+(?P<name>{_CAP}(?:\s+{_CAP})?)"),
]
_CAPITALISED = re.compile(rf"\b(?P<first>{_CAP})(?:\s+(?P<last>{_CAP}))?")


@dataclass(frozen=True)
class Span:
    """A piece of personal data found at ``text[start:end]``."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Redaction:
    """The redacted text and the spans (in the original text) that were replaced."""

    text: str
    spans: list[Span]


def nhs_number_valid(digits: str) -> bool:
    """Check an NHS number's modulus-11 check digit.

    >>> nhs_number_valid("943 476 5919"), nhs_number_valid("943 476 5918")
    (True, False)
    """
    digits = re.sub(r"\D", "", digits)
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def find_personal_data(text: str) -> list[Span]:
    """Return non-overlapping spans of personal data, earlier kinds in :data:`KINDS` winning."""
    found: list[Span] = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            if kind == "nhs_number" and not nhs_number_valid(match.group()):
                continue
            found.append(Span(match.start(), match.end(), kind))
    for pattern in _NAME_CUES:
        for match in pattern.finditer(text):
            found.append(Span(match.start("name"), match.end("name"), "name"))
    for match in _CAPITALISED.finditer(text):
        if match.group("first").lower() in FIRST_NAMES:
            found.append(Span(match.start(), match.end(), "name"))
    priority = {kind: i for i, kind in enumerate(KINDS)}
    found.sort(key=lambda s: (priority[s.kind], s.start - s.end))
    chosen: list[Span] = []
    for span in found:
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def redact(text: str) -> Redaction:
    """Replace personal data in ``text`` with placeholders such as ``[EMAIL]`` and ``[NAME]``."""
    spans = find_personal_data(text)
    pieces, last = [], 0
    for span in spans:
        pieces.append(text[last : span.start])
        pieces.append(PLACEHOLDERS[span.kind])
        last = span.end
    pieces.append(text[last:])
    return Redaction(text="".join(pieces), spans=spans)
