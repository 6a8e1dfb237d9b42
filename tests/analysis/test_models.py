"""A theme run stores the machine output, its themes and every answer's assignment."""

import pytest

from analysis.models import RunStatus, SourceKind
from analysis.services import theme_run_start
from jobs.models import JobStatus
from tests.analysis.factories import (
    PARKING,
    TEXTS,
    make_answered_survey,
    make_run,
    quick_parameters,
    run_now,
)

pytestmark = pytest.mark.django_db


def test_run_of_a_question_stores_themes_assignments_and_provenance(home_page):
    page = make_answered_survey(home_page)
    run = make_run(page)
    assert run.status == RunStatus.DONE
    assert run.job.status == JobStatus.SUCCEEDED
    assert run.machine_output["refs"] and len(run.machine_output["labels"]) == len(TEXTS)
    assert set(run.versions) == {"scikit-learn", "numpy", "engine"}
    assert len(run.input_hash) == 64
    keys = set(run.themes.values_list("key", flat=True))
    assert keys == {"1", "2", "excluded"}
    assert run.assignments.count() == len(TEXTS)
    parking = run.assignments.get(text=PARKING[0]).theme
    assert all(run.assignments.get(text=t).theme == parking for t in PARKING)
    assert parking.size == len(PARKING)


def test_same_input_and_seed_give_the_same_hash_and_labels(home_page):
    page = make_answered_survey(home_page)
    one, two = make_run(page), make_run(page)
    assert one.input_hash == two.input_hash
    assert one.machine_output["labels"] == two.machine_output["labels"]


def test_uploaded_csv_is_read_as_text_with_its_ids(home_page):
    page = make_answered_survey(home_page, texts=[])
    rows = "\n".join(f"{n},{t}" for n, t in enumerate(PARKING + ["None"]))
    run = theme_run_start(
        user=None,
        title="Upload",
        source_kind=SourceKind.UPLOAD,
        page=page,
        uploaded_text="id,text\n" + rows,
        parameters=quick_parameters(n_themes=1, id_column="id"),
    )
    run = run_now(run)
    assert run.status == RunStatus.DONE
    assert run.assignments.filter(item_ref="u6", text="None").exists()


def test_source_without_answers_fails_with_a_message(home_page):
    page = make_answered_survey(home_page, texts=[])
    run = make_run(page)
    assert run.status == RunStatus.FAILED and "no answers" in run.error
