"""The activity panels of the participant page and the console, read where they are drawn."""

import uuid

from django import template
from django.urls import reverse

from deliberation.activities.screen import screen_token
from deliberation.activities.selectors import activities_payload, proxy_candidates

register = template.Library()


def _buttons(activity: dict) -> list[tuple[str, str]]:
    found = {"draft": [("open", "Open")], "open": [("close", "Close")]}.get(
        activity["state"], [("open", "Reopen")]
    )
    if activity["state"] != "draft" and activity["results"] == "hidden":
        found.append(("reveal", "Reveal the results"))
    return found


@register.inclusion_tag("deliberation/activities/participant_panel.html", takes_context=True)
def participant_activities(context, session, held):
    return {
        "session": session,
        "activities": activities_payload(session=session, staff=False, actor_key=held.actor_key),
        "may_post": held.may_post,
        "word_slots": [1, 2, 3],
        "new_action_id": uuid.uuid4,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("deliberation/activities/console_panel.html", takes_context=True)
def console_activities(context, session, held):
    activities = activities_payload(session=session, staff=True)
    for activity in activities:
        activity["buttons"] = _buttons(activity)
    request = context.get("request")
    path = reverse("deliberation:screen", args=[screen_token(session)])
    return {
        "session": session,
        "held": held,
        "activities": activities,
        "candidates": proxy_candidates(session=session) if held.may_run else [],
        "new_action_id": uuid.uuid4,
        "csrf_token": context.get("csrf_token"),
        "screen_url": request.build_absolute_uri(path) if request else path,
    }
