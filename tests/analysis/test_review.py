"""Commissioners' review edits are recorded, leave the machine output alone and survive a re-run."""

import copy

import pytest

from analysis import services
from analysis.models import EditAction, ThemeEdit
from tests.analysis.factories import (
    BREAKS,
    PARKING,
    answer,
    make_answered_survey,
    make_run,
    run_now,
)

pytestmark = pytest.mark.django_db


def _theme_of(run, text):
    return run.assignments.get(text=text).theme


def test_rename_is_recorded_with_who_and_when_and_machine_output_is_unchanged(home_page, user):
    run = make_run(make_answered_survey(home_page))
    machine = copy.deepcopy(run.machine_output)
    theme = _theme_of(run, PARKING[0])
    services.theme_rename(theme=theme, user=user, label="Cost of parking")
    edit = ThemeEdit.objects.get(action=EditAction.RENAME)
    assert edit.user == user and edit.created_at is not None
    assert edit.payload["new"] == "Cost of parking"
    run.refresh_from_db()
    theme.refresh_from_db()
    assert run.machine_output == machine
    assert theme.machine_label != theme.label == "Cost of parking"


def test_merge_move_split_key_quote_and_note_are_each_recorded(home_page, user):
    run = make_run(make_answered_survey(home_page))
    parking, breaks = _theme_of(run, PARKING[0]), _theme_of(run, BREAKS[0])
    item = run.assignments.get(text=BREAKS[0])
    services.assignment_move(assignment=item, theme=parking, user=user)
    parking.refresh_from_db()
    assert parking.size == len(PARKING) + 1
    services.quote_mark_key(assignment=item, user=user)
    services.theme_note(theme=parking, user=user, notes="Mostly hospital sites")
    services.themes_merge(target=parking, sources=[breaks], user=user)
    breaks.refresh_from_db()
    assert breaks.merged_into == parking and breaks.assignments.count() == 0
    parts = services.theme_split(theme=parking, user=user, n_parts=2)
    assert len(parts) == 2 and all(p.assignments.exists() for p in parts)
    actions = list(run.edits.values_list("action", flat=True))
    assert actions == ["move", "key-quote", "note", "merge", "split"]
    item.refresh_from_db()
    assert item.machine_theme == breaks  # the machine's choice stays for comparison


def test_review_edits_survive_a_rerun_with_new_answers(home_page, user):
    page = make_answered_survey(home_page)
    run = make_run(page)
    services.theme_rename(theme=_theme_of(run, PARKING[0]), user=user, label="Cost of parking")
    quote = run.assignments.get(text=BREAKS[1])
    services.quote_mark_key(assignment=quote, user=user)
    services.quote_redaction_confirm(assignment=quote, user=user, text="respite care, please")
    answer(page, "parking at the hospital costs a fortune")
    new = run_now(services.theme_run_rerun(run=run, user=user))
    assert new.previous == run and new.assignments.count() == run.assignments.count() + 1
    assert _theme_of(new, PARKING[0]).label == "Cost of parking"
    carried = new.assignments.get(text=BREAKS[1])
    assert carried.is_key_quote and carried.quote_confirmed
    assert carried.quote_text == "respite care, please"
    assert new.edits.filter(action=EditAction.CARRY_OVER).exists()


def test_quotes_are_redacted_automatically_and_unconfirmed(home_page):
    page = make_answered_survey(home_page, texts=[*PARKING, "ring Mrs Smith on 07700 900123"])
    run = make_run(page)
    item = run.assignments.get(text__startswith="ring")
    assert item.quote_text == "ring Mrs [NAME] on [PHONE]"
    assert not item.quote_confirmed
