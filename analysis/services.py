"""Theme runs, their review, findings reports and "you said, we did" decisions.

Runs: start, compute (the job), re-run with review edits carried over. Review: rename, note,
merge, split, move, key quotes, redaction. Reports: findings, publish, decisions and emails.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sklearn
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from analysis.jobs import THEME_RUN_KIND
from analysis.models import (
    Decision,
    EditAction,
    Finding,
    FindingsReport,
    ReportStatus,
    RunStatus,
    SourceKind,
    Theme,
    ThemeAssignment,
    ThemeEdit,
    ThemeRun,
)
from analysis.redaction import redact
from analysis.themes import EXCLUDED, OTHER, cluster_responses
from jobs.services import job_start

QUICK = "tfidf"
CONFIGURATIONS = {
    "static+tfidf": "Default: word vectors and TF-IDF (first use builds a table, about 2 minutes)",
    "tfidf": "Quick: TF-IDF only (seconds; fine for small sets and demos)",
    "transformer+tfidf": "Best quality: sentence model and TF-IDF (about 40 answers a second)",
}
ENGINE_FILES = ("themes", "text_clean", "representation", "clustering", "labelling", "embeddings")
MAX_UPLOAD_ROWS = 100_000

ERR_NO_TEXT = "There are no answers to analyse in this source."
ERR_NOT_DONE = "This run has not finished yet."
ERR_SPLIT_SMALL = "A theme needs at least 2 different answers to be split."
ERR_MERGE_SELF = "Choose at least one other theme to merge into this one."
ERR_CSV_COLUMN = "The file has no column called {column!r}."
ERR_UNCONFIRMED = (
    "Confirm the redaction of every key quote in this report's themes before publishing: "
    "{count} still to check."
)
ERR_NO_FINDINGS = "Write at least one finding before publishing."
ERR_NOT_PUBLISHED = "Record decisions on findings of a published report only."


@dataclass(frozen=True)
class Item:
    ref: str
    text: str
    response_id: int | None = None
    statement_id: int | None = None


def engine_version() -> str:
    """A digest of the engine's source, so a run records exactly which code made it."""
    digest = hashlib.sha256()
    folder = Path(__file__).parent
    for name in ENGINE_FILES:
        path = folder / f"{name}.py"
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def csv_items(text: str, *, text_column: str = "text", id_column: str = "") -> list[Item]:
    """Rows of an uploaded CSV (read as text: "None" stays an answer)."""
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    for column in filter(None, (text_column, id_column)):
        if column not in fields:
            raise ValueError(ERR_CSV_COLUMN.format(column=column))
    items = []
    for n, row in enumerate(reader, start=1):
        if n > MAX_UPLOAD_ROWS:
            break
        ref = (row.get(id_column) or "").strip() if id_column else ""
        items.append(Item(ref=f"u{ref or n}", text=row.get(text_column) or ""))
    return items


def source_items(run: ThemeRun) -> list[Item]:
    """The texts a run analyses, read through the other apps' selectors."""
    if run.source_kind == SourceKind.QUESTION:
        from consultations.selectors import free_text

        return [
            Item(ref=f"r{t.response_id}", text=t.text, response_id=t.response_id)
            for t in free_text(run.page, run.question_id)
        ]
    if run.source_kind == SourceKind.SESSION:
        from deliberation.models import Statement

        rows = Statement.objects.filter(session=run.session, hidden=False).values_list("pk", "text")
        return [Item(ref=f"s{pk}", text=text, statement_id=pk) for pk, text in rows]
    return csv_items(
        run.uploaded_text,
        text_column=run.parameters.get("text_column", "text"),
        id_column=run.parameters.get("id_column", ""),
    )


def input_hash(items: list[Item]) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(item.ref.encode() + b"\x1f" + item.text.encode() + b"\x1e")
    return digest.hexdigest()


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
            _carry_over(previous=run.previous, run=run)
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
            )
        )
    ThemeAssignment.objects.bulk_create(rows, batch_size=2000)
    themes_resize(run=run)


def themes_resize(*, run: ThemeRun) -> None:
    counts = dict(run.assignments.values("theme").annotate(n=Count("pk")).values_list("theme", "n"))
    for theme in run.themes.all():
        size = counts.get(theme.pk, 0)
        if theme.size != size:
            Theme.objects.filter(pk=theme.pk).update(size=size)


def _record(run: ThemeRun, user, action: str, **payload) -> ThemeEdit:
    return ThemeEdit.objects.create(run=run, user=user, action=action, payload=payload)


# Review actions -----------------------------------------------------------------------------


@transaction.atomic
def theme_rename(*, theme: Theme, user, label: str) -> Theme:
    old = theme.label
    theme.label = label.strip()[:200]
    theme.save(update_fields=["label"])
    _record(theme.run, user, EditAction.RENAME, theme=theme.key, old=old, new=theme.label)
    return theme


