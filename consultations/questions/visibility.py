"""Which conditional questions apply, given the answers so far: one rule, used everywhere.

A question with ``show_if`` applies only when the question it names (its *source*, found
by reference) has one of the given answers. The answering steps, the organisers' entry
form, the final check and every save read visibility from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from consultations.questions.specs import AnswerValue, QuestionSpec


def by_reference(specs: Sequence[QuestionSpec]) -> dict[str, QuestionSpec]:
    """The questions that have a reference, by it: where conditions look their source up."""
    return {s.reference: s for s in specs if s.reference}


def condition_source(spec: QuestionSpec, by_ref) -> QuestionSpec | None:
    """The question whose answer decides whether ``spec`` applies, if it has a condition."""
    return by_ref.get(spec.show_if.reference) if spec.show_if else None


def is_visible(spec: QuestionSpec, answers: Mapping[str, list[AnswerValue]], by_ref) -> bool:
    """Whether a conditional question applies, given the answers so far (keyed by id)."""
    if spec.show_if is None:
        return True
    source = condition_source(spec, by_ref)
    if source is None:
        return False
    given = {a.value for a in answers.get(source.id, []) if not a.row or source.kind == "matrix"}
    return bool(given & set(spec.show_if.values))


def visible_on_page(
    specs: Sequence[QuestionSpec], page: int, answers: Mapping[str, list[AnswerValue]]
) -> list[QuestionSpec]:
    """Questions on this page, less those an answer on an earlier page has ruled out.

    A condition on a question of the same page is left to the page itself (it is shown,
    and revealed or not as the person answers), so only earlier answers count here.
    """
    by_ref = by_reference(specs)
    earlier = {s.id for s in specs if s.page < page}
    prior = {k: v for k, v in answers.items() if k in earlier}
    out = []
    for spec in specs:
        if spec.page != page:
            continue
        source = condition_source(spec, by_ref)
        if source is not None and source.page < page and not is_visible(spec, prior, by_ref):
            continue
        out.append(spec)
    return out


def visible_answers(
    specs: Sequence[QuestionSpec], answers: Mapping[str, list[AnswerValue]]
) -> dict[str, list[AnswerValue]]:
    """Drop answers to questions whose condition no longer holds (an earlier answer changed)."""
    by_ref = by_reference(specs)
    kept: dict[str, list[AnswerValue]] = {}
    for spec in specs:
        if spec.id in answers and is_visible(spec, kept, by_ref):
            kept[spec.id] = list(answers[spec.id])
    return kept


def missing_required(
    specs: Sequence[QuestionSpec], answers: Mapping[str, list[AnswerValue]]
) -> list[QuestionSpec]:
    """Required, visible questions with no answer (checked again before the final submit)."""
    by_ref = by_reference(specs)
    return [
        s
        for s in specs
        if s.required
        and not s.is_demographic
        and is_visible(s, answers, by_ref)
        and not answers.get(s.id)
    ]
