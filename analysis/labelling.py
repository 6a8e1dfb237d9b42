"""Theme labels: the phrase each theme is named by (top terms are in ``terms``).

A theme's label (:func:`phrase_labels`) is a short phrase of 2-4 words written in its own answers,
so a commissioner can read it without knowing how it was made ("Waiting times for appointments",
not "waiting / times / appointments").
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

import numpy as np

from analysis.terms import STOP_WORDS

# A word, with inner apostrophes, hyphens, ampersands, underscores or decimal points ("don't",
# "follow-up", "A&E", "mod_rewrite", "2.8").
_PHRASE_WORD = r"[^\W_]+(?:(?:['’&_-]|(?<=\d)\.(?=\d))[^\W_]+)*"
# A run of words separated by spaces only: a phrase never crosses punctuation (a full stop, comma,
# bracket, slash or quote), so every candidate is written as it stands in an answer.
_RUN = re.compile(rf"{_PHRASE_WORD}(?:[ \t]+{_PHRASE_WORD})*")
_RUN_WORD = re.compile(_PHRASE_WORD)
MIN_WORDS, MAX_WORDS = 2, 4
# Above this many distinct answers, labels are found on a spread sample of each theme.
MAX_ANSWERS = 20_000
# How many of a theme's answers, closest to its centre first, count as "near the centre".
N_CENTRAL = 10
# A longer phrase replaces the chosen one if it holds this share of its answers: "waiting times
# for appointments" says more than "waiting times" when most answers say it whole.
EXTEND_SHARE = 0.6
# Stop words that finish a phrasal verb ("turn up", "sort out") rather than start a new part.
PARTICLES = frozenset({"up", "out", "off", "down", "back", "away"})


def _occurrences(text: str):
    """Yield ``(words, next_word)`` for every 2-4 word phrase written in ``text``.

    ``words`` keeps the original case; ``next_word`` is the lower-cased word after the phrase
    in the same run of words, or None where the run ends.
    """
    for run in _RUN.finditer(text):
        words = _RUN_WORD.findall(run.group())
        lower = [w.lower() for w in words]
        for n in range(MIN_WORDS, MAX_WORDS + 1):
            for i in range(len(words) - n + 1):
                if lower[i] in STOP_WORDS or lower[i + n - 1] in STOP_WORDS:
                    continue
                if not any(ch.isalpha() for ch in "".join(words[i : i + n])):
                    continue
                if len(set(lower[i : i + n])) < n:  # "time and have time"
                    continue
                yield tuple(words[i : i + n]), (lower[i + n] if i + n < len(words) else None)


def phrases_of(text: str) -> list[tuple[str, ...]]:
    """The distinct 2-4 word phrases written in ``text``, as tuples of words (original case).

    A phrase stays inside a run of words (no punctuation in it) and neither starts nor ends on
    a stop word.

    >>> [" ".join(p) for p in phrases_of("Waiting for GP appointments, again")]
    ['GP appointments', 'Waiting for GP', 'Waiting for GP appointments']
    """
    return list(dict.fromkeys(words for words, _ in _occurrences(text)))


def _readable(spellings: Counter) -> str:
    """The phrase as people wrote it, with a capital first letter.

    Each word keeps its most common spelling among the answers, so "GP" and "Essex" stay
    capitalised; a word written in capitals only for shouting ("WAITING") is lowered.
    """
    words = []
    for position in range(len(next(iter(spellings)))):
        votes: Counter = Counter()
        for spelt, weight in spellings.items():
            votes[spelt[position]] += weight
        word = votes.most_common(1)[0][0]
        if word.isupper() and len(word) > 4:
            word = word.lower()
        words.append(word)
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _cut_short(following: Counter) -> bool:
    """Tell whether a phrase is mostly followed by the same word that completes it.

    "spend more on community" is nearly always followed by "services" and "care workers who
    turn" by "up": fragments of a longer saying. A stop word after a phrase ("care workers who
    ...", "waiting times for ...") starts the next part of the sentence instead, unless it is
    a particle that finishes a verb.
    """
    total = sum(following.values())
    word, count = following.most_common(1)[0] if total else (None, 0)
    if word is None or count < EXTEND_SHARE * total:
        return False
    return word not in STOP_WORDS or word in PARTICLES


def _contains(longer: tuple, shorter: tuple) -> bool:
    n = len(shorter)
    return len(longer) > n and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _spread(labels: list, similarity: np.ndarray, n_central: int) -> np.ndarray:
    """Rows standing for every class within ``MAX_ANSWERS``: its core, then an even spread."""
    by_class: dict = defaultdict(list)
    for i, label in enumerate(labels):
        by_class[label].append(i)
    share = MAX_ANSWERS / len(labels)
    keep = []
    for rows in by_class.values():
        rows = sorted(rows, key=lambda i: (-similarity[i], i))
        quota = max(n_central, int(len(rows) * share))
        core, rest = rows[:n_central], rows[n_central:]
        step = max(1, len(rest) // max(quota - n_central, 1))
        keep += core + rest[::step][: quota - n_central]
    return np.sort(np.array(keep, dtype=np.int64))


def _pick(scores: dict, used: set, cut_short):
    """The best phrase not taken by another theme, preferring one that is not cut short."""
    # Ties (answers that repeat one sentence) go to the phrase with fewer stop words inside,
    # then the longer: "care workers" rather than "time and have time".
    ranked = sorted(
        scores,
        key=lambda key: (-scores[key], sum(w in STOP_WORDS for w in key), -len(key), key),
    )
    free = [key for key in ranked if " ".join(key) not in used]
    return next((key for key in free if not cut_short(key)), free[0] if free else None)


def phrase_labels(
    texts: list[str],
    labels,
    classes: list,
    *,
    weights=None,
    centrality=None,
    n_central: int = N_CENTRAL,
) -> list[str | None]:
    """Return one readable label per class in ``classes``: a 2-4 word phrase from its answers.

    Parameters
    ----------
    texts : list of str
        Distinct answers.
    labels : sequence
        The class of each answer; answers of classes not in ``classes`` (outliers) still count
        against a phrase's distinctiveness.
    classes : list
        The themes to label, most important first: where two themes would take the same phrase,
        the earlier keeps it and the later takes its next best.
    weights : sequence of float, optional
        How many people wrote each answer (default 1).
    centrality : sequence of float, optional
        Similarity of each answer to its theme's centre; the ``n_central`` closest answers of a
        theme are its core, and phrases common in the core score higher.

    A phrase scores ``share * idf * (1 + core_share)``: ``share`` is the weighted share of the
    theme's answers that contain it, ``idf = log(1 + mean theme size / answers containing it
    anywhere)`` (c-TF-IDF over answers, so one answer repeating a phrase counts once), and
    ``core_share`` is its share among the theme's core. A phrase must occur in two answers of a
    theme with two or more. Ties go to the phrase with fewer stop words, then the longer; a
    longer phrase containing the best replaces it if it keeps at least ``EXTEND_SHARE`` of its
    answers; either way a phrase that is nearly always followed by the same word (a saying cut
    off at four words) gives way to one that is not. ``None`` where a theme has no phrase of its
    own (single words only, or every phrase taken). Over ``MAX_ANSWERS`` answers, each theme's
    core and an even spread of the rest stand for it (the counts are shares, so a sample serves).

    Examples
    --------
    >>> texts = ["Waiting times for appointments are long", "waiting times for appointments",
    ...          "long waiting times", "Friendly staff", "friendly staff at the desk"]
    >>> phrase_labels(texts, [1, 1, 1, 2, 2], [1, 2])
    ['Waiting times for appointments', 'Friendly staff']
    """
    n = len(texts)
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    similarity = np.zeros(n) if centrality is None else np.asarray(centrality, dtype=np.float64)
    labels = list(labels)
    if n > MAX_ANSWERS:
        keep = _spread(labels, similarity, n_central)
        texts = [texts[i] for i in keep]
        labels = [labels[i] for i in keep]
        weights, similarity = weights[keep], similarity[keep]
        n = len(keep)
    wanted = set(classes)
    anywhere: Counter = Counter()
    members: dict = defaultdict(list)
    found: list[list] = []  # per answer: (lower-cased phrase, as written, next word)
    keys_by_text: list[set] = []
    for i, text in enumerate(texts):
        occurrences = [
            (tuple(w.lower() for w in words), words, after) for words, after in _occurrences(text)
        ]
        keys = {key for key, _, _ in occurrences}
        for key in keys:
            anywhere[key] += weights[i]
        found.append(occurrences)
        keys_by_text.append(keys)
        if labels[i] in wanted:
            members[labels[i]].append(i)
    sizes = {c: float(weights[members[c]].sum()) for c in classes}
    mean_size = sum(sizes.values()) / max(len(classes), 1)
    used: set[str] = set()
    result: list[str | None] = []
    for c in classes:
        rows = members[c]
        in_class: Counter = Counter()
        distinct: Counter = Counter()  # answers, not people: a copied answer is one writer
        for i in rows:
            for key in keys_by_text[i]:
                in_class[key] += weights[i]
                distinct[key] += 1
        core = sorted(rows, key=lambda i: (-similarity[i], i))[:n_central]
        core_weight = float(weights[core].sum()) or 1.0
        in_core: Counter = Counter()
        for i in core:
            for key in keys_by_text[i]:
                in_core[key] += weights[i]
        needed = 2 if len(rows) >= 2 else 1
        scores = {
            key: count
            / (sizes[c] or 1.0)
            * math.log(1 + mean_size / anywhere[key])
            * (1 + in_core[key] / core_weight)
            for key, count in in_class.items()
            if distinct[key] >= needed
        }

        def cut_short(key, rows=rows):
            following: Counter = Counter()
            for i in rows:
                if key in keys_by_text[i]:
                    for other, _, after in found[i]:
                        if other == key:
                            following[after] += weights[i]
            return _cut_short(following)

        best = _pick(scores, used, cut_short)
        if best is None:
            result.append(None)
            continue
        longer = {
            key: score
            for key, score in scores.items()
            if _contains(key, best) and in_class[key] >= EXTEND_SHARE * in_class[best]
        }
        extended = _pick(longer, used, cut_short)
        if extended is not None and not cut_short(extended):
            best = extended
        used.add(" ".join(best))
        spellings: Counter = Counter()
        for i in rows:
            if best in keys_by_text[i]:
                for key, words, _ in found[i]:
                    if key == best:
                        spellings[words] += weights[i]
        result.append(_readable(spellings))
    return result


def make_label(phrase: str | None, terms: list[str]) -> str:
    """A theme's label: its phrase, else its best distinctive word, else a plain description."""
    if phrase:
        return phrase
    if terms:
        return terms[0][:1].upper() + terms[0][1:]
    return "Answers with no common words"
