"""Role groups: their names and the Django permissions each carries."""

from accounts.models import Role

GROUP_NAMES = {
    Role.RESIDENT: "Residents",
    Role.MEMBER: "Assembly members",
    Role.FACILITATOR: "Facilitators",
    Role.MODERATOR: "Moderators",
    Role.COMMISSIONER: "Commissioners",
    Role.ORGANISER: "Organisers",
}

# Only organisers use the Wagtail admin; the others never see it. The group lets them
# in and no further: what they may edit comes from their per-page groups
# (accounts.cms_permissions). Model-level document or image permissions would be
# ignored by Wagtail's collection policy anyway, so none are given here.
GROUP_PERMISSIONS = {
    Role.ORGANISER: [("wagtailadmin", "admin", "access_admin")],
}

# Roles whose accounts must have a second factor before doing anything else.
MFA_REQUIRED_ROLES = (Role.ORGANISER, Role.COMMISSIONER)
