from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from accounts.ratelimits import client_ip
from deliberation.broadcast import statement_broadcast
from deliberation.forms import StatementForm
from deliberation.models import LiveSession
from deliberation.ratelimits import address_rate_hit
from deliberation.selectors import statements_after
from deliberation.services import StatementRateLimited, StatementRejected, statement_post


@login_required
def session_detail(request, session_id):
    """The session page: works as a plain form; the script adds live updates."""
    session = get_object_or_404(LiveSession, pk=session_id)
    if not request.user.has_perm("deliberation.join_session", session):
        raise PermissionDenied
    form = StatementForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if wait := address_rate_hit(client_ip(request)):
                raise StatementRateLimited(wait)
            result = statement_post(
                session_id=session.pk,
                user=request.user,
                text=form.cleaned_data["text"],
                client_id=form.cleaned_data["client_id"],
            )
        except StatementRejected as exc:
            # The bound form shows the text and client_id as sent, so sending it again
            # later saves it once.
            form.add_error("text", str(exc))
            if isinstance(exc, StatementRateLimited):
                status = 429
        else:
            if result.created:
                statement_broadcast(result.statement)
            return redirect("deliberation:session", session_id=session.pk)
    return render(
        request,
        "deliberation/session_detail.html",
        {
            "session": session,
            "form": form,
            "statements": statements_after(session_id=session.pk),
        },
        status=status,
    )
