"""How a person's words were placed in theme analyses: the download, and the erasure of quotes.

Registered with ``accounts.personal_data``. A theme analysis copies each answer or
statement it reads (``ThemeAssignment.text``, its published ``quote_text``) and keeps up to
three quotes per theme in the run's machine output. The copies go with their source when
the person deletes it (``ThemeAssignment`` cascades), but the machine output is plain JSON,
so this section removes the person's quotes from it first, while their sources still exist.
"""

from django.db.models import Q

from accounts.personal_data import Erasure, register
from analysis.models import ThemeAssignment, ThemeRun
from analysis.text_clean import clean_text, dedup_key


def _assignments(user):
    return ThemeAssignment.objects.filter(Q(response__user=user) | Q(statement__author=user))


def analysis_export(user) -> dict[str, list[dict]]:
    rows = _assignments(user).select_related("run", "theme").order_by("run_id", "pk")
    return {
        "theme_analysis": [
            {
                "analysis": a.run.title,
                "your_words": a.text,
                "theme": a.theme.label,
                "key_quote": a.is_key_quote,
                "quote_as_published": a.quote_text if a.is_key_quote else "",
                "may_be_published": a.publish_consent,
            }
            for a in rows
        ],
    }


def analysis_erase(erasure: Erasure) -> dict[str, int]:
    chosen = Q()
    if erasure.delete_responses:
        chosen |= Q(response__user=erasure.user)
    if erasure.delete_statements:
        chosen |= Q(statement__author=erasure.user)
    if not chosen:
        return {}
    texts: dict[int, set[str]] = {}
    for run_id, text in ThemeAssignment.objects.filter(chosen).values_list("run_id", "text"):
        texts.setdefault(run_id, set()).add(dedup_key(clean_text(text)))
    removed = 0
    for run in ThemeRun.objects.filter(pk__in=texts).select_for_update():
        output = run.machine_output or {}
        for theme in output.get("themes", []):
            kept = [q for q in theme.get("quotes", []) if dedup_key(q) not in texts[run.pk]]
            removed += len(theme.get("quotes", [])) - len(kept)
            theme["quotes"] = kept
        run.machine_output = output
        run.save(update_fields=["machine_output"])
    return {"quotes_removed": removed}


# Before the consultations and deliberation sections delete the sources it reads.
register("analysis", export=analysis_export, erase=analysis_erase, erase_order=10)
