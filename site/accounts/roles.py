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

# Only organisers use the Wagtail admin; the others never see it.
GROUP_PERMISSIONS = {
    Role.ORGANISER: [
        ("wagtailadmin", "admin", "access_admin"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
    ],
}

# Roles whose accounts must have a second factor before doing anything else.
MFA_REQUIRED_ROLES = (Role.ORGANISER, Role.COMMISSIONER)
