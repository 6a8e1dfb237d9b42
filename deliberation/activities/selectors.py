"""Reads for activities: what everyone may see of one, and what facilitators see."""

from django.db.models import Q

from deliberation.activities import kinds
from deliberation.activities.models import Activity, ActivityState


def _results(activity: Activity) -> dict | None:
    """The kind's results (a poll's tally, a word cloud's ranked words)."""
    reader = kinds.RESULTS.get(activity.kind)
    return reader(activity) if reader else None


def activity_payload(activity: Activity, *, staff: bool = False) -> dict:
    """One activity as a client draws it; results only where the viewer may see them."""
    body = {
        "id": activity.pk,
        "kind": activity.kind,
        "title": activity.title,
        "state": activity.state,
        "results": activity.results,
        "moderation": activity.moderation,
        "agenda_item_id": activity.agenda_item_id,
        "position": activity.position,
        "config": activity.config,
    }
    if describe := kinds.DETAILS.get(activity.kind):
        body.update(describe(activity))
    body.update(tally_payload(activity, staff=staff))
    del body["activity_id"]
    return body


def activity_payloads(activity: Activity) -> tuple[dict, dict]:
    """The activity as facilitators see it and as everyone does, read once for both:
    each broadcast of a change sends both, and the reads are most of its cost."""
    staff = activity_payload(activity, staff=True)
    everyone = {key: value for key, value in staff.items() if key != "moderation_queue"}
    if not activity.results_visible:
        everyone["tally"] = None
    return staff, everyone


def tally_payload(activity: Activity, *, staff: bool = False) -> dict:
    """The results a viewer may see (None while hidden from them), with the moderation queue
    for facilitators and moderators."""
    visible = staff or activity.results_visible
    body = {"activity_id": activity.pk, "tally": _results(activity) if visible else None}
    if staff:
        body["moderation_queue"] = _moderation_queue(activity)
    return body


def _moderation_queue(activity: Activity) -> list | None:
    reader = kinds.MODERATION_QUEUES.get(activity.kind)
    return reader(activity) if reader else None


def activities_in_view(*, session, staff: bool) -> list[Activity]:
    """Facilitators see every activity; others those opened on the current item, or open."""
    rows = Activity.objects.filter(session_id=session.pk)
    if not staff:
        rows = rows.exclude(state=ActivityState.DRAFT).filter(
            Q(state=ActivityState.OPEN) | Q(agenda_item_id=session.current_item_id)
        )
    return list(rows.order_by("position", "pk"))


def activities_payload(*, session, staff: bool, actor_key: str | None = None) -> list[dict]:
    """Each activity in view; with ``actor_key``, what that person gave it (``mine``)."""
    found = []
    for activity in activities_in_view(session=session, staff=staff):
        body = activity_payload(activity, staff=staff)
        if actor_key and (reader := kinds.MINE.get(activity.kind)):
            body["mine"] = reader(activity, actor_key)
        found.append(body)
    return found


def proxy_candidates(*, session, limit: int = 500):
    """People with an account who may take part (a role on the session or its page),
    for a facilitator entering a vote on someone's behalf."""
    from accounts.models import RoleAssignment, User
    from audit.targets import target_keys

    where = Q(pk__in=[])
    for target in (session, session.page):
        if target is not None:
            content_type, ids = target_keys(target)
            where |= Q(content_type=content_type, object_id__in=ids)
    holders = RoleAssignment.objects.filter(where).values("user_id")
    return list(
        User.objects.filter(pk__in=holders, is_active=True).order_by("last_name", "pk")[:limit]
    )
