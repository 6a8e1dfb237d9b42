"""Role predicates shared by every app's ``rules.py``."""

import rules

from accounts.models import Role
from accounts.selectors import user_has_group_role, user_has_role_on


def _group_predicate(role: Role):
    @rules.predicate(name=f"is_{role.value}")
    def predicate(user) -> bool:
        return user_has_group_role(user, role)

    return predicate


def _object_predicate(role: Role):
    @rules.predicate(name=f"is_{role.value}_of")
    def predicate(user, obj) -> bool:
        return user_has_role_on(user, role, obj)

    return predicate


is_superuser = rules.is_superuser
is_resident = rules.is_authenticated
is_organiser = _group_predicate(Role.ORGANISER) | is_superuser
is_commissioner = _group_predicate(Role.COMMISSIONER)
is_facilitator = _group_predicate(Role.FACILITATOR)

is_organiser_of = (_group_predicate(Role.ORGANISER) & _object_predicate(Role.ORGANISER)) | (
    is_superuser
)
is_commissioner_of = _object_predicate(Role.COMMISSIONER)
is_facilitator_of = _object_predicate(Role.FACILITATOR)
is_member_of = _object_predicate(Role.MEMBER)
is_moderator_of = _object_predicate(Role.MODERATOR)

rules.add_perm("accounts.view_profile", is_resident)
rules.add_perm("accounts.access_cms", is_organiser)
# The "People and roles" page of a consultation or assembly.
rules.add_perm("accounts.manage_people", is_organiser_of)
