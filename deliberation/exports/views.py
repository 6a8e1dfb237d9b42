"""The export download: facilitators and organisers of the session only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from deliberation.access import access_for_user
from deliberation.exports.services import FORMATS, session_export_create
from deliberation.models import LiveSession


@login_required
def session_export(request, session_id, fmt):
    session = get_object_or_404(LiveSession, pk=session_id)
    if not access_for_user(session, request.user).may_run:
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404
    made = session_export_create(session=session, fmt=fmt, actor=request.user, path=request.path)
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response["Cache-Control"] = "no-store"
    return response
