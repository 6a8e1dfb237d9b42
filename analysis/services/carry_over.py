"""Carry a run's review edits over to its re-run."""

from __future__ import annotations

from collections import Counter

from analysis.models import EditAction, Theme, ThemeAssignment, ThemeRun
from analysis.services.review import edit_record, themes_resize


def review_carry_over(*, previous: ThemeRun, run: ThemeRun) -> None:
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
            edit_record(run, None, EditAction.CARRY_OVER, theme=theme.key, label=theme.label)
    for target, source in merged:
        ThemeAssignment.objects.filter(theme=source).update(theme=target)
        Theme.objects.filter(pk=source.pk).update(merged_into=target)
        edit_record(run, None, EditAction.CARRY_OVER, merge=source.key, into=target.key)
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