@transaction.atomic
def theme_note(*, theme: Theme, user, notes: str) -> Theme:
    theme.notes = notes.strip()
    theme.save(update_fields=["notes"])
    _record(theme.run, user, EditAction.NOTE, theme=theme.key, notes=theme.notes)
    return theme


@transaction.atomic
def themes_merge(*, target: Theme, sources: list[Theme], user) -> Theme:
    """Move every answer of ``sources`` into ``target``; the sources stay, empty, as history."""
    sources = [s for s in sources if s.pk != target.pk and s.run_id == target.run_id]
    if not sources:
        raise ValueError(ERR_MERGE_SELF)
    ThemeAssignment.objects.filter(theme__in=sources).update(theme=target)
    Theme.objects.filter(pk__in=[s.pk for s in sources]).update(merged_into=target)
    _record(target.run, user, EditAction.MERGE, into=target.key, themes=[s.key for s in sources])
    themes_resize(run=target.run)
    return target


@transaction.atomic
def theme_split(*, theme: Theme, user, n_parts: int = 2) -> list[Theme]:
    """Re-cluster one theme's answers into ``n_parts`` themes with the engine; recorded."""
    run = theme.run
    members = list(theme.assignments.order_by("pk"))
    if len({m.text.strip().lower() for m in members}) < 2:
        raise ValueError(ERR_SPLIT_SMALL)
    n_parts = max(2, min(int(n_parts), len(members)))
    model = cluster_responses(
        [m.text for m in members],
        n_themes=n_parts,
        random_state=run.parameters.get("seed", 0),
        representation=QUICK,
        min_theme_size=1,
        other_threshold=0,
    )
    taken = set(run.themes.values_list("key", flat=True))
    parts = {}
    for t in model.themes_[1:]:
        n = len(taken) + 1
        while f"s{n}" in taken:
            n += 1
        taken.add(f"s{n}")
        parts[t.id] = Theme.objects.create(
            run=run,
            key=f"s{n}",
            machine_label=t.label,
            label=t.label,
            top_terms=t.top_terms,
            order=theme.order,
        )
    moved = {}
    for member, label in zip(members, model.labels_, strict=True):
        if label in parts:
            member.theme = parts[label]
            member.save(update_fields=["theme"])
            moved.setdefault(parts[label].key, []).append(member.item_ref)
    _record(run, user, EditAction.SPLIT, theme=theme.key, parts=moved)
    themes_resize(run=run)
    return [theme, *parts.values()]


@transaction.atomic
def assignment_move(*, assignment: ThemeAssignment, theme: Theme, user) -> ThemeAssignment:
    if theme.run_id != assignment.run_id:
        raise ValueError("That theme belongs to another run.")
    old = assignment.theme.key
    assignment.theme = theme
    assignment.save(update_fields=["theme"])
    _record(assignment.run, user, EditAction.MOVE, item=assignment.item_ref, old=old, new=theme.key)
    themes_resize(run=assignment.run)
    return assignment


@transaction.atomic
def quote_mark_key(*, assignment: ThemeAssignment, user, key: bool = True) -> ThemeAssignment:
    assignment.is_key_quote = key
    assignment.save(update_fields=["is_key_quote"])
    _record(assignment.run, user, EditAction.KEY_QUOTE, item=assignment.item_ref, key=key)
    return assignment


@transaction.atomic
def quote_redaction_confirm(
    *, assignment: ThemeAssignment, user, text: str | None = None
) -> ThemeAssignment:
    """Confirm the redacted quote, or replace it with the commissioner's edit."""
    if text is not None and text.strip():
        assignment.quote_text = text.strip()
    assignment.quote_confirmed = True
    assignment.save(update_fields=["quote_text", "quote_confirmed"])
    _record(
        assignment.run,
        user,
        EditAction.REDACTION,
        item=assignment.item_ref,
        edited=text is not None and bool(text.strip()),
    )
    return assignment


# Carrying review edits over to a re-run --------------------------------------------------------


