"""One small world for the permission matrix: objects A, their people, and outsiders.

Every role of the registry holds its role on the "A" objects (consultation, assembly,
live session), except ``other_organiser``, who organises a second consultation and
assembly ("B") and so is an insider elsewhere but an outsider here.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.utils import timezone

from accounts.models import Role
from home.models import StandardPage
from tests.assembly.factories import SMALL_SPEC, AssemblyPageFactory, pool_build, quotas_build
from tests.consultations.factories import make_budget_consultation, make_consultation
from tests.factories import UserFactory

#: The role registry: every role the matrix checks, in the order of the table's columns.
ROLES = (
    "anonymous",
    "resident",
    "member",
    "facilitator",
    "moderator",
    "commissioner",
    "organiser",
    "other_organiser",
    "superuser",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)


def _staff(user):
    """Organisers and commissioners must have a second factor before anything else."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def _with_roles(*grants):
    from accounts.services import role_grant

    user = UserFactory()
    for role, target in grants:
        role_grant(user=user, role=role, target=target)
    return user


def _assembly(capture):
    from assembly import services

    page = AssemblyPageFactory(title="Assembly A", slug="assembly-a")
    page.save_revision().publish()
    pool_build(page, quotas_build(page, SMALL_SPEC), 24, seed=3)
    with capture(execute=True):
        prepared = services.draw_prepare(assembly=page, algorithm="maximin")
    prepared.refresh_from_db()
    with capture(execute=True):
        services.panel_draw(draw=prepared, seed=4)
    page.refresh_from_db()
    return page, prepared


def _session(assembly, meeting):
    from assembly.services.panel import meeting_session_link
    from deliberation import flow
    from deliberation.activities.services import activity_create
    from deliberation.services import live_session_create

    session = live_session_create(title="Session A", page=assembly, agenda=[{"title": "Ideas"}])
    meeting_session_link(meeting=meeting, session=session)
    flow.session_start(session_id=session.pk)
    activity = activity_create(
        session_id=session.pk, kind="wordcloud", title="One word", actor_key="user:0"
    ).activity
    return session, activity


def world_build(home_page, capture) -> World:
    """Build the world; ``capture`` is pytest-django's on_commit capture fixture."""
    from analysis.services.reports import finding_save, report_create
    from assembly.services.panel import meeting_create
    from deliberation.activities.screen import screen_token
    from jobs.models import Job
    from jobs.workers import worker_beat
    from tests.analysis.factories import make_answered_survey, make_run

    consultation = make_budget_consultation(home_page, slug="budget-a")
    survey = make_answered_survey(home_page, title="Survey A")
    other_consultation = make_consultation(home_page, title="Survey B", slug="survey-b")
    assembly, draw = _assembly(capture)
    other_assembly = AssemblyPageFactory(title="Assembly B", slug="assembly-b")
    meeting = meeting_create(
        assembly=assembly, title="First meeting", starts_at=timezone.now() + timedelta(days=7)
    )
    session, activity = _session(assembly, meeting)
    member = assembly.panel_members.order_by("pk").first()

    organised = [consultation, survey, assembly]
    users = {
        "anonymous": None,
        "resident": _with_roles((Role.RESIDENT, None)),
        "member": _with_roles((Role.MEMBER, assembly)),
        "facilitator": _with_roles((Role.FACILITATOR, session)),
        "moderator": _with_roles((Role.MODERATOR, session)),
        "commissioner": _staff(_with_roles(*[(Role.COMMISSIONER, t) for t in organised])),
        "organiser": _staff(_with_roles(*[(Role.ORGANISER, t) for t in organised])),
        "other_organiser": _staff(
            _with_roles((Role.ORGANISER, other_consultation), (Role.ORGANISER, other_assembly))
        ),
        "superuser": _staff(UserFactory(is_superuser=True, is_staff=True)),
    }
    run = make_run(survey, user=users["organiser"])
    theme = run.themes.first()
    report = report_create(run=run, user=users["commissioner"], title="Draft findings")
    finding = finding_save(report=report, user=None, title="Parking", body="", themes=[theme])
    worker_beat(name="matrix")  # so /health/ finds a live task worker
    job = Job.objects.create(kind="matrix.example", title="Example", created_by=users["organiser"])
    world = World(users=users)
    world.objects.update(
        consultation=consultation,
        survey=survey,
        assembly=assembly,
        session=session,
        member=member,
    )
    world.ids.update(
        consultation=consultation.pk,
        assembly=assembly.pk,
        draw=draw.pk,
        member=member.pk,
        member_token=member.token,
        meeting=meeting.pk,
        session=session.pk,
        activity=activity.pk,
        run=run.pk,
        theme=theme.pk,
        report=report.pk,
        finding=finding.pk,
        job=job.pk,
        missing_uuid=uuid.uuid4(),
        screen_token=screen_token(session),
        consultation_url=consultation.url.rstrip("/"),
        assembly_url=assembly.url.rstrip("/"),
        index_url=consultation.get_parent().url.rstrip("/"),
        standard_url=StandardPage.objects.live().first().url.rstrip("/"),
        home=home_page.pk,
    )
    return world
