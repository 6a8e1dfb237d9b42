"""Who may join and run live sessions."""

import rules

from accounts.rules import is_facilitator_of, is_member_of, is_moderator_of, is_organiser_of


@rules.predicate
def is_open_to_residents(user, session) -> bool:
    return bool(session is not None and session.open_to_residents and user.is_authenticated)


def _on_page(predicate):
    """``predicate`` tested on the session's page (an assembly), for a role held there."""

    @rules.predicate(name=f"{predicate.name}_page")
    def on_page(user, session) -> bool:
        page = getattr(session, "page", None)
        return page is not None and predicate.test(user, page)

    return on_page


can_run = (
    is_facilitator_of | is_organiser_of | _on_page(is_facilitator_of) | _on_page(is_organiser_of)
)
# Moderators hide and restore what participants say; only facilitators move the session.
can_moderate = can_run | is_moderator_of | _on_page(is_moderator_of)
is_member = is_member_of | _on_page(is_member_of)
rules.add_perm("deliberation.run_session", can_run)
rules.add_perm("deliberation.moderate_session", can_moderate)
rules.add_perm("deliberation.join_session", can_moderate | is_member | is_open_to_residents)
rules.add_perm("deliberation.post_statement", can_run | is_member | is_open_to_residents)
