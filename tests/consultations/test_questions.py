"""Answer validation for every question kind, including hostile input. No database."""

import dataclasses
import datetime as dt

import pytest

from consultations import questions as q
from consultations.questions import (
    AnswerValue,
    Condition,
    QuestionSpec,
    clean_answer,
    clean_questions,
    missing_required,
    visible_answers,
    visible_on_page,
)


def spec(kind, **kw):
    return QuestionSpec(id="x", kind=kind, label="Question", **kw)


@pytest.mark.parametrize(
    ("kind", "kw", "raw", "error"),
    [
        ("short_text", {}, {"q-x": ["a" * 501]}, "Keep your answer under 500 characters"),
        (
            "long_text",
            {"max_length": 20},
            {"q-x": ["a" * 21]},
            "Keep your answer under 20 characters",
        ),
        ("long_text", {}, {"q-x": ["a" * 20_001]}, "Keep your answer under 20000 characters"),
        ("single_choice", {"options": ("A", "B")}, {"q-x": ["C"]}, q.ERR_CHOOSE),
        ("single_choice", {"options": ("A", "B")}, {"q-x": ["Other"]}, q.ERR_CHOOSE),
        (
            "single_choice",
            {"options": ("A",), "allow_other": True},
            {"q-x": ["Other"]},
            q.ERR_OTHER_TEXT,
        ),
        ("multiple_choice", {"options": ("A", "B")}, {"q-x": ["A", "Z"]}, q.ERR_CHOOSE),
        (
            "multiple_choice",
            {"options": ("A", "B", "C"), "max_choices": 2},
            {"q-x": ["A", "B", "C"]},
            "Choose no more than 2 options",
        ),
        ("scale", {"min_value": 1, "max_value": 5}, {"q-x": ["6"]}, q.ERR_CHOOSE),
        ("scale", {"min_value": 1, "max_value": 5}, {"q-x": ["3.5"]}, q.ERR_CHOOSE),
        ("number", {}, {"q-x": ["twelve"]}, q.ERR_NUMBER),
        ("number", {"whole_number": True}, {"q-x": ["1.5"]}, q.ERR_WHOLE),
        ("number", {}, {"q-x": ["nan"]}, q.ERR_NUMBER),
        ("number", {}, {"q-x": ["1e999"]}, q.ERR_NUMBER),
        (
            "number",
            {"min_value": 0, "max_value": 168},
            {"q-x": ["169"]},
            "Enter a number from 0 to 168",
        ),
        ("date", {}, {"q-x-day": ["31"], "q-x-month": ["2"], "q-x-year": ["2026"]}, q.ERR_DATE),
        ("date", {}, {"q-x-day": ["x"], "q-x-month": ["2"], "q-x-year": ["2026"]}, q.ERR_DATE),
        (
            "date",
            {"max_date": dt.date(2026, 1, 1)},
            {"q-x-day": ["2"], "q-x-month": ["1"], "q-x-year": ["2026"]},
            "Enter a date between any date and 1 January 2026",
        ),
        ("postcode", {}, {"q-x": ["SW1A 1AAA"]}, q.ERR_POSTCODE),
        ("postcode", {}, {"q-x": ["12345"]}, q.ERR_POSTCODE),
        ("consent", {"required": True}, {}, q.ERR_CONSENT),
        ("consent", {"required": True}, {"q-x": ["on"]}, q.ERR_CONSENT),
        (
            "ranking",
            {"options": ("A", "B", "C")},
            {"q-x-0": ["1"], "q-x-1": ["1"]},
            "Give each option a different rank from 1 to 3",
        ),
        (
            "ranking",
            {"options": ("A", "B")},
            {"q-x-0": ["3"]},
            "Give each option a different rank from 1 to 2",
        ),
        (
            "ranking",
            {"options": ("A", "B")},
            {"q-x-0": ["2"]},
            "Give each option a different rank from 1 to 2",
        ),
        (
            "ranking",
            {"options": ("A", "B")},
            {"q-x-0": ["first"]},
            "Give each option a different rank from 1 to 2",
        ),
        (
            "matrix",
            {"options": ("Yes", "No"), "rows": ("r1", "r2")},
            {"q-x-0": ["Maybe"]},
            q.ERR_CHOOSE,
        ),
        (
            "matrix",
            {"options": ("Yes", "No"), "rows": ("r1", "r2"), "required": True},
            {"q-x-0": ["Yes"]},
            q.ERR_MATRIX,
        ),
        ("short_text", {"required": True}, {"q-x": ["   "]}, q.ERR_REQUIRED),
    ],
)
def test_bad_answers_get_a_clear_message_and_no_value(kind, kw, raw, error):
    values, message = clean_answer(spec(kind, **kw), raw)
    assert values == []
    assert message == error


