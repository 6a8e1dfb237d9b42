"""Clean free-text answers, spot non-answers and de-duplicate them.

Pure functions over lists of strings; no I/O.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

NON_ANSWERS = frozenset(
    {
        "",
        "n a",
        "na",
        "n.a",
        "no",
        "none",
        "nothing",
        "nil",
        "nope",
        "no comment",
        "no comments",
        "none at all",
        "nothing at all",
        "nothing really",
        "nothing to add",
        "nothing to say",
        "nothing else",
        "not applicable",
        "not sure",
        "unsure",
        "dont know",
        "don t know",
        "do not know",
        "no idea",
        "idk",
        "same",
        "as above",
        "see above",
        "ok",
        "okay",
        "yes",
        "x",
        "test",
    }
)
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w]+")


def clean_text(text: object) -> str:
    """Return ``text`` as a string with Unicode normalised and whitespace collapsed."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return _SPACE.sub(" ", text).strip()


def dedup_key(text: str) -> str:
    """Return the key under which two answers count as the same (case and punctuation ignored)."""
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", text.lower().replace("'", ""))).strip()


def is_non_answer(text: str, *, min_letters: int = 2) -> bool:
    """Tell whether an answer carries no content ("nothing", "n/a", "no", empty, "-", ...)."""
    key = dedup_key(clean_text(text))
    if sum(ch.isalpha() for ch in key) < min_letters:
        return True
    return key in NON_ANSWERS or key.rstrip(" .!") in NON_ANSWERS


def deduplicate(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Return the distinct answers (first spelling kept) and, per input, its index among them.

    Examples
    --------
    >>> unique, inverse = deduplicate(["Car parking", "car  parking!", "Staff"])
    >>> unique, inverse.tolist()
    (['Car parking', 'Staff'], [0, 0, 1])
    """
    index: dict[str, int] = {}
    unique: list[str] = []
    inverse = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        key = dedup_key(text)
        if key not in index:
            index[key] = len(unique)
            unique.append(text)
        inverse[i] = index[key]
    return unique, inverse
