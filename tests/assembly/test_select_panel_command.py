import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REPO = Path(__file__).resolve().parents[2]


def write(path, text):
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path):
    people = "id,sex,age,street\n" + "\n".join(
        f"p{i},{'f' if i % 2 else 'm'},{'None' if i % 3 == 0 else 'old'},street {i // 2}"
        for i in range(12)
    )
    categories = "feature,value,min,max\nsex,f,2,2\nsex,m,2,2\nage,None,1,2\nage,old,2,3"
    return write(tmp_path / "people.csv", people), write(tmp_path / "categories.csv", categories)


def run_json(capsys, *args):
    call_command("select_panel", *args, "--json")
    return json.loads(capsys.readouterr().out)


def test_select_panel_prints_the_contract_json_and_writes_files(files, tmp_path, capsys):
    people, categories = files
    probs, panel = tmp_path / "probs.csv", tmp_path / "panel.csv"
    args = ["--people", people, "--categories", categories, "--panel-size", "4", "--seed", "3"]
    out = run_json(capsys, *args, "--probabilities", str(probs), "--panel", str(panel))
    assert {"algorithm", "pool_size", "panel_size", "min_probability", "seconds", "panel"} <= set(
        out
    )
    assert out["algorithm"] == "leximin" and out["pool_size"] == 12 and out["panel_size"] == 4
    rows = list(csv.DictReader(probs.open()))
    assert [r["id"] for r in rows] == [f"p{i}" for i in range(12)]
    assert sum(float(r["probability"]) for r in rows) == pytest.approx(4)
    assert min(float(r["probability"]) for r in rows) == pytest.approx(out["min_probability"])
    assert [r["id"] for r in csv.DictReader(panel.open())] == out["panel"]
    assert run_json(capsys, *args)["panel"] == out["panel"]


@pytest.mark.parametrize("algorithm", ["maximin", "nash", "legacy"])
def test_select_panel_runs_every_algorithm(files, capsys, algorithm):
    people, categories = files
    out = run_json(
        capsys,
        "--people",
        people,
        "--categories",
        categories,
        "--panel-size",
        "4",
        "--algorithm",
        algorithm,
    )
    assert out["algorithm"] == algorithm and len(out["panel"]) == 4


def test_select_panel_keeps_one_person_per_address(files, capsys):
    people, categories = files
    for seed in range(5):
        out = run_json(
            capsys,
            "--people",
            people,
            "--categories",
            categories,
            "--panel-size",
            "4",
            "--address-columns",
            "street",
            "--seed",
            str(seed),
        )
        streets = {int(pid[1:]) // 2 for pid in out["panel"]}
        assert len(streets) == 4


def test_select_panel_exits_2_naming_conflicting_quotas(tmp_path):
    people = write(
        tmp_path / "p.csv",
        "id,sex\n" + "\n".join(f"p{i},{'f' if i < 2 else 'm'}" for i in range(8)),
    )
    categories = write(tmp_path / "c.csv", "feature,value,min,max\nsex,f,3,3\nsex,m,1,3")
    with pytest.raises(CommandError) as caught:
        call_command(
            "select_panel", "--people", people, "--categories", categories, "--panel-size", "4"
        )
    assert caught.value.returncode == 2
    assert "sex=f" in str(caught.value) and "from 3 to 2" in str(caught.value)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "select_panel",
            "--people",
            people,
            "--categories",
            categories,
            "--panel-size",
            "4",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "sex=f" in result.stderr


def test_select_panel_lists_row_problems(tmp_path):
    people = write(tmp_path / "p.csv", "id,sex\np1,f\np1,m\np2,x")
    categories = write(tmp_path / "c.csv", "feature,value,min,max\nsex,f,1,1\nsex,m,0,1")
    with pytest.raises(CommandError) as caught:
        call_command(
            "select_panel", "--people", people, "--categories", categories, "--panel-size", "1"
        )
    text = str(caught.value)
    assert "people file, row 3" in text and "people file, row 4" in text


def test_select_panel_never_touches_the_database(files, capsys):
    """No ``django_db`` mark: pytest-django makes any query here raise."""
    people, categories = files
    call_command(
        "select_panel", "--people", people, "--categories", categories, "--panel-size", "4"
    )
    assert "leximin: smallest probability" in capsys.readouterr().out
