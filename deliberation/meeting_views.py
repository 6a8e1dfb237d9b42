"""An assembly meeting's live session, run from the meeting's page: create, open, close.

Deliberation owns this action so that assemblies import nothing of live sessions; the
meeting page's forms post here and every answer goes back to that page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from assembly.selectors import meeting_get
from assembly.services.errors import AssemblyError
from deliberation.models import SessionStatus
from deliberation.services import live_session_status_set, meeting_session_create

SESSION_STATUS = {"session_open": SessionStatus.LIVE, "session_close": SessionStatus.ENDED}
NO_SESSION = "This meeting has no live session yet: create one first."


@login_required
@require_POST
def meeting_session(request, meeting_id):
    meeting = meeting_get(meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    if not request.user.has_perm("assembly.manage", meeting.assembly):
        raise PermissionDenied
    action = request.POST.get("action")
    session = meeting.live_session
    if action == "session":
        try:
            session = meeting_session_create(
                meeting=meeting, open_now=request.POST.get("open_now") == "on"
            )
        except AssemblyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Live session {session.title} created: the panel's members can join it."
            )
    elif action in SESSION_STATUS and session is None:
        return HttpResponseBadRequest(NO_SESSION)
    elif action in SESSION_STATUS:
        if not request.user.has_perm("deliberation.run_session", session):
            raise PermissionDenied
        live_session_status_set(session=session, status=SESSION_STATUS[action])
        messages.success(request, f"{session.title}: {session.get_status_display()}.")
    else:
        return HttpResponseBadRequest("Choose one of the session's buttons.")
    return redirect("assembly:meeting", page_id=meeting.assembly_id, meeting_id=meeting.pk)
