"""Start a theme run, compute it (the background job's work) and run it again."""

from __future__ import annotations

import numpy as np
import sklearn
from django.db import transaction
from django.utils import timezone

from analysis.job_kinds import THEME_RUN_KIND
from analysis.models import RunStatus, Theme, ThemeAssignment, ThemeRun
from analysis.redaction import redact
from analysis.services.carry_over import review_carry_over
from analysis.services.review import themes_resize
from analysis.services.sources import Item, engine_version, input_hash, source_items
from analysis.themes import EXCLUDED, OTHER, cluster_responses
from jobs.services import job_start

CONFIGURATIONS = {
    "static+tfidf": "Default: word vectors and TF-IDF (first use builds a table, about 2 minutes)",
    "tfidf": "Quick: TF-IDF only (seconds; fine for small sets and demos)",
    "transformer+tfidf": "Best quality: sentence model and TF-IDF (about 40 answers a second)",
}

ERR_NO_TEXT = "There are no answers to analyse in this source."


def run_parameters(
    *, n_themes="auto", seed: int = 0, configuration: str = "static+tfidf", **extra
) -> dict:
    if configuration not in CONFIGURATIONS:
        raise ValueError(f"Unknown configuration {configuration!r}")
    n = n_themes if n_themes == "auto" else int(n_themes)
    return {"n_themes": n, "seed": int(seed), "configuration": configuration, **extra}


def theme_run_start(
    *,
    user,
    title: str,
    source_kind: str,
    page=None,
    question_id: str = "",
    session=None,
    uploaded_text: str = "",
    parameters: dict | None = None,
    previous: ThemeRun | None = None,
) -> ThemeRun:
    """Record a run and start its background job; the job page shows progress."""
    run = ThemeRun.objects.create(
        title=title,
        source_kind=source_kind,
        page=page,
        question_id=question_id,
        session=session,
        uploaded_text=uploaded_text,
        parameters=parameters or run_parameters(),
        previous=previous,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    run.job = job_start(
        kind=THEME_RUN_KIND, title=f"Theme analysis: {title}", params={"run_id": run.pk}, user=user
    )
    run.save(update_fields=["job"])
    return run


def theme_run_rerun(*, run: ThemeRun, user, parameters: dict | None = None) -> ThemeRun:
    """Run the same source again (new answers included); review edits are carried over."""
    return theme_run_start(
        user=user,
        title=run.title,
        source_kind=run.source_kind,
        page=run.page,
        question_id=run.question_id,
        session=run.session,
        uploaded_text=run.uploaded_text,
        parameters=parameters or run.parameters,
        previous=run,
    )


def theme_run_compute(*, run_id: int, progress=None) -> ThemeRun:
    """The job's work: read the source, find themes, store them and carry over review edits."""
    progress = progress or (lambda done, total, message="": None)
    run = ThemeRun.objects.get(pk=run_id)
    ThemeRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    progress(0, 4, "Reading the answers")
    items = source_items(run)
    if not items:
        run.status, run.error = RunStatus.FAILED, ERR_NO_TEXT
        run.save(update_fields=["status", "error"])
        return run
    params = run.parameters
    progress(1, 4, f"Finding themes in {len(items)} answers")
    model = cluster_responses(
        [item.text for item in items],
        n_themes=params.get("n_themes", "auto"),
        random_state=params.get("seed", 0),
        representation=params.get("configuration", "static+tfidf"),
        **{k: params[k] for k in ("min_theme_size", "other_threshold") if k in params},
    )
    progress(2, 4, "Saving the themes")
    output = {
        "n_themes": model.n_themes_,
        "themes": [
            {
                "id": t.id,
                "label": t.label,
                "size": t.size,
                "top_terms": t.top_terms,
                "quotes": t.quotes,
            }
            for t in model.themes_
        ],
        "refs": [item.ref for item in items],
        "labels": [str(x) for x in model.labels_],
        "confidences": [round(float(c), 4) for c in model.confidences_],
    }
    with transaction.atomic():
        _store(run, items, output)
        run.machine_output = output
        run.input_hash = input_hash(items)
        run.versions = {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "engine": engine_version(),
        }
        run.status = RunStatus.DONE
        run.finished_at = timezone.now()
        run.save()
        if run.previous_id:
            progress(3, 4, "Carrying over review edits")
            review_carry_over(previous=run.previous, run=run)
    progress(4, 4, "Done")
    return run


def _store(run: ThemeRun, items: list[Item], output: dict) -> None:
    themes = {}
    for order, t in enumerate(output["themes"]):
        themes[t["id"]] = Theme(
            run=run,
            key=t["id"],
            machine_label=t["label"],
            label=t["label"],
            top_terms=t["top_terms"],
            order=order,
        )
    present = set(output["labels"])
    for key, label, flag in ((OTHER, "Other", "is_other"), (EXCLUDED, "No answer", "is_excluded")):
        if key in present:
            themes[key] = Theme(
                run=run,
                key=key,
                machine_label=label,
                label=label,
                order=len(themes) + 1000,
                **{flag: True},
            )
    Theme.objects.bulk_create(themes.values())
    rows = []
    for item, label, confidence in zip(items, output["labels"], output["confidences"], strict=True):
        redacted = redact(item.text)
        theme = themes[label]
        rows.append(
            ThemeAssignment(
                run=run,
                item_ref=item.ref,
                text=item.text,
                response_id=item.response_id,
                statement_id=item.statement_id,
                machine_theme=theme,
                theme=theme,
                confidence=confidence,
                quote_text=redacted.text,
                quote_spans=[[s.start, s.end, s.kind] for s in redacted.spans],
                publish_consent=item.publish_consent,
            )
        )
    ThemeAssignment.objects.bulk_create(rows, batch_size=2000)
    # A consultation response carries its respondent's own answer to "may we publish this?".
    run.assignments.filter(response__publish_consent=True).update(publish_consent=True)
    themes_resize(run=run)
