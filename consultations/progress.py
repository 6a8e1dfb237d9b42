"""Where an unfinished response lives: the draft (signed in) or the session.

Its submission key stays here, on the server, scoped to the page and to the signed-in
person (their draft) or the browser session; no form carries it. After a send, the
session remembers which response it was, so a second send can say so.
"""

import uuid
from dataclasses import dataclass, field

from consultations import selectors, services
from consultations.questions import AnswerValue, answers_from_json, answers_to_json


@dataclass
class Progress:
    answers: dict[str, list[AnswerValue]] = field(default_factory=dict)
    step: int = 0
    key: str = field(default_factory=lambda: str(uuid.uuid4()))


def _session_key(page) -> str:
    # Each round keeps its own unfinished answers.
    if page.current_round:
        return f"consultation:{page.pk}:round:{page.current_round}"
    return f"consultation:{page.pk}"


def progress_load(request, page) -> Progress:
    draft = services.draft_get(page=page, user=request.user)
    if draft is not None:
        return Progress(
            answers=answers_from_json(draft.draft.get("answers")),
            step=draft.draft.get("step", 0),
            key=str(draft.submission_key),
        )
    data = request.session.get(_session_key(page))
    if not data:
        return Progress()
    return Progress(
        answers=answers_from_json(data.get("answers")),
        step=data.get("step", 0),
        key=data.get("key") or str(uuid.uuid4()),
    )


def progress_save(request, page, progress: Progress) -> None:
    if request.user.is_authenticated:
        services.draft_save(
            page=page, user=request.user, answers=progress.answers, step=progress.step
        )
        return
    request.session[_session_key(page)] = {
        "answers": answers_to_json(progress.answers),
        "step": progress.step,
        "key": progress.key,
    }


def progress_clear(request, page, *, sent=None) -> None:
    """Forget the unfinished answers; remember ``sent``, the response they became."""
    request.session.pop(_session_key(page), None)
    if sent is not None:
        request.session[_sent_key(page)] = str(sent.submission_key)


def _sent_key(page) -> str:
    return f"consultation:{page.pk}:sent"


def progress_sent(request, page):
    """The response this session (or this signed-in person) last sent to ``page``, if any."""
    return selectors.response_sent_find(
        page=page, key=request.session.get(_sent_key(page)), user=request.user
    )
