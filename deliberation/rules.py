"""Who may join and run live sessions."""

import rules

from accounts.rules import is_facilitator_of, is_member_of, is_organiser_of


@rules.predicate
def is_open_to_residents(user, session) -> bool:
    return bool(session is not None and session.open_to_residents and user.is_authenticated)


can_run = is_facilitator_of | is_organiser_of
rules.add_perm("deliberation.run_session", can_run)
rules.add_perm("deliberation.join_session", can_run | is_member_of | is_open_to_residents)
rules.add_perm("deliberation.post_statement", can_run | is_member_of | is_open_to_residents)
