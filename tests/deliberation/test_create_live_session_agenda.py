"""``create_live_session --agenda FILE.json``: the agenda saved in order, or a clear error."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from deliberation.models import AgendaItem, LiveSession

pytestmark = pytest.mark.django_db


def _file(tmp_path, data, raw=None):
    path = tmp_path / "agenda.json"
    path.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
    return str(path)


def test_agenda_file_becomes_the_sessions_agenda_in_order(tmp_path, capsys):
    items = [
        {"title": " Welcome ", "timer_seconds": 300},
        {"title": "Ideas", "description": "What would help carers?"},
    ]
    call_command(
        "create_live_session", "--title", "Town hall", "--open", "--json",
        "--agenda", _file(tmp_path, items),
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["agenda"] == ["Welcome", "Ideas"]
    session = LiveSession.objects.get(pk=data["id"])
    saved = list(session.agenda.values_list("title", "description", "timer_seconds"))
    assert saved == [("Welcome", "", 300), ("Ideas", "What would help carers?", None)]
    assert session.current_item.title == "Welcome"


@pytest.mark.parametrize(
    ("data", "raw", "message"),
    [
        (None, "[{", "cannot read"),
        ({"title": "x"}, None, "JSON list"),
        ([{"title": "ok"}, {"title": "  "}], None, "item 2 needs a title"),
        ([{"title": "ok", "timer_seconds": True}], None, "timer_seconds must be a whole number"),
        ([{"title": "ok", "timer_seconds": -5}], None, "timer_seconds must be a whole number"),
        ([{"title": "ok", "timer": 60}], None, "unknown field(s) timer"),
        ([{"title": "x" * 201}], None, "over 200 characters"),
        ([{"title": "ok", "description": 7}], None, "description must be text"),
    ],
)
def test_bad_agenda_file_is_refused_with_its_reason_and_saves_nothing(tmp_path, data, raw, message):
    with pytest.raises(CommandError, match="--agenda: .*") as caught:
        call_command("create_live_session", "--title", "T", "--agenda", _file(tmp_path, data, raw))
    assert message in str(caught.value)
    assert not LiveSession.objects.exists()
    assert not AgendaItem.objects.exists()


def test_missing_agenda_file_exits_1_with_the_error_on_stderr(tmp_path, capsys):
    from deliberation.management.commands.create_live_session import Command

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(
            ["manage.py", "create_live_session", "--title", "T", "--agenda", str(tmp_path / "no")]
        )
    assert exited.value.code == 1
    assert "--agenda: cannot read" in capsys.readouterr().err
