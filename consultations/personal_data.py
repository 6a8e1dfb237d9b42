"""A person's consultation responses, drafts and consents: their download, their erasure.

Registered with ``accounts.personal_data``. Responses are linked to the person only through
``Response.user``; anonymous and staff-entered responses carry no link and are not theirs to
download. This section also hands accounts the spreadsheet-formula neutraliser for CSVs.
"""

from accounts.personal_data import Erasure, register, register_csv_cell
from common.spreadsheet_safety import neutralise
from consultations.models import Answer, Response, ResponseStatus
from consultations.results_services import results_refresh_schedule


def _labels(schema) -> dict[str, str]:
    return {q.get("id", ""): q.get("label", "") for q in schema or []}


def _page_labels(page) -> dict[str, str]:
    return {spec.id: spec.label for spec in page.specs()}


def consultations_export(user) -> dict[str, list[dict]]:
    responses = list(
        Response.objects.filter(user=user)
        .select_related("page", "version")
        .order_by("created_at", "pk")
    )
    submitted = [r for r in responses if r.status == ResponseStatus.SUBMITTED]
    drafts = [r for r in responses if r.status == ResponseStatus.DRAFT]
    labels = {r.pk: _labels(r.version.schema if r.version else None) for r in submitted}
    answers = (
        Answer.objects.filter(response__in=submitted)
        .select_related("response__page")
        .order_by("response_id", "pk")
    )
    draft_rows = []
    for draft in drafts:
        page_labels = _page_labels(draft.page)
        for question_id, values in (draft.draft.get("answers") or {}).items():
            for value, number, row in values:
                draft_rows.append(
                    {
                        "consultation": draft.page.title,
                        "question_id": question_id,
                        "question": page_labels.get(question_id, ""),
                        "answer": value,
                        "number": number,
                        "row": row or "",
                        "saved_at": draft.updated_at,
                    }
                )
    return {
        "consultation_responses": [
            {
                "response": r.pk,
                "consultation": r.page.title,
                "channel": r.get_channel_display(),
                "round": r.page.round_label(r.round) if r.round else "",
                "started_at": r.created_at,
                "submitted_at": r.submitted_at,
            }
            for r in submitted
        ],
        "consultation_answers": [
            {
                "response": a.response_id,
                "consultation": a.response.page.title,
                "question_id": a.question_id,
                "question": labels[a.response_id].get(a.question_id, ""),
                "answer": a.value,
                "number": a.number,
                "row": a.row,
            }
            for a in answers
        ],
        "consultation_drafts": draft_rows,
        "consultation_consents": [
            {
                "response": r.pk,
                "consultation": r.page.title,
                "words_may_be_quoted": r.publish_consent,
                "tell_me_the_outcome": r.wants_outcome,
            }
            for r in submitted
        ],
    }


def consultations_erase(erasure: Erasure) -> dict[str, int]:
    """Drafts always go; submitted responses go only if the person chose so, else lose the link.

    A kept response can no longer be traced to anyone, so its "tell me the outcome" wish
    (which needs the account's address) is cleared with the link.
    """
    mine = Response.objects.filter(user=erasure.user)
    drafts = mine.filter(status=ResponseStatus.DRAFT)
    done = {"drafts_deleted": drafts.count()}
    drafts.delete()
    submitted = mine.filter(status=ResponseStatus.SUBMITTED)
    pages = {r.page for r in submitted.select_related("page")}
    if erasure.delete_responses:
        done["responses_deleted"] = submitted.count()
        submitted.delete()
        # The stored results still count these answers: recalculate them soon.
        for page in pages:
            results_refresh_schedule(page)
        return done
    done["responses_anonymised"] = submitted.update(user=None, wants_outcome=False)
    return done


register(
    "consultations",
    export=consultations_export,
    erase=consultations_erase,
    erase_order=50,
)
register_csv_cell(neutralise)
