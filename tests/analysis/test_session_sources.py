"""A live session's questions to speakers and word-cloud words as sources, beside statements."""

import uuid

import pytest

from accounts.models import Role
from analysis import services
from analysis.models import RunStatus, SourceKind, ThemeRun
from analysis.services.sources import session_items
from deliberation.activities.services import activity_create, activity_open
from deliberation.activities.word_services import word_moderate, words_submit
from deliberation.guests import guest_join
from deliberation.models import Question
from deliberation.questions.services import question_ask
from deliberation.services import live_session_create
from tests.analysis.factories import BREAKS, PARKING, quick_parameters, run_now, staff

pytestmark = pytest.mark.django_db


def _open(session, kind, **fields):
    made = activity_create(session_id=session.pk, kind=kind, title=kind.title(), **fields)
    activity_open(session_id=session.pk, activity_id=made.activity.pk)
    return made.activity


def _ask(session, activity, text):
    guest, _ = guest_join(code=session.join_code, display_name="Sam")
    return question_ask(
        session_id=session.pk,
        activity_id=activity.pk,
        guest=guest,
        text=text,
        client_id=uuid.uuid4(),
        may_post=True,
    ).question


@pytest.fixture
def session(statement_factory):
    session = live_session_create(
        title="Town hall", agenda=[{"title": "Questions"}], open_now=True, open_event=True
    )
    statement_factory(session=session, text="The bus to the day centre stopped running.")
    asked = _open(session, "questions")
    for text in PARKING:
        _ask(session, asked, text)
    Question.objects.filter(pk=_ask(session, asked, "a hidden question").pk).update(hidden=True)
    Question.objects.filter(pk=_ask(session, asked, "a pending question").pk).update(pending=True)
    cloud = _open(session, "wordcloud")
    for n, text in enumerate(["Respite", "respite ", "Time off", "Rude word"]):
        guest, _ = guest_join(code=session.join_code, display_name=f"Guest {n}")
        words_submit(session_id=session.pk, activity_id=cloud.pk, entries=[text], guest=guest)
    word_moderate(session_id=session.pk, activity_id=cloud.pk, word="rude word", status="hidden")
    return session


def test_a_session_source_reads_only_the_kinds_chosen_and_only_what_shows(session):
    refs = [i.ref[0] for i in session_items(session, ["questions", "words"])]
    assert refs == ["q"] * len(PARKING) + ["w"] * 3
    texts = [i.text for i in session_items(session, ["words"])]
    assert texts == ["Respite", "respite", "Time off"]  # as typed, the hidden word left out
    (statement,) = session_items(session, ["statements"])
    assert statement.statement_id is not None and statement.ref.startswith("s")
    assert not any(i.publish_consent for i in session_items(session, ["questions", "words"]))


def test_under_pre_moderation_a_word_counts_once_approved():
    session = live_session_create(title="Pre", agenda=[{"title": "A"}], open_now=True)
    session.open_event = True
    session.save()
    cloud = _open(session, "wordcloud", moderation="pre")
    guest, _ = guest_join(code=session.join_code, display_name="Kim")
    words_submit(session_id=session.pk, activity_id=cloud.pk, entries=["Carers"], guest=guest)
    assert session_items(session, ["words"]) == []
    word_moderate(session_id=session.pk, activity_id=cloud.pk, word="carers", status="approved")
    assert [i.text for i in session_items(session, ["words"])] == ["Carers"]


def test_a_run_of_a_sessions_questions_themes_them(session):
    run = services.theme_run_start(
        user=None,
        title="Questions",
        source_kind=SourceKind.SESSION,
        session=session,
        parameters=quick_parameters(n_themes=1, session_texts=["questions"]),
    )
    run = run_now(run)
    assert run.status == RunStatus.DONE
    refs = set(run.assignments.values_list("item_ref", flat=True))
    assert len(refs) == len(PARKING) and all(r.startswith("q") for r in refs)


def test_a_run_from_before_the_choice_reads_statements_only(session):
    run = ThemeRun(source_kind=SourceKind.SESSION, session=session, parameters={})
    assert [i.ref[0] for i in services.source_items(run)] == ["s"]


def test_the_start_form_records_the_kinds_and_refuses_none(client, make_user, session):
    client.force_login(staff(make_user, Role.COMMISSIONER, session))
    form = {
        "title": "Town hall questions",
        "source_kind": SourceKind.SESSION,
        "session": session.pk,
        "text_column": "text",
        "n_themes": "auto",
        "seed": 0,
        "configuration": "static+tfidf",
    }
    page = client.get("/analysis/start/").content.decode()
    assert 'name="include_questions"' in page and 'name="include_words"' in page
    refused = client.post("/analysis/start/", form)
    assert refused.status_code == 200
    assert "Choose at least one kind of text from the session." in refused.content.decode()
    assert not ThemeRun.objects.exists()
    response = client.post("/analysis/start/", {**form, "include_questions": "on"})
    assert response.status_code == 302
    assert ThemeRun.objects.get().parameters["session_texts"] == ["questions"]


def test_words_and_statements_together_are_one_run(session, statement_factory):
    for text in BREAKS:
        statement_factory(session=session, text=text)
    items = session_items(session, ["words", "statements"])
    assert [i.ref[0] for i in items] == ["s"] * (len(BREAKS) + 1) + ["w"] * 3
