"""Word-cloud normalisation. Pure: no Django, no I/O.

"  Green   SPACES! " and "green spaces" count as one: letters are case-folded,
punctuation at the edges and inside (but not hyphens or apostrophes between
letters) removed, runs of spaces made one, and a small list of stop words
dropped, so "the park" counts with "park" and a bare "and" not at all.

>>> word_normalise("  Green   SPACES! ")
'green spaces'
>>> word_normalise("The park.")
'park'
>>> word_normalise("and") is None
True
>>> word_normalise("well-being") == word_normalise("Well-Being")
True
"""

import re
import unicodedata

MAX_WORDS_PER_ENTRY = 4
MAX_LENGTH = 40
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "with",
        "you",
        "your",
    ]
)
_NOT_WORD = re.compile(r"[^\w'\-]+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def word_normalise(text: str) -> str | None:
    """The form a word or phrase is counted under, or None if nothing is left of it."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().replace("\u2019", "'")
    words = []
    for raw in _NOT_WORD.sub(" ", text).split():
        word = _EDGE.sub("", raw)
        if word and word not in STOP_WORDS:
            words.append(word)
    if not words:
        return None
    return " ".join(words)


def entry_check(text: str) -> str | None:
    """Why an entry as typed is refused, or None when it is fine."""
    if len(text) > MAX_LENGTH:
        return f"Keep each word or phrase under {MAX_LENGTH} characters."
    if len(text.split()) > MAX_WORDS_PER_ENTRY:
        return f"Use at most {MAX_WORDS_PER_ENTRY} words in a phrase."
    return None


def ranked(counts: dict[str, int], *, minimum: int = 1) -> list[tuple[str, int]]:
    """Words counted at least ``minimum`` times, most first, then alphabetically.

    >>> ranked({"park": 2, "bus": 3, "arts": 2, "lone": 1}, minimum=2)
    [('bus', 3), ('arts', 2), ('park', 2)]
    """
    return sorted(
        ((w, n) for w, n in counts.items() if n >= minimum), key=lambda item: (-item[1], item[0])
    )