@pytest.mark.parametrize(
    ("kind", "kw", "raw", "expected"),
    [
        ("short_text", {}, {"q-x": ["  Chelmsford "]}, [AnswerValue("Chelmsford")]),
        (
            "single_choice",
            {"options": ("A",), "allow_other": True},
            {"q-x": ["Other"], "q-x-other": ["Mine"]},
            [AnswerValue("Other"), AnswerValue("Mine", row="other")],
        ),
        (
            "multiple_choice",
            {"options": ("A", "B")},
            {"q-x": ["B", "A", "B"]},
            [AnswerValue("B"), AnswerValue("A")],
        ),
        ("scale", {"min_value": 0, "max_value": 10}, {"q-x": ["7"]}, [AnswerValue("7", 7.0)]),
        ("number", {}, {"q-x": ["1,250.5"]}, [AnswerValue("1250.5", 1250.5)]),
        (
            "date",
            {},
            {"q-x-day": ["5"], "q-x-month": ["11"], "q-x-year": ["2025"]},
            [AnswerValue("2025-11-05")],
        ),
        ("postcode", {}, {"q-x": ["sw1a1aa"]}, [AnswerValue("SW1A 1AA")]),
        ("postcode", {}, {"q-x": ["GIR 0AA"]}, [AnswerValue("GIR 0AA")]),
        (
            "ranking",
            {"options": ("A", "B", "C")},
            {"q-x-2": ["1"], "q-x-0": ["2"]},
            [AnswerValue("C", 1.0), AnswerValue("A", 2.0)],
        ),
        (
            "matrix",
            {"options": ("Yes", "No"), "rows": ("r1", "r2")},
            {"q-x-1": ["No"]},
            [AnswerValue("No", row="r2")],
        ),
        (
            "demographic",
            {"options": ("18-39",)},
            {"q-x": ["Prefer not to say"]},
            [AnswerValue("Prefer not to say")],
        ),
        ("consent", {}, {"q-x": ["yes"]}, [AnswerValue("yes")]),
    ],
)
def test_good_answers_are_normalised(kind, kw, raw, expected):
    assert clean_answer(spec(kind, **kw), raw) == (expected, None)


def test_demographic_questions_are_never_required():
    demo = spec("demographic", options=("A", "B"), required=True)
    assert clean_answer(demo, {}) == ([], None)
    assert missing_required([demo], {}) == []


def test_wrong_types_in_raw_values_are_ignored_not_crashing():
    assert clean_answer(spec("short_text"), {"q-x": [["nested"]]}) == ([], None)
    assert clean_answer(spec("multiple_choice", options=("A",)), {"q-x": [None, 3]}) == ([], None)


def _conditional_pair():
    carer = QuestionSpec(
        id="c",
        kind="single_choice",
        label="Carer?",
        reference="carer",
        options=("Yes", "No"),
        required=True,
    )
    helped = QuestionSpec(
        id="h",
        kind="short_text",
        label="What helps?",
        required=True,
        show_if=Condition("carer", ("Yes",)),
    )
    return carer, helped


def test_conditional_question_is_asked_only_when_its_condition_holds():
    carer, helped = _conditional_pair()
    answers, errors = clean_questions([carer, helped], {"q-c": ["No"], "q-h": ["ignored"]})
    assert "h" not in answers and errors == {}
    answers, errors = clean_questions([carer, helped], {"q-c": ["Yes"]})
    assert errors == {"h": q.ERR_REQUIRED}


def test_changing_an_earlier_answer_drops_answers_that_no_longer_apply():
    carer, helped = _conditional_pair()
    given = {"c": [AnswerValue("No")], "h": [AnswerValue("Respite")]}
    assert visible_answers([carer, helped], given) == {"c": [AnswerValue("No")]}
    assert missing_required([carer, helped], {"c": [AnswerValue("Yes")]}) == [helped]


def test_a_page_leaves_out_questions_an_earlier_page_ruled_out_but_keeps_same_page_ones():
    carer, helped = _conditional_pair()
    later = dataclasses.replace(helped, page=1)
    assert visible_on_page([carer, later], 1, {"c": [AnswerValue("No")]}) == []
    assert visible_on_page([carer, later], 1, {"c": [AnswerValue("Yes")]}) == [later]
    # On the same page the condition is the page's to reveal, so the question stays.
    assert visible_on_page([carer, helped], 0, {"c": [AnswerValue("No")]}) == [carer, helped]
