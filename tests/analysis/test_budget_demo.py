"""The demo theme analysis of the care budget's why texts: runs once, finds the reasons."""

import pytest

from analysis.budget_demo import demo_budget_analysis
from analysis.models import ThemeRun
from consultations.budget_demo import demo_care_budget
from tests.consultations.factories import consultation_index

pytestmark = pytest.mark.django_db


def test_budget_why_texts_get_themes_once(home_page, user):
    demo_care_budget(consultation_index(home_page), scale=0.3)
    run = demo_budget_analysis(commissioner=user)
    assert run.status == "done" and run.page.slug == "create-a-care-budget"
    themes = [t for t in run.themes.all() if not (t.is_other or t.is_excluded)]
    assert len(themes) >= 2
    words = " ".join(term for t in themes for term in t.top_terms).lower()
    assert any(word in words for word in ("prevention", "hospital", "carers", "community"))
    assert demo_budget_analysis(commissioner=user) == run
    assert ThemeRun.objects.count() == 1


def test_budget_analysis_does_nothing_without_the_demo_budget(home_page):
    assert demo_budget_analysis() is None
