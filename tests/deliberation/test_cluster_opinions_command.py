"""The cluster_opinions command's contract, run as its own process like a user or a bench would."""

import csv
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEADER = "timestamp,datetime,comment-id,voter-id,vote"


def run(*args):
    return subprocess.run(
        [sys.executable, "manage.py", "cluster_opinions", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def two_camp_votes(path):
    """Voters 0-7 agree with comments 0-2 and disagree with 3-5; voters 8-15 the reverse.
    Voter 0 first disagrees with comment 0, then changes to agree (the last vote counts)."""
    lines, t = [HEADER, "1000,x,0,0,-1"], 2000
    for voter in range(16):
        for comment in range(6):
            camp = 1 if voter < 8 else -1
            vote = camp if comment < 3 else -camp
            if (voter + comment) % 7 == 0:
                vote = 0  # a few passes, so not every row is identical
            lines.append(f"{t},x,{comment},{voter},{vote}")
            t += 700
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_json_is_one_object_and_groups_file_lists_every_clustered_participant(tmp_path):
    votes = two_camp_votes(tmp_path / "votes.csv")
    comments = tmp_path / "comments.csv"
    comments.write_text("comment-id,moderated\n0,1\n1,1\n2,1\n3,1\n4,1\n5,-1\n", encoding="utf-8")
    out = tmp_path / "groups.csv"
    done = run("--votes", votes, "--comments", str(comments), "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["n_participants"] == 16 and summary["n_clustered"] == 16
    assert summary["k"] == 2
    assert sorted(g["size"] for g in summary["groups"]) == [8, 8]
    named = {c for g in summary["groups"] for c in g["representative"]} | set(summary["consensus"])
    assert "5" not in named  # moderated out
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    group = {r["participant"]: r["group"] for r in rows}
    assert len(group) == 16
    assert len({group[str(v)] for v in range(8)}) == 1 and group["0"] != group["8"]


def test_same_seed_same_groups_file(tmp_path):
    votes = two_camp_votes(tmp_path / "votes.csv")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run("--votes", votes, "--seed", "3", "--out", str(first)).returncode == 0
    assert run("--votes", votes, "--seed", "3", "--out", str(second)).returncode == 0
    assert first.read_text() == second.read_text()


def test_bad_input_exits_2_with_a_message(tmp_path):
    out = str(tmp_path / "groups.csv")
    bad_vote = tmp_path / "bad.csv"
    bad_vote.write_text(f"{HEADER}\n1,x,0,0,5\n", encoding="utf-8")
    no_column = tmp_path / "nocol.csv"
    no_column.write_text("timestamp,comment-id,vote\n1,0,1\n", encoding="utf-8")
    bad_comments = tmp_path / "comments.csv"
    bad_comments.write_text("comment-id,body\n0,hi\n", encoding="utf-8")
    cases = [
        (["--votes", str(bad_vote)], "line 2"),
        (["--votes", str(no_column)], "voter-id"),
        (["--votes", str(tmp_path / "absent.csv")], "cannot read"),
        (
            ["--votes", two_camp_votes(tmp_path / "v.csv"), "--comments", str(bad_comments)],
            "moderated",
        ),
    ]
    for args, message in cases:
        done = run(*args, "--out", out, "--json")
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr
        assert done.stdout == ""
