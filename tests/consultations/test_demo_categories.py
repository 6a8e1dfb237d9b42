"""The demo survey's demographic questions are the shared categories, targets included."""

import pytest

from common import demographics
from consultations.demo import CLOSED_SLUG, SURVEY_SLUG, closed_questions, survey_questions


@pytest.mark.parametrize(
    "questions", [survey_questions(SURVEY_SLUG), closed_questions(CLOSED_SLUG)]
)
def test_every_demographic_question_is_a_shared_category_with_its_census_targets(questions):
    asked = [b["value"] for b in questions if b["type"] == "demographic"]
    assert asked
    for question in asked:
        shared = demographics.category(question["reference"])
        assert [o["label"] for o in question["options"]] == shared.labels
        assert [float(o["population_share"]) for o in question["options"]] == list(
            shared.shares.values()
        )


def test_the_survey_asks_every_shared_category():
    refs = {
        b["value"]["reference"] for b in survey_questions(SURVEY_SLUG) if b["type"] == "demographic"
    }
    assert refs == set(demographics.BY_KEY)
