"""The "Budget allocation" question block: what an organiser fills in, its checks, its specs.

A budget block yields several specs (see ``schema.page_specs``): the budget itself
(kind ``budget``, the exercise in ``QuestionSpec.budget``), then its "why" questions,
ordinary long-text questions with ``within`` set to the budget's id so the step page
shows them inside the budget.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from consultations.budget_build import budget_build
from consultations.questions import QuestionSpec

AMOUNT_HELP = "In the budget's unit, e.g. 12.5 for £12.5m."
WHY_MAX_LENGTH = 3000


class ConsequenceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=500, help_text="E.g. “Day centres close in 2027.”")
    lower = blocks.DecimalBlock(required=False, label="From (this amount or more)")
    upper = blocks.DecimalBlock(required=False, label="Below this amount")


class BudgetLineBlock(blocks.StructBlock):
    reference = blocks.CharBlock(
        max_length=40,
        help_text="A stable short name (lower-case letters, numbers, dashes). Answers, rounds "
        "and imports key on it, so keep it when you reword the line.",
    )
    name = blocks.CharBlock(max_length=120)
    group = blocks.CharBlock(
        required=False, max_length=120, help_text="Lines with the same group are shown together."
    )
    description = blocks.TextBlock(required=False)
    current = blocks.DecimalBlock(label="Today's amount", help_text=AMOUNT_HELP)
    minimum = blocks.DecimalBlock(default=0, help_text=AMOUNT_HELP)
    maximum = blocks.DecimalBlock(help_text=AMOUNT_HELP)
    step = blocks.DecimalBlock(default=1, help_text="Amounts move in these steps from the minimum.")
    statutory = blocks.BooleanBlock(
        required=False, label="The minimum is a legal floor", help_text="Shown to residents."
    )
    statutory_reason = blocks.CharBlock(
        required=False, max_length=300, label="Why (e.g. the Care Act 2014 duty)"
    )
    consequences = blocks.ListBlock(
        ConsequenceBlock(), default=[], label="What happens at each amount"
    )


class KnockOnBlock(blocks.StructBlock):
    source = blocks.CharBlock(max_length=40, label="Each unit cut from this line (reference)…")
    target = blocks.CharBlock(max_length=40, label="…adds demand on this line (reference)")
    coefficient = blocks.DecimalBlock(label="…of this much per unit cut", help_text="E.g. 0.6")
    year = blocks.ChoiceBlock(choices=[("1", "Year 1"), ("2", "Year 2"), ("3", "Year 3")])


class BandBlock(blocks.StructBlock):
    band = blocks.CharBlock(max_length=20, help_text="E.g. A")
    cost_per_step = blocks.DecimalBlock(label="A household's yearly cost per step, in £")


class RevenueBlock(blocks.StructBlock):
    offer = blocks.BooleanBlock(required=False, label="Let residents change a tax to add money")
    label = blocks.CharBlock(required=False, max_length=120, default="Council tax change")
    minimum = blocks.DecimalBlock(required=False, default=-5, label="Lowest change (%)")
    maximum = blocks.DecimalBlock(required=False, default=5, label="Highest change (%)")
    step = blocks.DecimalBlock(required=False, default=0.5, label="In steps of (%)")
    yield_per_step = blocks.DecimalBlock(
        required=False, label="What one step raises", help_text=AMOUNT_HELP
    )
    bands = blocks.ListBlock(BandBlock(), default=[], label="Council tax bands")


class BudgetBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=300, label="Question", default="Create a budget")
    hint = blocks.CharBlock(required=False, max_length=500)
    required = blocks.BooleanBlock(required=False, default=True)
    reference = blocks.CharBlock(
        max_length=40, help_text="A short name (letters, numbers, dashes) used by CSV imports."
    )
    unit = blocks.CharBlock(max_length=10, default="£m", help_text="E.g. £, £k or £m.")
    decimals = blocks.IntegerBlock(
        default=1, min_value=0, max_value=3, help_text="Decimal places residents may type."
    )
    envelope = blocks.ChoiceBlock(
        choices=[("total", "A total"), ("per_head", "An amount per head")], default="total"
    )
    total = blocks.DecimalBlock(required=False, help_text=AMOUNT_HELP)
    per_head = blocks.DecimalBlock(required=False, help_text=AMOUNT_HELP)
    population = blocks.IntegerBlock(required=False, min_value=1)
    rule = blocks.ChoiceBlock(
        choices=[
            ("exact", "Must balance exactly"),
            ("tolerance", "Must balance within a tolerance"),
            ("underspend", "May spend less than the total"),
            ("min_share", "Must spend at least a share of the total"),
        ],
        default="exact",
    )
    tolerance = blocks.DecimalBlock(required=False, label="Tolerance (±)", help_text=AMOUNT_HELP)
    min_share = blocks.DecimalBlock(
        required=False, min_value=0, max_value=100, label="Minimum share to spend (%)"
    )
    lines = blocks.ListBlock(BudgetLineBlock(), min_num=1)
    knock_ons = blocks.ListBlock(KnockOnBlock(), default=[], label="Knock-on effects")
    revenue = RevenueBlock(label="Revenue side")
    ask_why = blocks.BooleanBlock(required=False, default=True, label="Ask why, overall")
    why_label = blocks.CharBlock(
        required=False, max_length=300, default="Why did you choose this budget?"
    )
    ask_why_per_line = blocks.BooleanBlock(required=False, label="Ask why for each line")

    kind = "budget"

    class Meta:
        icon = "table"
        form_classname = "struct-block question-block"
        help_text = "Residents share out a budget between the lines, within your rules."

    def clean(self, value):
        value = super().clean(value)
        _data, errors = budget_build(value)
        if not errors:
            return value
        block_errors = {name: ValidationError(message) for name, message in errors.fields.items()}
        if errors.lines:
            block_errors["lines"] = _list_errors(errors.lines)
        if errors.knock_ons:
            block_errors["knock_ons"] = _list_errors(errors.knock_ons)
        if errors.revenue:
            block_errors["revenue"] = StructBlockValidationError(
                {k: ValidationError(m) for k, m in errors.revenue.items()}
            )
        raise StructBlockValidationError(block_errors, non_block_errors=errors.overall)

    def spec(self, value, block_id: str, page: int) -> list[QuestionSpec]:
        data, errors = budget_build(value)
        if errors:
            # Only unsaved edits are invalid (``clean`` refuses them): no question yet.
            return []
        reference = value.get("reference") or ""
        budget = QuestionSpec(
            id=block_id,
            kind=self.kind,
            label=value["label"],
            hint=value.get("hint") or "",
            required=bool(value.get("required")),
            reference=reference,
            page=page,
            budget=data,
        )
        whys = []
        if value.get("ask_why_per_line"):
            for line in data["lines"]:
                whys.append(
                    _why(
                        budget,
                        f"-why-{line['reference']}",
                        f"Why this amount for {line['name']}?",
                    )
                )
        if value.get("ask_why"):
            whys.append(_why(budget, "-why", value.get("why_label") or "Why?"))
        return [budget, *whys]


def _why(budget: QuestionSpec, suffix: str, label: str) -> QuestionSpec:
    return QuestionSpec(
        id=f"{budget.id}{suffix}",
        kind="long_text",
        label=label,
        reference=f"{budget.reference}{suffix}" if budget.reference else "",
        max_length=WHY_MAX_LENGTH,
        page=budget.page,
        within=budget.id,
    )


def _list_errors(by_index: dict[int, dict[str, str]]) -> ListBlockValidationError:
    return ListBlockValidationError(
        block_errors={
            index: StructBlockValidationError({k: ValidationError(m) for k, m in fields.items()})
            for index, fields in by_index.items()
        }
    )
