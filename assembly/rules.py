"""Who may do what with an assembly. Special-category pool data: its organisers only."""

import rules

from accounts.rules import is_commissioner_of, is_facilitator_of, is_member_of, is_organiser_of

rules.add_perm("assembly.manage", is_organiser_of)
rules.add_perm("assembly.view_pool", is_organiser_of)
rules.add_perm("assembly.export_pool", is_organiser_of)
rules.add_perm("assembly.run_draw", is_organiser_of)
rules.add_perm("assembly.view_aggregates", is_organiser_of | is_commissioner_of)
rules.add_perm("assembly.view_member_area", is_member_of | is_facilitator_of | is_organiser_of)
