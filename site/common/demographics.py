"""The demographic categories every part of the platform asks about, in one place.

The survey's demographic questions, an assembly's selection categories and the census
targets both are weighed against use these keys, labels and bands, so that a survey's
breakdown by age and an assembly's quotas by age can be read side by side. Pure data: no
Django, no I/O.

Shares are the population's, in per cent, from Census 2021 for Essex (rounded), the area
the demo and the first users serve; a consultation or an assembly elsewhere sets its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    """One answer: a stable ``key`` for data, the ``label`` people read, its census share."""

    key: str
    label: str
    census_share: float


@dataclass(frozen=True)
class Category:
    """One demographic question: its key, short label, question and answers in order."""

    key: str
    label: str
    question: str
    bands: tuple[Band, ...]
    #: Special category data (UK GDPR article 9): asked only with explicit consent.
    special: bool = False
    hint: str = ""

    @property
    def labels(self) -> list[str]:
        return [b.label for b in self.bands]

    @property
    def shares(self) -> dict[str, float]:
        """Census share (%) by answer label, in the category's order."""
        return {b.label: b.census_share for b in self.bands}


AGE = Category(
    "age",
    "Age",
    "How old are you?",
    (
        Band("16-24", "16 to 24", 13),
        Band("25-44", "25 to 44", 31),
        Band("45-64", "45 to 64", 33),
        Band("65-74", "65 to 74", 12),
        Band("75+", "75 or over", 11),
    ),
)
# Census 2021 asked sex, not gender identity; both apps ask the same question so they match.
SEX = Category(
    "sex",
    "Sex",
    "What is your sex?",
    (Band("female", "Female", 51), Band("male", "Male", 49)),
)
ETHNICITY = Category(
    "ethnicity",
    "Ethnicity",
    "What is your ethnic group?",
    (
        Band("white", "White", 90.8),
        Band("asian", "Asian or Asian British", 3.7),
        Band("black", "Black or Black British", 2.5),
        Band("mixed", "Mixed or multiple ethnic groups", 2.2),
        Band("other", "Another ethnic group", 0.8),
    ),
    special=True,
)
DISABILITY = Category(
    "disability",
    "Disability",
    "Are your day-to-day activities limited because of a health problem or disability "
    "which has lasted, or is expected to last, at least 12 months?",
    (
        Band("limited-a-lot", "Yes, limited a lot", 7.5),
        Band("limited-a-little", "Yes, limited a little", 10.5),
        Band("no", "No", 82),
    ),
    special=True,
)
CARER = Category(
    "carer",
    "Unpaid carer",
    "Do you look after, or give any help or support to, anyone because they have long-term "
    "physical or mental health conditions or illnesses, or problems related to old age?",
    # Census 2021: about 9% of Essex residents give unpaid care.
    (Band("yes", "Yes", 9.3), Band("no", "No", 90.7)),
)

CATEGORIES: tuple[Category, ...] = (AGE, SEX, ETHNICITY, DISABILITY, CARER)
BY_KEY = {c.key: c for c in CATEGORIES}


def category(key: str) -> Category:
    """The shared category with ``key``; KeyError names the keys that exist."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"no demographic category {key!r}; there are {sorted(BY_KEY)}") from None
