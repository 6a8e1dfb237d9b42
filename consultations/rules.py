"""Who may do what with a consultation (a ``ConsultationPage``)."""

import rules

from accounts.rules import is_commissioner_of, is_organiser_of

rules.add_perm("consultations.manage", is_organiser_of)
rules.add_perm("consultations.view_results", is_organiser_of | is_commissioner_of)
rules.add_perm("consultations.export_aggregates", is_organiser_of | is_commissioner_of)
rules.add_perm("consultations.export_responses", is_organiser_of)
rules.add_perm("consultations.enter_responses", is_organiser_of)
