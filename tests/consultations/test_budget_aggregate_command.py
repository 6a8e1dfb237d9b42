"""budget_aggregate's command-line contract, run as a user would."""

import json
import subprocess
import sys

ENV = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"}


def run(tmp_path, allocations, current=None, *flags):
    a = tmp_path / "A.csv"
    a.write_text(allocations, encoding="utf-8")
    args = [sys.executable, "manage.py", "budget_aggregate", "--allocations", str(a), *flags]
    if current is not None:
        c = tmp_path / "C.csv"
        c.write_text(current, encoding="utf-8")
        args += ["--current", str(c)]
    return subprocess.run(args, capture_output=True, text=True, timeout=300, env=ENV)


def test_json_is_one_object_with_exact_figures_in_column_order(tmp_path):
    done = run(tmp_path, "\ufeffid,a,b\r\n1,6,4\r\n2,0,10\r\n", "line,amount\na,5\nb,5\n", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["envelope"], out["n"]) == (10, 2)
    a, b = out["lines"]
    assert a == {
        "line": "a",
        "mean": 3,
        "median": 3,
        "q1": 1.5,
        "q3": 4.5,
        "phantom_median": 5,
        "cut": 0.5,
        "kept": 0,
        "raised": 0.5,
    }
    assert b["line"] == "b" and b["phantom_median"] == 5


def test_without_current_there_are_no_shares(tmp_path):
    out = json.loads(run(tmp_path, "id,a,b\n1,6,4\n", None, "--json").stdout)
    assert "cut" not in out["lines"][0]


def test_bad_files_exit_2_with_a_message(tmp_path):
    for text in [
        "id,a,b\n1,x,4\n",
        "id,a,b\n1,-1,11\n",
        "id,a,b\n1,6,4\n2,6,5\n",
        "",
        "id,a,b\n1,6,4\n1,6,4\n",
    ]:
        done = run(tmp_path, text, None, "--json")
        assert done.returncode == 2 and done.stderr.strip() and not done.stdout.strip()
    done = run(tmp_path, "id,a,b\n1,6,4\n", "line,amount\nzzz,5\n", "--json")
    assert done.returncode == 2 and "unknown line" in done.stderr
