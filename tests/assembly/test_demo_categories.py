"""The demo assembly's selection categories are the survey's shared ones."""

import pytest

from assembly.demo import demo_assembly
from common import demographics
from consultations.demo import SURVEY_SLUG, survey_questions

pytestmark = pytest.mark.django_db

SHARED = ("age", "sex", "ethnicity")


def _survey_demographics():
    return {
        b["value"]["reference"]: b["value"]
        for b in survey_questions(SURVEY_SLUG)
        if b["type"] == "demographic"
    }


def test_assembly_categories_use_the_shared_bands_questions_and_census_targets(home_page):
    page = demo_assembly()
    for key in SHARED:
        shared = demographics.category(key)
        category = page.selection_categories.get(name=shared.label)
        assert category.question == shared.question
        values = [v for v in category.values.order_by("sort_order") if not v.prefer_not_to_say]
        assert [v.value for v in values] == shared.labels
        assert [float(v.target_share) for v in values] == list(shared.shares.values())


def test_survey_and_assembly_ask_age_sex_and_ethnicity_with_identical_bands(home_page):
    survey = _survey_demographics()
    page = demo_assembly()
    for key in SHARED:
        options = survey[key]["options"]
        category = page.selection_categories.get(name=demographics.category(key).label)
        assembly_bands = [
            v.value for v in category.values.order_by("sort_order") if not v.prefer_not_to_say
        ]
        assert [o["label"] for o in options] == assembly_bands
        assert survey[key]["label"] == category.question
