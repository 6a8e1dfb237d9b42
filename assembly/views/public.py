"""The assembly page's volunteer form and the single-use invitation reply."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts.ratelimits import minutes, rate_hit, rate_wait
from assembly.forms import RespondForm, VolunteerForm
from assembly.models import AssemblyPage, Draw, Volunteer
from assembly.selectors import published_draw
from assembly.services import (
    AssemblyError,
    member_accept,
    member_decline,
    member_for_token,
    volunteer_register,
)

#: Session key: {assembly page id: volunteer id} for the confirmation page, so that only
#: the browser that sent the form sees the details it confirms.
VOLUNTEERED = "assembly-volunteered"
TOO_MANY = (
    "You have tried too many times. Wait {minutes} and try again: what you typed is kept below."
)
#: Every volunteer form POST, and wrong invitation codes (per address and per assembly,
#: so that codes cannot be guessed from one machine or many). Override in settings.
CODE_FAILURE = "assembly-code-failure"
RATE_LIMITS = {"volunteer": "10/m/ip,50/h/ip", "code_failure": "5/15m/ip,100/h/key"}


def _limits() -> dict[str, str]:
    return {**RATE_LIMITS, **getattr(settings, "ASSEMBLY_RATE_LIMITS", {})}


def _blocked(request, page) -> str:
    """The message to show when a rate limit refuses this POST, else ``""``."""
    limits, key = _limits(), str(page.pk)
    wait = 0
    if not rate_hit(request, action="assembly-volunteer", limits=limits["volunteer"], key=key):
        wait = rate_wait(request, action="assembly-volunteer", limits=limits["volunteer"], key=key)
    if page.invitation_codes_required:
        failures = limits["code_failure"]
        wait = max(wait, rate_wait(request, action=CODE_FAILURE, limits=failures, key=key))
    if not wait:
        return ""
    n = minutes(wait)
    return TOO_MANY.format(minutes=f"{n} minute{'s' if n != 1 else ''}")


def assembly_page_serve(page, request, serve, *args, **kwargs):
    """Wagtail's ``serve`` for an AssemblyPage: handles the volunteer form's POST."""
    form = None
    status = 200
    if page.recruitment_open:
        blocked = _blocked(request, page) if request.method == "POST" else ""
        form = VolunteerForm(
            request.POST or None, assembly=page, blocked=blocked, user=request.user
        )
        if blocked:
            form.is_valid()  # show every error, with what was typed
            status = 429
        elif request.method == "POST" and not form.is_valid() and form.code_failed:
            rate_hit(
                request,
                action=CODE_FAILURE,
                limits=_limits()["code_failure"],
                key=str(page.pk),
            )
        elif request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                volunteer = volunteer_register(
                    assembly=page,
                    full_name=data["full_name"],
                    email=data["email"],
                    phone=data["phone"],
                    address=data["address"],
                    postcode=data["postcode"],
                    contact_preference=data["contact_preference"],
                    answers=form.answers(),
                    consent_contact=data["consent_contact"],
                    consent_special_category=data["consent_special_category"],
                    code=data.get("code", ""),
                    user=request.user,
                )
            except AssemblyError as exc:
                form.add_error(None, str(exc))
            else:
                sent = {**request.session.get(VOLUNTEERED, {}), str(page.pk): volunteer.pk}
                request.session[VOLUNTEERED] = sent
                return redirect(reverse("assembly:volunteered", args=[page.pk]))
    context = page.get_context(request, *args, **kwargs)
    context["volunteer_form"] = form
    context["draw"] = published_draw(page)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def volunteered(request, page_id):
    """The confirmation after the volunteer form: what was sent and what happens next."""
    page = get_object_or_404(AssemblyPage.objects.live(), pk=page_id)
    volunteer_id = request.session.get(VOLUNTEERED, {}).get(str(page.pk))
    volunteer = (
        Volunteer.objects.filter(pk=volunteer_id, assembly=page, anonymised_at__isnull=True).first()
        if volunteer_id
        else None
    )
    if volunteer is None:
        return redirect(page.url or "/")
    response = render(
        request, "assembly/volunteered.html", {"assembly": page, "volunteer": volunteer}
    )
    response["Cache-Control"] = "no-store"  # it shows contact details
    return response


def respond(request, token):
    """A drawn volunteer accepts or declines their place with the link from their invitation."""
    try:
        member = member_for_token(token)
    except AssemblyError as exc:
        return render(request, "assembly/respond.html", {"invalid": str(exc)}, status=404)
    form = RespondForm(
        request.POST or None, initial={"contact_preference": member.volunteer.contact_preference}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["answer"] == "accept":
                member_accept(
                    token=token,
                    user=request.user,
                    access_needs=data["access_needs"],
                    contact_preference=data["contact_preference"],
                )
                messages.success(request, "Thank you: your place on the panel is confirmed.")
            else:
                member_decline(token=token)
                messages.success(request, "Thank you for letting us know.")
        except AssemblyError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(member.assembly.url or "/")
    return render(request, "assembly/respond.html", {"member": member, "form": form})


def draw_record(request, draw_id):
    """The published draw record as JSON: everything needed to check it, no personal data."""
    draw = Draw.objects.filter(pk=draw_id, published_at__isnull=False).first()
    if draw is None:
        raise Http404
    return JsonResponse(
        {
            "draw": draw.pk,
            "assembly": draw.assembly.title,
            "algorithm": draw.algorithm,
            "transparent": draw.transparent,
            "parameters": draw.parameters,
            "versions": draw.versions,
            "pool_hash": draw.pool_hash,
            "quotas_hash": draw.quotas_hash,
            "quotas": draw.quotas,
            "distribution": draw.distribution,
            "lottery_panels": draw.lottery_panels,
            "lottery_digest": draw.lottery_digest,
            "seed": draw.seed,
            "public_number": draw.public_number,
            "panel": draw.panel,
            "status": draw.status,
        }
    )
