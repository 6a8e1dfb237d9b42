"""Writes for consultations: drafts, submissions, versions, receipts."""

import datetime as dt
import uuid
from functools import partial

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from consultations.budget_summary import budget_display
from consultations.models import (
    Answer,
    Channel,
    ConsultationPage,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
)
from consultations.questions import (
    Answers,
    AnswerValue,
    answers_to_json,
    missing_required,
    visible_answers,
)
from consultations.results_services import results_refresh_soon
from consultations.schema import schema_of

ERR_CLOSED = "This consultation is not open for answers."
ERR_MISSING = "Some required questions have no answer yet."
ERR_KEY_TAKEN = "This form belongs to another response, so it cannot be sent."
ERR_ROUND_SENT = "You have already sent your answers for this round ({round})."
ERR_ROUND_UNKNOWN = "This consultation has no round “{round}”."


class SubmissionRejected(ValueError):
    def __init__(self, message, missing=()):
        super().__init__(message)
        self.missing = list(missing)


def version_current(*, page: ConsultationPage) -> QuestionnaireVersion:
    """The version matching the page's questions now; a new one if they changed."""
    schema, digest = schema_of(page.specs())
    latest = page.versions.order_by("-number").first()
    if latest and latest.schema_hash == digest:
        return latest
    number = latest.number + 1 if latest else 1
    try:
        with transaction.atomic():
            return QuestionnaireVersion.objects.create(
                page=page, number=number, schema=schema, schema_hash=digest
            )
    except IntegrityError:  # a concurrent request made it first
        return page.versions.get(schema_hash=digest, number=number)


def draft_get(*, page: ConsultationPage, user) -> Response | None:
    """The signed-in person's draft for the page's current round."""
    if not user.is_authenticated:
        return None
    return Response.objects.filter(
        page=page, user=user, status=ResponseStatus.DRAFT, round=page.current_round
    ).first()


def draft_save(*, page: ConsultationPage, user, answers: Answers, step: int) -> Response:
    """Keep a signed-in resident's partial answers so they can finish later."""
    draft = draft_get(page=page, user=user)
    payload = {"answers": answers_to_json(answers), "step": step}
    if draft is None:
        try:
            with transaction.atomic():
                return Response.objects.create(
                    page=page, user=user, draft=payload, round=page.current_round
                )
        except IntegrityError:
            draft = draft_get(page=page, user=user)
    draft.draft = payload
    draft.save(update_fields=["draft", "updated_at"])
    return draft


@transaction.atomic
def response_submit(
    *,
    page: ConsultationPage,
    user,
    answers: Answers,
    submission_key: uuid.UUID,
    channel: str = Channel.ONLINE,
    entered_by=None,
    publish_consent: bool | None = None,
    wants_outcome: bool = False,
    now=None,
    results_refresh: bool = True,
    round: str | None = None,
) -> Response:
    """Check and save a complete response once. Repeating a submission returns the first.

    It goes to ``round`` (staff entry chooses), else to the page's current round; a
    signed-in person sends one response per round.

    A refresh of the results is scheduled for a few minutes later, so the figures catch
    up without anyone waiting on the results page; a bulk caller may pass
    ``results_refresh=False`` and schedule one refresh itself. The scheduling runs after
    the commit, outside the transaction that holds the response's rows.
    """
    user = user if user is not None and user.is_authenticated else None
    existing = Response.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        # A key names one response of one page and one person; anything else is a
        # forged or mixed-up form, which must neither fail nor touch that response.
        if existing.page_id != page.pk or existing.user_id != (user.pk if user else None):
            raise SubmissionRejected(ERR_KEY_TAKEN)
        if existing.status == ResponseStatus.SUBMITTED:
            return existing
    if channel == Channel.ONLINE and page.status_at(now) != "open":
        raise SubmissionRejected(ERR_CLOSED)
    round = page.current_round if round is None else round
    if round and round not in dict(page.round_choices):
        raise SubmissionRejected(ERR_ROUND_UNKNOWN.format(round=round))
    if round and user and _round_sent(page, user, round):
        raise SubmissionRejected(ERR_ROUND_SENT.format(round=page.round_label(round))) from None
    specs = page.specs()
    kept = visible_answers(specs, answers)
    missing = missing_required(specs, kept)
    if missing:
        raise SubmissionRejected(ERR_MISSING, missing)
    response = None
    if user and channel == Channel.ONLINE:
        # Locked, so two sends of the same draft at once save its answers once.
        response = (
            Response.objects.select_for_update()
            .filter(page=page, user=user, status=ResponseStatus.DRAFT, round=round)
            .first()
        )
    if response is None:
        response = Response(page=page, user=user)
    response.version = version_current(page=page)
    response.status = ResponseStatus.SUBMITTED
    response.submission_key = submission_key
    response.channel = channel
    response.round = round
    response.entered_by = entered_by
    response.publish_consent = publish_consent
    response.wants_outcome = wants_outcome
    response.submitted_at = now or timezone.now()
    response.draft = {}
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # The same form sent twice at once: the other request saved it first.
        first = Response.objects.filter(
            submission_key=submission_key, page=page, user=user, status=ResponseStatus.SUBMITTED
        ).first()
        if first is None:
            if round and user:  # this person's other send for this round won the race
                raise SubmissionRejected(
                    ERR_ROUND_SENT.format(round=page.round_label(round))
                ) from None
            raise SubmissionRejected(ERR_KEY_TAKEN) from None
        return first
    Answer.objects.bulk_create(
        Answer(
            response=response,
            page=page,
            question_id=qid,
            value=a.value,
            number=a.number,
            row=a.row,
        )
        for qid, values in kept.items()
        for a in values
    )
    if results_refresh:
        transaction.on_commit(partial(results_refresh_soon, page))
    return response


def _round_sent(page, user, round: str) -> bool:
    return Response.objects.filter(
        page=page, user=user, round=round, status=ResponseStatus.SUBMITTED
    ).exists()


def receipt_send(*, response: Response) -> None:
    """Email the resident a copy of their answers, leaving out demographic answers."""
    if not response.user or not response.user.email:
        return
    page = response.page.specific
    answers = answers_by_question(response)
    rows = [
        (spec.label, display_values(spec, answers.get(spec.id, [])))
        for spec in page.specs()
        if not spec.is_demographic and answers.get(spec.id)
    ]
    body = render_to_string(
        "consultations/email/receipt.txt", {"page": page, "rows": rows, "response": response}
    )
    send_mail(f"Your answers: {page.title}", body, None, [response.user.email])


def answers_by_question(response: Response) -> dict[str, list[AnswerValue]]:
    out: dict[str, list[AnswerValue]] = {}
    for a in response.answers.order_by("pk"):
        out.setdefault(a.question_id, []).append(AnswerValue(a.value, a.number, a.row))
    return out


def display_values(spec, values: list[AnswerValue]) -> str:
    """An answer as a person reads it on a summary or in an email."""
    if spec.kind == "budget":
        return budget_display(spec, values)
    if spec.kind == "ranking":
        return "; ".join(f"{int(a.number)}. {a.value}" for a in values)
    if spec.kind == "matrix":
        return "; ".join(f"{a.row}: {a.value}" for a in values)
    if spec.kind == "consent":
        return "Agreed"
    if spec.kind == "date" and values:
        return dt.date.fromisoformat(values[0].value).strftime("%-d %B %Y")
    other = [a.value for a in values if a.row == "other"]
    main = [a.value for a in values if a.row != "other"]
    text = ", ".join(main)
    if other:
        text = text.replace("Other", f"Other: {other[0]}")
    return text
