import csv
import json
import os
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


def run(*args):
    """Run the command in its own process: HiGHS writes from C to file descriptor 1,
    which neither ``call_command(stdout=...)`` nor ``redirect_stdout`` captures."""
    return subprocess.run(
        [sys.executable, "manage.py", "select_panel", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


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
    assert 'lower the minimum for sex "f" from 3 to 2' in str(caught.value)
    result = run("--people", people, "--categories", categories, "--panel-size", "4")
    assert result.returncode == 2 and 'sex "f"' in result.stderr


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


@pytest.mark.parametrize("algorithm", ["leximin", "maximin", "nash", "legacy"])
def test_select_panel_json_stdout_is_exactly_one_json_object(files, algorithm):
    people, categories = files
    result = run(
        "--people",
        people,
        "--categories",
        categories,
        "--panel-size",
        "4",
        "--address-columns",
        "street",
        "--algorithm",
        algorithm,
        "--json",
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)  # the whole of stdout, banner or no banner
    assert out["algorithm"] == algorithm and len(out["panel"]) == 4


@pytest.fixture
def min_above_panel(tmp_path):
    people = "id,sex\n" + "\n".join(f"p{i},{'f' if i < 10 else 'm'}" for i in range(20))
    categories = "feature,value,min,max\nsex,f,12,15\nsex,m,0,10"
    return write(tmp_path / "people.csv", people), write(tmp_path / "categories.csv", categories)


def test_select_panel_min_above_panel_size_exits_2_naming_the_fix(min_above_panel):
    people, categories = min_above_panel
    args = ["--people", people, "--categories", categories, "--panel-size", "5"]
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "solver stopped" not in result.stderr
    assert "No panel of 5 can meet the quotas." in result.stderr
    assert '- lower the minimum for sex "f" from 12 to 5 (its minimum of 12 alone' in result.stderr
    assert result.stdout == ""

    result = run(*args, "--json")
    assert result.returncode == 2
    out = json.loads(result.stdout)
    assert out["error"].startswith("No panel of 5 can meet the quotas.")
    [conflict] = out["conflicts"]
    assert {k: conflict[k] for k in ("feature", "value", "bound", "current", "suggested")} == {
        "feature": "sex",
        "value": "f",
        "bound": "min",
        "current": 12,
        "suggested": 5,
    }
    assert "its minimum of 12 alone is more than the panel of 5" in conflict["reason"]


def test_select_panel_json_error_is_one_json_object(tmp_path):
    people = write(tmp_path / "p.csv", "id,sex\np1,f\np1,m")
    categories = write(tmp_path / "c.csv", "feature,value,min,max\nsex,f,1,1\nsex,m,0,1")
    result = run("--people", people, "--categories", categories, "--panel-size", "1", "--json")
    assert result.returncode == 1
    assert "people file, row 3" in json.loads(result.stdout)["error"]


def _bad_path(tmp_path, kind):
    if kind == "missing folder":
        return str(tmp_path / "no such folder" / "out.csv")
    if kind == "folder":
        return str(tmp_path)
    (tmp_path / "a file").write_text("x")
    return str(tmp_path / "a file" / "out.csv")


@pytest.mark.parametrize("option", ["probabilities", "panel"])
@pytest.mark.parametrize("kind", ["missing folder", "folder", "under a file"])
def test_select_panel_refuses_an_output_path_it_cannot_write(files, tmp_path, option, kind):
    people, categories = files
    other = "panel" if option == "probabilities" else "probabilities"
    good = tmp_path / "good.csv"
    with pytest.raises(CommandError) as caught:
        call_command(
            "select_panel",
            "--people",
            people,
            "--categories",
            categories,
            "--panel-size",
            "4",
            f"--{option}",
            _bad_path(tmp_path, kind),
            f"--{other}",
            str(good),
        )
    assert str(caught.value).startswith(f"Cannot write --{option} ")
    assert caught.value.returncode == 1
    assert not good.exists()  # refused before anything was written


def test_select_panel_unwritable_probabilities_is_a_message_not_a_traceback(files, tmp_path):
    people, categories = files
    target = str(tmp_path / "missing" / "probs.csv")
    result = run(
        "--people", people, "--categories", categories, "--panel-size", "4",
        "--probabilities", target,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Cannot write --probabilities {target}: the folder" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_select_panel_refuses_a_read_only_folder(files, tmp_path):
    people, categories = files
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(CommandError, match="permission denied"):
            call_command(
                "select_panel", "--people", people, "--categories", categories,
                "--panel-size", "4", "--panel", str(locked / "panel.csv"),
            )  # fmt: skip
    finally:
        locked.chmod(0o700)


def test_select_panel_write_failure_leaves_no_file_behind(files, tmp_path, monkeypatch):
    people, categories = files

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(CommandError, match="No space left on device"):
        call_command(
            "select_panel", "--people", people, "--categories", categories,
            "--panel-size", "4", "--panel", str(tmp_path / "panel.csv"),
        )  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["categories.csv", "people.csv"]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "There is no people file at "),
        ("folder", "is a folder, not the people file."),
        ("not text", "people file, row 1: The people file cannot be read as CSV"),
        ("empty", "people file, row 1: The people file cannot be read as CSV"),
    ],
)
def test_select_panel_refuses_an_input_file_it_cannot_read(files, tmp_path, kind, message):
    _, categories = files
    path = tmp_path / "people-in.csv"
    if kind == "folder":
        path.mkdir()
    elif kind == "not text":
        path.write_bytes(b"id,sex\n\xff\xfe\x00p1,f\n")
    elif kind == "empty":
        path.write_bytes(b"")
    with pytest.raises(CommandError) as caught:
        call_command(
            "select_panel", "--people", str(path), "--categories", categories,
            "--panel-size", "4",
        )  # fmt: skip
    assert message in str(caught.value)


def test_select_panel_refuses_csv_on_stdout_beside_json(files):
    people, categories = files
    result = run(
        "--people", people, "--categories", categories, "--panel-size", "4",
        "--probabilities", "-", "--json",
    )  # fmt: skip
    assert result.returncode == 1
    assert "would mix CSV into the JSON" in json.loads(result.stdout)["error"]
