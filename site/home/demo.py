"""Demo content, loaded idempotently by ``manage.py load_demo``.

Each app adds its part here as it lands; running it twice changes nothing but
the printed passwords.
"""

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.urls import reverse

from accounts.models import Role, User
from accounts.services import role_grant, role_revoke, roles_ensure
from home.services import site_setup


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    lands_on: str
    note: str = ""


DEMO_USERS = [
    (Role.RESIDENT, "resident@example.org", "Rosa Resident"),
    (Role.MEMBER, "member@example.org", "Malik Member"),
    (Role.FACILITATOR, "facilitator@example.org", "Femi Facilitator"),
    (Role.COMMISSIONER, "commissioner@example.org", "Chris Commissioner"),
    (Role.ORGANISER, "organiser@example.org", "Olu Organiser"),
]


def _demo_user(email: str, name: str, password: str, *, staff: bool = False) -> User:
    user, _ = User.objects.get_or_create(
        username=email.split("@")[0], defaults={"email": email, "display_name": name}
    )
    user.email, user.display_name, user.is_staff = email, name, staff
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    role_grant(user=user, role=Role.RESIDENT)
    return user


def _demo_mfa(user: User) -> tuple[str, list[str]]:
    """Give a demo account a TOTP secret and recovery codes so it can sign in at once."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes


@transaction.atomic
def demo_load() -> list[DemoLogin]:
    from analysis.budget_demo import demo_budget_analysis
    from assembly.demo import demo_assembly
    from consultations.budget_demo import demo_care_budget
    from consultations.demo import demo_consultations
    from consultations.models import ConsultationIndexPage
    from deliberation.demo import demo_sessions

    home = site_setup()
    roles_ensure()
    users = {}
    passwords = {}
    for role, email, name in DEMO_USERS:
        passwords[role] = secrets.token_urlsafe(12)
        users[role] = _demo_user(email, name, passwords[role], staff=role == Role.ORGANISER)
    role_grant(user=users[Role.COMMISSIONER], role=Role.COMMISSIONER, target=home)
    demo_consultations(home)

    assembly = demo_assembly(member_user=users[Role.MEMBER])
    # The organiser leads the consultations (organiser of their index, so they may add
    # new ones in the CMS) and runs the assembly; they hold nothing on the home page.
    index = ConsultationIndexPage.objects.child_of(home).first()
    demo_care_budget(index, resident=users[Role.RESIDENT])
    for target in (index, assembly):
        role_grant(user=users[Role.ORGANISER], role=Role.ORGANISER, target=target)
    # Demos loaded before per-page CMS rights made them organiser of the whole site.
    role_revoke(user=users[Role.ORGANISER], role=Role.ORGANISER, target=home)
    # The first meeting's session takes its roles from the assembly's page; the open
    # community event is the facilitator's own to run (guests join it with its code).
    role_grant(user=users[Role.FACILITATOR], role=Role.FACILITATOR, target=assembly)
    sessions = demo_sessions(assembly=assembly)
    role_grant(user=users[Role.FACILITATOR], role=Role.FACILITATOR, target=sessions.event)
    __import__("analysis.demo").demo.demo_analysis(commissioner=users[Role.COMMISSIONER])
    demo_budget_analysis(commissioner=users[Role.COMMISSIONER])

    logins = []
    for role, email, _name in DEMO_USERS:
        lands_on = {
            Role.ORGANISER: f"/cms/ (the CMS) and {assembly.url}",
            Role.COMMISSIONER: "/account/ and the results of the survey and the care budget",
            Role.FACILITATOR: reverse("deliberation:console", args=[sessions.meeting.pk]),
            Role.MEMBER: sessions.meeting.get_absolute_url(),
        }.get(role, "/account/")
        note = ""
        if role in (Role.ORGANISER, Role.COMMISSIONER):
            secret, codes = _demo_mfa(users[role])
            note = (
                f"two-factor: add TOTP secret {secret} to an authenticator app, "
                f"or use a recovery code: {', '.join(codes[:3])}"
            )
        logins.append(DemoLogin(role.label, email, passwords[role], lands_on, note))
    return logins
