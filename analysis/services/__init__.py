"""Theme analysis writes, one module per role.

``sources`` reads the texts; ``runs`` starts and computes runs; ``review`` holds the
commissioner's edits and ``carry_over`` keeps them across a re-run; ``reports`` writes and
publishes findings; ``loop`` records "you said, we did" decisions and emails them.
"""

from analysis.services.carry_over import review_carry_over
from analysis.services.loop import decision_record, outcome_recipients
from analysis.services.reports import (
    ERR_NO_FINDINGS,
    ERR_NOT_PUBLISHED,
    ERR_UNCONFIRMED,
    PublishRefused,
    finding_save,
    report_create,
    report_publish,
    report_published_quotes,
    report_quotes,
)
from analysis.services.review import (
    ERR_MERGE_SELF,
    ERR_SPLIT_SMALL,
    QUICK,
    assignment_move,
    edit_record,
    quote_mark_key,
    quote_redaction_confirm,
    theme_note,
    theme_rename,
    theme_split,
    themes_merge,
    themes_resize,
)
from analysis.services.runs import (
    CONFIGURATIONS,
    ERR_NO_TEXT,
    run_parameters,
    theme_run_compute,
    theme_run_rerun,
    theme_run_start,
)
from analysis.services.sources import (
    ERR_CSV_COLUMN,
    MAX_UPLOAD_ROWS,
    Item,
    csv_items,
    engine_version,
    input_hash,
    source_items,
)

__all__ = [
    "CONFIGURATIONS",
    "ERR_CSV_COLUMN",
    "ERR_MERGE_SELF",
    "ERR_NO_FINDINGS",
    "ERR_NO_TEXT",
    "ERR_NOT_PUBLISHED",
    "ERR_SPLIT_SMALL",
    "ERR_UNCONFIRMED",
    "MAX_UPLOAD_ROWS",
    "QUICK",
    "Item",
    "PublishRefused",
    "assignment_move",
    "csv_items",
    "decision_record",
    "edit_record",
    "engine_version",
    "finding_save",
    "input_hash",
    "outcome_recipients",
    "quote_mark_key",
    "quote_redaction_confirm",
    "report_create",
    "report_publish",
    "report_published_quotes",
    "report_quotes",
    "review_carry_over",
    "run_parameters",
    "source_items",
    "theme_note",
    "theme_rename",
    "theme_run_compute",
    "theme_run_rerun",
    "theme_run_start",
    "theme_split",
    "themes_merge",
    "themes_resize",
]
