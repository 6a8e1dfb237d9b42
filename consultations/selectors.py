"""Reads for consultations: what is open, and answers as frames for results and analysis."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from django.db.models import Max, Min

from common.open_items import OpenItem
from consultations.models import Answer, ConsultationPage, Response, ResponseStatus
from consultations.questions import TEXT_KINDS, QuestionSpec
from consultations.results import Question

# How each question kind is summarised by consultations.results.
RESULT_KIND = {
    "single_choice": "choice",
    "demographic": "choice",
    "multiple_choice": "multiple",
    "scale": "scale",
    "number": "number",
    "ranking": "ranking",
}


def open_for_home(*, user):
    pages = ConsultationPage.objects.live().public().order_by("closes_at", "-first_published_at")
    for page in pages:
        if page.is_open:
            yield OpenItem(
                kind="consultation",
                title=page.title,
                url=page.url,
                summary=page.summary,
                status=page.status_label
                + (f", closes {page.closes_at:%-d %B %Y}" if page.closes_at else ""),
            )


def open_for_home_changes_after(now):
    """The next opening or closing time of a live, public consultation: the list changes."""
    pages = ConsultationPage.objects.live().public()
    times = [
        t
        for pair in pages.values_list("opens_at", "closes_at")
        for t in pair
        if t is not None and t > now
    ]
    return min(times, default=None)


def submitted(page: ConsultationPage):
    return Response.objects.filter(page=page, status=ResponseStatus.SUBMITTED)


def responses_received_span(*, page: ConsultationPage, until=None):
    """When the first and the last submitted response came (up to ``until``)."""
    responses = submitted(page)
    if until is not None:
        responses = responses.filter(submitted_at__lte=until)
    span = responses.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    return span["first"], span["last"]


def response_sent_find(*, page: ConsultationPage, key: str | None, user) -> Response | None:
    """The submitted response with ``key`` on ``page``, or else the person's latest one."""
    responses = submitted(page)
    if key:
        found = responses.filter(submission_key=key).first()
        if found is not None:
            return found
    if user.is_authenticated:
        return responses.filter(user=user).order_by("-submitted_at", "-pk").first()
    return None


def matrix_question_id(spec: QuestionSpec, row: str) -> str:
    return f"{spec.id}/{row}"


def result_questions(specs: Sequence[QuestionSpec]) -> list[Question]:
    """The questions as ``consultations.results`` sees them; a matrix gives one per row."""
    out = []
    for spec in specs:
        if spec.kind == "matrix":
            out += [
                Question(matrix_question_id(spec, r), "choice", spec.options) for r in spec.rows
            ]
        elif spec.kind in RESULT_KIND:
            options = (
                spec.choices
                if spec.kind in ("single_choice", "demographic", "multiple_choice")
                else spec.options
            )
            if spec.kind == "scale":
                options = spec.choices
            out.append(Question(spec.id, RESULT_KIND[spec.kind], tuple(options)))
    return out


def answers_frame(
    page: ConsultationPage,
    *,
    question_ids: Iterable[str] | None = None,
    channels: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Submitted answers in long format: ``response_id, question, value, number, channel``,
    and the response's ``round`` and ``user`` (for pairing a person's rounds).

    Matrix rows (and a budget's lines) become questions ``<id>/<row>``; "other, please
    say" texts are left out (they are free text: see :func:`free_text`). Reads only the
    rows asked for.
    """
    rows = Answer.objects.filter(page=page, response__status=ResponseStatus.SUBMITTED).exclude(
        row="other"
    )
    if question_ids is not None:
        rows = rows.filter(question_id__in=list(question_ids))
    if channels is not None:
        rows = rows.filter(response__channel__in=list(channels))
    data = list(
        rows.values_list(
            "response_id",
            "question_id",
            "value",
            "number",
            "row",
            "response__channel",
            "response__round",
            "response__user_id",
        ).iterator(chunk_size=5000)
    )
    frame = pd.DataFrame(
        data,
        columns=["response_id", "question", "value", "number", "row", "channel", "round", "user"],
    )
    matrix = frame["row"] != ""
    frame.loc[matrix, "question"] = frame.loc[matrix, "question"] + "/" + frame.loc[matrix, "row"]
    return frame.drop(columns="row")


@dataclass(frozen=True)
class FreeText:
    response_id: int
    question_id: str
    text: str


def free_text_questions(page: ConsultationPage) -> list[QuestionSpec]:
    """Questions whose answers are free text: text questions and "other, please say"."""
    return [s for s in page.specs() if s.kind in TEXT_KINDS or s.allow_other]


def free_text(page: ConsultationPage, question_id: str) -> list[FreeText]:
    """Every submitted free-text answer to one question, for theme analysis."""
    spec = next((s for s in page.specs() if s.id == question_id), None)
    if spec is None:
        return []
    rows = Answer.objects.filter(
        page=page, question_id=question_id, response__status=ResponseStatus.SUBMITTED
    )
    if spec.kind not in TEXT_KINDS:
        rows = rows.filter(row="other")
    return [
        FreeText(response_id=r, question_id=question_id, text=t)
        for r, t in rows.order_by("pk").values_list("response_id", "value")
    ]


def consultation_pages():
    """Every consultation page, by title (other apps list and look pages up through this)."""
    return ConsultationPage.objects.order_by("title")


def consultation_page_by_slug(slug: str) -> ConsultationPage | None:
    return ConsultationPage.objects.filter(slug=slug).first()


def outcome_emails(*, page_id: int) -> list[str]:
    """Emails of signed-in respondents to a page who asked to hear its outcome."""
    emails = (
        Response.objects.filter(
            page_id=page_id, status=ResponseStatus.SUBMITTED, wants_outcome=True
        )
        .exclude(user__isnull=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    return sorted(set(emails))
