"""Plain forms for questions and the speaking queue (no JavaScript needed): the
participant's ask, up-vote and hand up, and the console's answer, hide and next.

Each POST goes through the same services as the socket and redirects back (PRG);
a refusal is shown as a message on the page it came from.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.ratelimits import client_ip
from deliberation.access import access_load
from deliberation.guests import guest_token_for
from deliberation.models import LiveSession
from deliberation.moderation.limits import ERROR_RATE, action_rate_hit
from deliberation.moderation.selectors import moderation_settings, mute_holds, settings_payload
from deliberation.questions import queue, services
from deliberation.questions.selectors import questions_snapshot
from deliberation.ratelimits import address_rate_hit
from deliberation.states import TransitionError

ORDERS = ("votes", "newest")


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _keys(request, held) -> dict:
    return {"actor_key": held.actor_key, "action_id": request.POST.get("action_id") or None}


def _person(held) -> dict:
    return {"user": held.user if held.guest is None else None, "guest": held.guest}


def _participant_work(request, session, held, action: str):
    post = request.POST
    if action == "ask":
        return services.question_ask(
            session_id=session.pk,
            activity_id=_int(post.get("activity_id")),
            text=post.get("text", ""),
            client_id=post.get("client_id"),
            may_post=held.may_post,
            **_person(held),
        )
    if not held.may_post:
        raise services.QuestionForbidden(services.ERROR_FORBIDDEN)
    if action in ("vote", "unvote"):
        if wait := action_rate_hit(kind="vote", actor=held.actor_key, session_id=session.pk):
            raise services.QuestionRateLimited(wait)
        return services.question_vote(
            session_id=session.pk,
            question_id=_int(post.get("question_id")),
            up=action == "vote",
            **_person(held),
            **_keys(request, held),
        )
    if action in ("queue_join", "queue_leave"):
        if wait := action_rate_hit(kind="queue", actor=held.actor_key, session_id=session.pk):
            raise services.QuestionRateLimited(wait)
        step = queue.queue_join if action == "queue_join" else queue.queue_leave
        extra = {"may_post": held.may_post} if action == "queue_join" else {}
        return step(
            session_id=session.pk,
            activity_id=_int(post.get("activity_id")),
            **_person(held),
            **_keys(request, held),
            **extra,
        )
    raise services.QuestionRejected("Choose one of the buttons.")


@require_POST
def participant_act(request, session_id):
    """Ask, up-vote, withdraw a vote, put a hand up or down; then back to the session."""
    session = get_object_or_404(LiveSession, pk=session_id)
    held = access_load(session, request.user, guest_token_for(request, session.pk))
    if not held.may_join:
        raise PermissionDenied
    anchor = (
        "#questions"
        if request.POST.get("action", "").startswith(("ask", "vote", "unvote"))
        else "#queue"
    )
    try:
        if address_rate_hit(client_ip(request)):
            raise services.QuestionRateLimited(60)
        result = _participant_work(request, session, held, request.POST.get("action", ""))
    except TransitionError as exc:
        messages.error(
            request, ERROR_RATE if isinstance(exc, services.QuestionRateLimited) else str(exc)
        )
    else:
        question = getattr(result, "question", None)
        if question is not None and question.pending and getattr(result, "created", False):
            messages.success(request, "Sent. Your question will show once a moderator approves it.")
    order = request.POST.get("order")
    query = f"?order={order}" if order in ORDERS else ""
    return redirect(f"{session.get_absolute_url()}{query}{anchor}")


def console_act(request, session, held, action: str) -> bool:
    """The console's question and queue buttons; False when the action is not one of them."""
    post, keys = request.POST, _keys(request, held)
    actor = {"actor": request.user, **keys}
    question_id = _int(post.get("question_id"))
    if action in ("answer", "unanswer"):
        if not held.may_run:
            raise PermissionDenied
        services.question_answered_set(
            session_id=session.pk, question_id=question_id, answered=action == "answer", **actor
        )
    elif action in ("question_hide", "question_restore"):
        if not held.may_moderate:
            raise PermissionDenied
        services.question_hidden_set(
            session_id=session.pk,
            question_id=question_id,
            hidden=action == "question_hide",
            **actor,
        )
    elif action == "queue_next":
        if not held.may_run:
            raise PermissionDenied
        queue.queue_call_next(
            session_id=session.pk, activity_id=_int(post.get("activity_id")), **keys
        )
    else:
        return False
    return True


def participant_context(request, session, held) -> dict:
    """The session page's questions and queues, ordered as the person asked."""
    snap = questions_snapshot(session=session, staff=False, user=held.user, guest=held.guest)
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "votes"
    key = (lambda q: q["id"]) if order == "newest" else (lambda q: (q["votes"], q["id"]))
    activities = {a.pk: a for a in session.activities.all()}
    voted = set(snap["my_question_votes"])
    asks = []
    for activity_id, rows in snap["questions"].items():
        rows = [{**q, "mine": q["id"] in voted} for q in sorted(rows, key=key, reverse=True)]
        asks.append({"activity": activities[int(activity_id)], "questions": rows})
    queues = []
    for activity_id, line in snap["queues"].items():
        mine = snap["my_queue"].get(activity_id)
        position = line["waiting"].index(mine) + 1 if mine in line["waiting"] else None
        queues.append(
            {
                "activity": activities[int(activity_id)],
                "waiting": len(line["waiting"]),
                "position": position,
                "entry_id": mine,
            }
        )
    person = _person(held)
    return {
        "question_activities": asks,
        "queue_activities": queues,
        "question_order": order,
        "new_action_id": uuid.uuid4,
        "moderation": settings_payload(moderation_settings(session_id=session.pk)),
        "muted": mute_holds(session_id=session.pk, **person),
    }