def _carry_over(*, previous: ThemeRun, run: ThemeRun) -> None:
    """Map new themes to old ones by their members; keep renames, notes, moves and quotes."""
    old = {a.item_ref: a for a in previous.assignments.select_related("theme")}
    old_by_text = {a.text: a for a in old.values()}
    new = list(run.assignments.select_related("theme"))

    def before(a):
        return old.get(a.item_ref) or old_by_text.get(a.text)

    votes: dict[int, Counter] = {}
    for a in new:
        prior = before(a)
        if prior is not None:
            votes.setdefault(a.theme_id, Counter())[prior.theme_id] += 1
    themes = {t.pk: t for t in run.themes.all()}
    old_themes = {t.pk: t for t in previous.themes.all()}
    mapping: dict[int, int] = {}  # old theme -> first new theme
    merged: list[tuple[Theme, Theme]] = []
    for theme in sorted(themes.values(), key=lambda t: (-t.size, t.order)):
        counter = votes.get(theme.pk)
        if not counter:
            continue
        old_pk, n = counter.most_common(1)[0]
        if n * 2 <= sum(counter.values()):
            continue  # no clear majority: leave the machine's theme as it is
        old_theme = old_themes[old_pk]
        if old_pk in mapping:
            if old_theme.merged.exists():  # the reviewer merged these: merge them again
                merged.append((themes[mapping[old_pk]], theme))
            continue
        mapping[old_pk] = theme.pk
        if old_theme.label != theme.label or old_theme.notes:
            theme.label, theme.notes = old_theme.label, old_theme.notes
            theme.save(update_fields=["label", "notes"])
            _record(run, None, EditAction.CARRY_OVER, theme=theme.key, label=theme.label)
    for target, source in merged:
        ThemeAssignment.objects.filter(theme=source).update(theme=target)
        Theme.objects.filter(pk=source.pk).update(merged_into=target)
        _record(run, None, EditAction.CARRY_OVER, merge=source.key, into=target.key)
    for a in run.assignments.select_related("theme"):
        prior = before(a)
        if prior is None:
            continue
        changed = []
        if prior.theme_id != prior.machine_theme_id and prior.theme_id in mapping:
            a.theme_id = mapping[prior.theme_id]
            changed.append("theme")
        if prior.is_key_quote:
            a.is_key_quote = True
            changed.append("is_key_quote")
        if prior.quote_confirmed and prior.text == a.text:
            a.quote_text, a.quote_confirmed = prior.quote_text, True
            changed += ["quote_text", "quote_confirmed"]
        if changed:
            a.save(update_fields=changed)
    themes_resize(run=run)


# Findings reports and "you said, we did" ---------------------------------------------------


class PublishRefused(Exception):
    pass


@transaction.atomic
def report_create(*, run: ThemeRun, user, title: str, summary: str = "") -> FindingsReport:
    return FindingsReport.objects.create(
        run=run, page=run.page, title=title, summary=summary, created_by=user
    )


@transaction.atomic
def finding_save(
    *, report: FindingsReport, user, title: str, body: str, themes, finding: Finding | None = None
) -> Finding:
    if finding is None:
        finding = Finding(report=report, order=report.findings.count())
    finding.title, finding.body = title, body
    finding.save()
    finding.themes.set([t for t in themes if t.run_id == report.run_id])
    return finding


def report_quotes(report: FindingsReport):
    """The key quotes of the themes the report's findings cite."""
    return ThemeAssignment.objects.filter(
        run=report.run, is_key_quote=True, theme__findings__report=report
    ).distinct()


@transaction.atomic
def report_publish(*, report: FindingsReport, user) -> FindingsReport:
    """Publish, unless any key quote on it is unconfirmed: nothing unreviewed is published."""
    if not report.findings.exists():
        raise PublishRefused(ERR_NO_FINDINGS)
    unconfirmed = report_quotes(report).filter(quote_confirmed=False).count()
    if unconfirmed:
        raise PublishRefused(ERR_UNCONFIRMED.format(count=unconfirmed))
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_at"])
    return report


def outcome_recipients(report: FindingsReport) -> list[str]:
    """Emails of people who answered the report's consultation and asked to hear the outcome."""
    if report.page_id is None:
        return []
    from consultations.models import Response, ResponseStatus

    emails = (
        Response.objects.filter(
            page_id=report.page_id, status=ResponseStatus.SUBMITTED, wants_outcome=True
        )
        .exclude(user__isnull=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return sorted(set(emails))


@transaction.atomic
def decision_record(
    *, finding: Finding, user, outcome: str, response: str, decided_on, site_url: str = ""
) -> Decision:
    """Record what was done about a published finding and tell residents who opted in."""
    report = finding.report
    if not report.is_published:
        raise PublishRefused(ERR_NOT_PUBLISHED)
    decision = Decision.objects.create(
        finding=finding,
        outcome=outcome,
        response=response,
        decided_on=decided_on,
        recorded_by=user,
    )
    recipients = outcome_recipients(report)
    if recipients:
        subject = f"You said, we did: {report.title}"[:150]
        body = (
            f"Thank you for taking part. You asked to hear what happened next.\n\n"
            f"You said: {finding.title}\n"
            f"We decided: {decision.get_outcome_display()} ({decided_on:%-d %B %Y})\n\n"
            f"{response}\n\n"
            f"Read the findings: {site_url}/analysis/reports/{report.pk}/\n"
        )
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [r]) for r in recipients]
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
        decision.notified_count = len(recipients)
        decision.save(update_fields=["notified_count"])
    return decision
