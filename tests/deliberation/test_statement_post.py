"""``services.statement_post``: what both the socket and the plain form go through."""

import uuid

import pytest

from accounts.models import Role
from deliberation.models import Statement
from deliberation.services import (
    ERROR_EMPTY,
    ERROR_FORBIDDEN,
    StatementForbidden,
    StatementRejected,
    statement_post,
)

pytestmark = pytest.mark.django_db


def _post(session, user, text="Fund day centres", **kwargs):
    return statement_post(
        session_id=session.pk, user=user, text=text, client_id=uuid.uuid4(), **kwargs
    )


def test_member_whose_role_was_revoked_may_no_longer_post(make_user, live_session):
    from accounts.services import role_revoke

    member = make_user(role=Role.MEMBER, target=live_session)
    _post(live_session, member)
    role_revoke(user=member, role=Role.MEMBER, target=live_session)
    with pytest.raises(StatementForbidden, match=ERROR_FORBIDDEN):
        _post(live_session, member)
    assert Statement.objects.count() == 1


def test_resident_outside_the_session_may_not_post(make_user, live_session):
    with pytest.raises(StatementForbidden):
        _post(live_session, make_user(role=Role.RESIDENT))
    assert not Statement.objects.exists()


def test_a_held_role_that_no_longer_allows_posting_is_refused(make_user, live_session):
    member = make_user(role=Role.MEMBER, target=live_session)
    with pytest.raises(StatementForbidden):
        _post(live_session, member, may_post=False)
    assert not Statement.objects.exists()


def test_control_characters_nul_and_bidi_overrides_are_stripped_before_saving(
    make_user, live_session
):
    member = make_user(role=Role.MEMBER, target=live_session)
    text = "\u202eFund\x00 day\x1b centres\u2067\r\n\tnow\ud83d"
    result = _post(live_session, member, text=text)
    result.statement.refresh_from_db()
    assert result.statement.text == "Fund day centres\n\tnow"


def test_right_to_left_text_and_its_implicit_marks_are_kept(make_user, live_session):
    member = make_user(role=Role.MEMBER, target=live_session)
    text = "\u0645\u0631\u0627\u0643\u0632 \u0627\u0644\u0631\u0639\u0627\u064a\u0629\u200f!"
    assert _post(live_session, member, text=text).statement.text == text


def test_text_of_nothing_but_control_characters_is_empty(make_user, live_session):
    member = make_user(role=Role.MEMBER, target=live_session)
    with pytest.raises(StatementRejected, match=ERROR_EMPTY):
        _post(live_session, member, text="\x00\u202e \x07")
    assert not Statement.objects.exists()
