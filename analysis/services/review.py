"""Review actions on a run's themes; each is kept as a ``ThemeEdit`` (who, when, what)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from analysis.models import EditAction, Theme, ThemeAssignment, ThemeEdit, ThemeRun
from analysis.themes import cluster_responses

QUICK = "tfidf"  # splitting re-clusters one theme's answers: TF-IDF is enough and fast
ERR_SPLIT_SMALL = "A theme needs at least 2 different answers to be split."
ERR_MERGE_SELF = "Choose at least one other theme to merge into this one."
ERR_OTHER_RUN = "That theme belongs to another run."


def themes_resize(*, run: ThemeRun) -> None:
    counts = dict(run.assignments.values("theme").annotate(n=Count("pk")).values_list("theme", "n"))
    for theme in run.themes.all():
        size = counts.get(theme.pk, 0)
        if theme.size != size:
            Theme.objects.filter(pk=theme.pk).update(size=size)


def edit_record(run: ThemeRun, user, action: str, **payload) -> ThemeEdit:
    return ThemeEdit.objects.create(run=run, user=user, action=action, payload=payload)


@transaction.atomic
def theme_rename(*, theme: Theme, user, label: str) -> Theme:
    old = theme.label
    theme.label = label.strip()[:200]
    theme.save(update_fields=["label"])
    edit_record(theme.run, user, EditAction.RENAME, theme=theme.key, old=old, new=theme.label)
    return theme


@transaction.atomic
def theme_note(*, theme: Theme, user, notes: str) -> Theme:
    theme.notes = notes.strip()
    theme.save(update_fields=["notes"])
    edit_record(theme.run, user, EditAction.NOTE, theme=theme.key, notes=theme.notes)
    return theme


@transaction.atomic
def themes_merge(*, target: Theme, sources: list[Theme], user) -> Theme:
    """Move every answer of ``sources`` into ``target``; the sources stay, empty, as history."""
    sources = [s for s in sources if s.pk != target.pk and s.run_id == target.run_id]
    if not sources:
        raise ValueError(ERR_MERGE_SELF)
    ThemeAssignment.objects.filter(theme__in=sources).update(theme=target)
    Theme.objects.filter(pk__in=[s.pk for s in sources]).update(merged_into=target)
    edit_record(
        target.run, user, EditAction.MERGE, into=target.key, themes=[s.key for s in sources]
    )
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
    edit_record(run, user, EditAction.SPLIT, theme=theme.key, parts=moved)
    themes_resize(run=run)
    return [theme, *parts.values()]


@transaction.atomic
def assignment_move(*, assignment: ThemeAssignment, theme: Theme, user) -> ThemeAssignment:
    if theme.run_id != assignment.run_id:
        raise ValueError(ERR_OTHER_RUN)
    old = assignment.theme.key
    assignment.theme = theme
    assignment.save(update_fields=["theme"])
    edit_record(
        assignment.run, user, EditAction.MOVE, item=assignment.item_ref, old=old, new=theme.key
    )
    themes_resize(run=assignment.run)
    return assignment


@transaction.atomic
def quote_mark_key(*, assignment: ThemeAssignment, user, key: bool = True) -> ThemeAssignment:
    assignment.is_key_quote = key
    assignment.save(update_fields=["is_key_quote"])
    edit_record(assignment.run, user, EditAction.KEY_QUOTE, item=assignment.item_ref, key=key)
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
    edit_record(
        assignment.run,
        user,
        EditAction.REDACTION,
        item=assignment.item_ref,
        edited=text is not None and bool(text.strip()),
    )
    return assignment
