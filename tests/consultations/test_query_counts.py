"""Queries of a survey step and the final submit, counted (12, 10 and 17 before issue 13)."""

import pytest
from django.test import Client

from tests.consultations.test_answering import PAGE_ONE, PAGE_TWO

pytestmark = pytest.mark.django_db

STEP_GET = 1
# The first answer of a visitor with no session yet: the rate limit counts per browser
# session, so the session is saved first (exists check, insert), then updated.
STEP_POST = 8
SUBMIT = 15


def _warm(consultation) -> Client:
    client = Client()
    client.get(consultation.url + "step/0/")
    return client


def test_survey_step_get(consultation, django_assert_num_queries):
    client = _warm(consultation)
    with django_assert_num_queries(STEP_GET):
        assert client.get(consultation.url + "step/0/").status_code == 200


def test_survey_step_post(consultation, django_assert_num_queries):
    client = _warm(consultation)
    with django_assert_num_queries(STEP_POST):
        assert client.post(consultation.url + "step/0/", PAGE_ONE).status_code == 302


def test_final_submit(consultation, django_assert_num_queries):
    client = _warm(consultation)
    client.post(consultation.url + "step/0/", PAGE_ONE)
    client.post(consultation.url + "step/1/", PAGE_TWO)
    with django_assert_num_queries(SUBMIT):
        response = client.post(consultation.url + "check/", {"publish": "yes"})
    assert "/done/" in response["Location"]
