"""Activities without JavaScript: the participant's vote and words, the console's
controls, and the screen view. Plain forms (CSRF, post/redirect/get), the same
services as the socket; a refused entry is shown again with what was typed.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.ratelimits import client_ip
from deliberation.access import access_for_user, access_load
from deliberation.activities import services, votes
from deliberation.activities import word_services as words
from deliberation.activities.errors import ActivityRejected
from deliberation.activities.limits import ERROR_TOO_FAST, contribution_rate_hit
from deliberation.activities.models import Activity, ActivityKind
from deliberation.activities.screen import screen_session_id
from deliberation.activities.selectors import activities_payload
from deliberation.models import LiveSession
from deliberation.questions.selectors import screen_participation
from deliberation.ratelimits import address_rate_hit
from deliberation.selectors import page_stream_positions, session_payload
from deliberation.views import guest_token_for


def _action_id(request):
    raw = request.POST.get("action_id", "")
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


@require_POST
def activity_take_part(request, session_id, activity_id):
    """A participant's vote or words, from the plain form on the session page."""
    session = get_object_or_404(LiveSession, pk=session_id)
    activity = get_object_or_404(Activity, pk=activity_id, session=session)
    held = access_load(session, request.user, guest_token_for(request, session.pk))
    if not held.may_post:
        raise PermissionDenied
    common = {
        "session_id": session.pk,
        "activity_id": activity.pk,
        "user": None if held.guest is not None else held.user,
        "guest": held.guest,
        "actor_key": held.actor_key,
        "action_id": _action_id(request),
    }
    entries = request.POST.getlist("word")
    status = 400
    try:
        wait = contribution_rate_hit(actor=held.actor_key, session_id=session.pk)
        wait = wait or address_rate_hit(client_ip(request))
        if wait:
            status = 429
            raise ActivityRejected(ERROR_TOO_FAST.format(wait=wait))
        if activity.kind == ActivityKind.WORDCLOUD:
            words.words_submit(entries=entries, **common)
        elif activity.kind == ActivityKind.POLL:
            votes.poll_vote(choices=request.POST.getlist("choice"), **common)
        else:
            raise Http404
    except ActivityRejected as exc:
        return render(
            request,
            "deliberation/activities/take_part.html",
            {"session": session, "activity": activity, "error": str(exc), "entries": entries},
            status=status,
        )
    messages.success(request, "Thank you: your answer is in. You may change it until it closes.")
    return redirect(reverse("deliberation:session", args=[session.pk]) + f"#activity-{activity.pk}")


CONSOLE_ACTIONS = {"create", "open", "close", "reveal", "count", "proxy", "hide", "show"}


def _console_act(request, session, held) -> None:
    action = request.POST.get("activity_action", "")
    if action not in CONSOLE_ACTIONS:
        raise ActivityRejected("Choose one of the buttons.")
    if not (held.may_moderate if action in ("hide", "show") else held.may_run):
        raise PermissionDenied
    common = {
        "session_id": session.pk,
        "actor_key": held.actor_key,
        "action_id": _action_id(request),
    }
    activity_id = request.POST.get("activity_id", "")
    activity_id = int(activity_id) if activity_id.isdigit() else None
    post = request.POST
    if action == "create":
        kind = post.get("kind", "")
        config = {"mode": post.get("mode", "single")}
        if kind == ActivityKind.POLL and config["mode"] == "scale":
            config.update(min=post.get("scale_min", 1), max=post.get("scale_max", 5))
        elif kind == ActivityKind.POLL:
            config["options"] = [
                line for line in post.get("options", "").splitlines() if line.strip()
            ]
            config["max_choices"] = post.get("max_choices") or len(config["options"])
        elif kind == ActivityKind.WORDCLOUD:
            config = {"min_count": post.get("min_count") or 1}
        services.activity_create(
            kind=kind,
            title=post.get("title", ""),
            config=config,
            results=post.get("results", "hidden"),
            moderation=post.get("moderation", "post"),
            **common,
        )
    elif action in ("open", "close", "reveal"):
        services.activity_command(activity_id=activity_id, command=action, **common)
    elif action == "count":
        counts = {k.removeprefix("count_"): v for k, v in post.items() if k.startswith("count_")}
        votes.poll_hands_record(
            activity_id=activity_id,
            channel=post.get("channel", ""),
            counts=counts,
            people=post.get("people") or None,
            recorded_by=held.user,
            **common,
        )
    elif action == "proxy":
        user_id = post.get("user_id", "")
        user = (
            User.objects.filter(pk=user_id, is_active=True).first() if user_id.isdigit() else None
        )
        if user_id and user is None:
            raise ActivityRejected(votes.ERROR_NOT_IN_SESSION)
        votes.poll_vote(
            activity_id=activity_id,
            choices=post.getlist("choice"),
            user=user,
            name=post.get("name", ""),
            recorded_by=held.user,
            **common,
        )
    else:
        words.word_moderate(
            activity_id=activity_id,
            word=post.get("word", ""),
            status=words.STATUS_BY_MESSAGE[f"words.{action}"],
            **common,
        )


@login_required
@require_POST
def activity_console(request, session_id):
    """The console's activity buttons; back to the console with what happened."""
    session = get_object_or_404(LiveSession, pk=session_id)
    held = access_for_user(session, request.user)
    if not held.is_staff:
        raise PermissionDenied
    try:
        _console_act(request, session, held)
    except ActivityRejected as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Done.")
    return redirect(reverse("deliberation:console", args=[session.pk]) + "#activities")


def screen_view(request, token):
    """What the room's screen shows: read-only, large type, updated live by the script."""
    session_id = screen_session_id(token)
    if session_id is None:
        raise Http404("This screen link is not valid (or has expired). Ask for a new one.")
    session = get_object_or_404(LiveSession, pk=session_id)
    drawn_at = page_stream_positions(session_id=session.pk)
    return render(
        request,
        "deliberation/activities/screen.html",
        {
            "session": session,
            "drawn_at": drawn_at,
            "state": session_payload(session),
            "activities": activities_payload(session=session, staff=False),
            **screen_participation(session=session),
            "screen_token": token,
        },
    )
