"""The participant's pages: the session itself and joining an open event.

Plain forms that work without JavaScript; ``static/js/live.mjs`` adds live updates.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.ratelimits import client_ip
from deliberation.access import access_load
from deliberation.forms import JoinForm, StatementForm
from deliberation.guests import GUEST_TOKENS, JoinRefused, guest_join, guest_token_for
from deliberation.models import LiveSession
from deliberation.questions.views import participant_context
from deliberation.ratelimits import address_rate_hit, join_rate_hit
from deliberation.selectors import page_stream_positions, session_payload, statements_after
from deliberation.services import StatementRateLimited, StatementRejected, statement_post

ERROR_JOIN_RATE = "Too many tries at joining. Wait a minute, then try again."


def session_detail(request, session_id):
    """The session page: works as a plain form; the script adds live updates."""
    session = get_object_or_404(LiveSession, pk=session_id)
    drawn_at = page_stream_positions(session_id=session.pk)
    token = guest_token_for(request, session.pk)
    held = access_load(session, request.user, token)
    if not held.may_join:
        if request.user.is_authenticated:
            raise PermissionDenied
        if session.open_event:
            return redirect(f"{reverse('join')}?code={session.join_code}")
        return redirect_to_login(request.get_full_path())
    form = StatementForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if wait := address_rate_hit(client_ip(request)):
                raise StatementRateLimited(wait)
            statement_post(
                session_id=session.pk,
                user=held.user,
                guest=held.guest,
                text=form.cleaned_data["text"],
                client_id=form.cleaned_data["client_id"],
                may_post=held.may_post,
            )
        except StatementRejected as exc:
            # The bound form shows the text and client_id as sent, so sending it again
            # later saves it once.
            form.add_error("text", str(exc))
            if isinstance(exc, StatementRateLimited):
                status = 429
        else:
            return redirect("deliberation:session", session_id=session.pk)
    return render(
        request,
        "deliberation/session_detail.html",
        {
            "session": session,
            "drawn_at": drawn_at,
            "state": session_payload(session),
            "form": form,
            "held": held,
            "join_token": token if held.guest is not None else "",
            "statements": statements_after(session_id=session.pk),
            **participant_context(request, session, held),
        },
        status=status,
    )


def join(request):
    """An open event: the join code and a display name, no account."""
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        if not request.session.session_key:
            request.session.create()
        code = form.cleaned_data["code"]
        # Per browser and code, not by address: a whole room joins over one venue Wi-Fi.
        wait = join_rate_hit(key=f"{request.session.session_key}:{code.upper()}")
        if wait or address_rate_hit(client_ip(request)):
            form.add_error("code", ERROR_JOIN_RATE)
            status = 429
        else:
            try:
                guest, token = guest_join(
                    code=code,
                    display_name=form.cleaned_data["display_name"],
                    tokens=request.session.get(GUEST_TOKENS, {}),
                )
            except JoinRefused as exc:
                field = "display_name" if "name" in str(exc) else "code"
                form.add_error(field, str(exc))
            else:
                tokens = dict(request.session.get(GUEST_TOKENS, {}))
                tokens[str(guest.session_id)] = token
                request.session[GUEST_TOKENS] = tokens
                return redirect("deliberation:session", session_id=guest.session_id)
    return render(request, "deliberation/join.html", {"form": form}, status=status)
