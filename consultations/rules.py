"""Who may do what with a consultation (a ``ConsultationPage``)."""

import rules

from accounts.rules import is_commissioner_of, is_member_of, is_organiser_of

rules.add_perm("consultations.manage", is_organiser_of)
rules.add_perm("consultations.view_results", is_organiser_of | is_commissioner_of)
rules.add_perm("consultations.export_aggregates", is_organiser_of | is_commissioner_of)
rules.add_perm("consultations.export_responses", is_organiser_of)
rules.add_perm("consultations.enter_responses", is_organiser_of)


@rules.predicate
def may_respond(user, page) -> bool:
    """Who may answer, from the page's audience setting."""
    if page is None:
        return False
    audience = page.audience
    if audience == "anyone":
        return True
    if not user.is_authenticated:
        return False
    if audience == "residents":
        return True
    return is_member_of(user, page) or is_organiser_of(user, page)


rules.add_perm("consultations.respond", may_respond)
