"""The selection package never writes to stdout: `select_panel --json` owns it."""

import re
from pathlib import Path

import pytest

import assembly.selection
from assembly.selection import (
    ALGORITHMS,
    InfeasibleQuotasError,
    Quota,
    find_distribution,
    transparent_lottery,
)

from .test_algorithms import medium_instance

PACKAGE = Path(assembly.selection.__file__).parent


@pytest.mark.parametrize("algorithm", sorted(ALGORITHMS))
def test_selection_prints_nothing_on_file_descriptor_1(capfd, algorithm):
    # capfd captures the file descriptor itself, where HiGHS's C code writes its banner.
    people, quotas, k, homes = medium_instance(households=True)
    distribution = find_distribution(people, quotas, k, algorithm=algorithm, households=homes)
    if algorithm == "leximin":
        transparent_lottery(distribution, 20)  # its own integer program
    out, _ = capfd.readouterr()
    assert out == ""


def test_infeasibility_diagnosis_prints_nothing(capfd):
    people, quotas, k, homes = medium_instance(households=True)
    quotas = [Quota(q.feature, q.value, q.min + 3, q.max + 3) for q in quotas]
    with pytest.raises(InfeasibleQuotasError):
        find_distribution(people, quotas, k, households=homes)
    assert capfd.readouterr().out == ""


def test_every_highs_instance_is_made_silent_by_new_highs():
    """A bare ``highspy.Highs()`` prints a banner on its first solve; use ``new_highs``."""
    made = {
        path.name: len(re.findall(r"Highs\(\)", path.read_text())) for path in PACKAGE.glob("*.py")
    }
    assert {name: n for name, n in made.items() if n} == {"oracle.py": 1}
