"""Who may run, review and publish theme analyses of a consultation or assembly."""

import rules

from accounts.models import Role
from accounts.rules import is_commissioner_of, is_organiser_of

rules.add_perm("analysis.run_themes", is_organiser_of | is_commissioner_of)
#: The roles behind ``analysis.run_themes``, for lists filtered in one query
#: (``accounts.selectors.roles_filter``).
RUN_THEMES_ROLES = (Role.ORGANISER, Role.COMMISSIONER)
rules.add_perm("analysis.review_themes", is_commissioner_of)
rules.add_perm("analysis.publish_findings", is_commissioner_of)
rules.add_perm("analysis.view_raw_text", is_commissioner_of | is_organiser_of)
