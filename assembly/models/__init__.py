"""Assemblies, their volunteer pool, quotas, draws and panels.

Special-category data (answers in special categories, access needs) lives only
in these models and is read through ``selectors`` by views that check the
per-object organiser permission and write the access log. No snippet or
``ModelViewSet`` lists these models.

The models stand in one module per part (``page``, ``pool``, ``panel``); Django and the
rest of the app find them here.
"""

from assembly.models.page import TEXT_FEATURES, AssemblyPage, AssemblyStatus
from assembly.models.panel import (
    HOLDING_PLACE,
    Attendance,
    Draw,
    DrawStatus,
    Meeting,
    MemberStatus,
    PanelMember,
    Replacement,
    _token,  # noqa: F401 (a field default the migrations name as assembly.models._token)
)
from assembly.models.pool import (
    Answer,
    CategoryValue,
    ContactPreference,
    InvitationCode,
    PoolUpload,
    SelectionCategory,
    Volunteer,
    VolunteerSource,
    _invitation_code,  # noqa: F401 (likewise a field default the migrations name here)
    volunteer_anonymised_values,
)

__all__ = [
    "Answer",
    "AssemblyPage",
    "AssemblyStatus",
    "Attendance",
    "CategoryValue",
    "ContactPreference",
    "Draw",
    "DrawStatus",
    "HOLDING_PLACE",
    "InvitationCode",
    "Meeting",
    "MemberStatus",
    "PanelMember",
    "PoolUpload",
    "Replacement",
    "SelectionCategory",
    "TEXT_FEATURES",
    "Volunteer",
    "VolunteerSource",
    "volunteer_anonymised_values",
]
