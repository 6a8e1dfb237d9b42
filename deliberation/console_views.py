"""The facilitator's pages: creating a session and running it (the console).

Plain forms that work without JavaScript; each button carries an ``action_id``
so a double click or a resent form acts once. ``static/js/live.mjs`` keeps the
console live over the socket.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from accounts.models import Role
from accounts.selectors import user_has_group_role
from accounts.services import role_grant
from deliberation import flow
from deliberation.access import access_for_user
from deliberation.forms import AgendaItemForm, SessionCreateForm
from deliberation.models import LiveSession
from deliberation.moderation import views as moderation_views
from deliberation.questions import views as question_views
from deliberation.questions.selectors import questions_snapshot
from deliberation.selectors import (
    page_stream_positions,
    presence_payload,
    session_payload,
    statements_after,
    statements_hidden,
)
from deliberation.services import live_session_create

COMMANDS = {"lobby", "start", "pause", "resume", "end"}


def may_create_sessions(user) -> bool:
    return user.is_superuser or any(
        user_has_group_role(user, r) for r in (Role.ORGANISER, Role.FACILITATOR)
    )


@login_required
def session_create(request):
    """Organisers and facilitators make a session here; they run it as its facilitator."""
    if not may_create_sessions(request.user):
        raise PermissionDenied
    form = SessionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            session = live_session_create(
                title=form.cleaned_data["title"],
                open_event=form.cleaned_data["open_event"],
                agenda=form.cleaned_data["agenda"],
            )
            role_grant(user=request.user, role=Role.FACILITATOR, target=session)
        messages.success(request, f"Live session {session.title} created.")
        return redirect("deliberation:console", session_id=session.pk)
    return render(request, "deliberation/session_create.html", {"form": form})


def _act(request, session, held) -> str | None:
    """Do what the posted button asks; a message for the person when it cannot be done."""
    action = request.POST.get("action", "")
    common = {
        "session_id": session.pk,
        "actor_key": held.actor_key,
        "action_id": request.POST.get("action_id") or None,
    }
    if action in COMMANDS or action == "next":
        if not held.may_run:
            raise PermissionDenied
        if action == "next":
            flow.agenda_item_advance(**common)
        else:
            flow.session_command(command=action, **common)
    elif action in ("hide", "restore"):
        if not held.may_moderate:
            raise PermissionDenied
        statement_id = request.POST.get("statement_id", "")
        flow.statement_hidden_set(
            statement_id=int(statement_id) if statement_id.isdigit() else None,
            hidden=action == "hide",
            actor=request.user,
            **common,
        )
    elif action == "add_item":
        if not held.may_run:
            raise PermissionDenied
        form = AgendaItemForm(request.POST)
        if not form.is_valid():
            return " ".join(e for errors in form.errors.values() for e in errors)
        minutes = form.cleaned_data["minutes"]
        flow.agenda_item_add(
            session=session,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            timer_seconds=minutes * 60 if minutes else None,
        )
    elif not (
        moderation_views.console_act(request, session, held, action)
        or question_views.console_act(request, session, held, action)
    ):
        return "Choose one of the buttons."
    return None


def console_questions(session) -> dict:
    """Every questions and queue activity, with names, for the console's lists."""
    snap = questions_snapshot(session=session, staff=True)
    activities = {a.pk: a for a in session.activities.all()}
    return {
        "console_questions": [
            {"activity": activities[int(k)], "questions": v} for k, v in snap["questions"].items()
        ],
        "console_queues": [
            {"activity": activities[int(k)], **v} for k, v in snap["queues"].items()
        ],
    }


@login_required
def session_console(request, session_id):
    session = get_object_or_404(LiveSession, pk=session_id)
    held = access_for_user(session, request.user)
    if not held.is_staff:
        raise PermissionDenied
    if request.method == "POST":
        try:
            problem = _act(request, session, held)
        except flow.TransitionError as exc:
            problem = str(exc)
        if problem:
            messages.error(request, problem)
        return redirect("deliberation:console", session_id=session.pk)
    drawn_at = page_stream_positions(session_id=session.pk)
    session.refresh_from_db()
    return render(
        request,
        "deliberation/console.html",
        {
            "session": session,
            "drawn_at": drawn_at,
            "state": session_payload(session),
            "held": held,
            "presence": presence_payload(session_id=session.pk),
            "statements": statements_after(session_id=session.pk),
            "hidden_statements": statements_hidden(session_id=session.pk),
            "item_form": AgendaItemForm(),
            **moderation_views.console_context(session),
            **console_questions(session),
            "new_action_id": uuid.uuid4,
        },
    )
