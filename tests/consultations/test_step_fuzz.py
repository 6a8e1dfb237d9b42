"""Any post to a survey page gets the page back with errors or is saved clean: never a 500.

Hypothesis posts random fields (the page's own names and strangers, any characters,
several values per name) to each step. ``hypothesis.extra.django.TestCase`` wraps each
example in a transaction of its own, so a half-saved row would show in the next one.
"""

from django.core.cache import cache
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from consultations.models import Answer, Response, ResponseStatus
from tests.consultations.factories import make_consultation
from tests.factories import UserFactory

NAMES = [
    "q-q-carer",
    "q-q-help",
    "q-q-used",
    "q-q-used-other",
    "q-q-scale",
    "q-q-rank-0",
    "q-q-rank-1",
    "q-q-rank-9",
    "q-q-matrix-0",
    "q-q-matrix-1",
    "q-q-postcode",
    "q-q-age",
    "q-q-consent",
    "save_and_return",
    "budget_action",
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Yes", "No", "GP", "Other", "1", "2", "-1", "1e309", "nan", "65 or over"]),
)
FORMS = st.dictionaries(
    st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=20)),
    st.lists(VALUES, min_size=1, max_size=3),
    max_size=12,
)
UNSAFE = ("\x00", "\u202e", "\u200f")
# Far above what these examples post, so a limit never answers instead of the form.
NO_LIMITS = {"save": "100000/m/key", "send": "100000/m/key", "address": "100000/m/key"}


@override_settings(CONSULTATION_RATE_LIMITS=NO_LIMITS)
class StepFuzz(TestCase):
    def setUp(self):
        from accounts.services import roles_ensure
        from home.services import site_setup

        cache.clear()
        roles_ensure()
        self.page = make_consultation(site_setup())
        self.user = UserFactory()

    def _check(self, response, client):
        assert response.status_code in (200, 302), response.status_code
        assert not Answer.objects.exists(), "a step saved answers before the response was sent"
        assert not Response.objects.filter(status=ResponseStatus.SUBMITTED).exists()
        drafts = Response.objects.filter(status=ResponseStatus.DRAFT)
        assert drafts.count() <= 1
        saved = str([d.draft for d in drafts]) + str(dict(client.session))
        assert not any(ch in saved for ch in UNSAFE), "unsafe characters were saved"

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(form=FORMS, step=st.sampled_from([0, 1]))
    def test_a_signed_out_post_of_anything_is_answered_or_saved_clean(self, form, step):
        client = Client()
        self._check(client.post(f"{self.page.url}step/{step}/", form), client)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(form=FORMS, step=st.sampled_from([0, 1]))
    def test_a_signed_in_post_of_anything_is_answered_or_saved_clean(self, form, step):
        client = Client()
        client.force_login(self.user)
        self._check(client.post(f"{self.page.url}step/{step}/", form), client)
