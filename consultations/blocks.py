"""Question blocks for a consultation's StreamField, and their conversion to specs."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from consultations.budget_blocks import BudgetBlock
from consultations.questions import Condition, QuestionSpec


class ConditionBlock(blocks.StructBlock):
    reference = blocks.CharBlock(
        required=False,
        max_length=40,
        label="Show only when the question with this reference…",
        help_text="The reference of an earlier question. Leave empty to always show.",
    )
    values = blocks.CharBlock(
        required=False,
        max_length=500,
        label="…has one of these answers",
        help_text="Answers separated by |, e.g. Yes|Sometimes",
    )


class QuestionBlock(blocks.StructBlock):
    """Fields every question has."""

    label = blocks.CharBlock(max_length=300, label="Question")
    hint = blocks.CharBlock(required=False, max_length=500)
    required = blocks.BooleanBlock(required=False)
    reference = blocks.CharBlock(
        required=False,
        max_length=40,
        help_text="A short name (letters, numbers, dashes) used by conditions and CSV imports.",
    )
    show_if = ConditionBlock(required=False, label="Condition")

    kind = ""

    class Meta:
        icon = "help"
        form_classname = "struct-block question-block"

    def clean(self, value):
        value = super().clean(value)
        ref = value.get("reference") or ""
        if ref and slugify(ref) != ref:
            raise StructBlockValidationError(
                {"reference": ValidationError("Use lower-case letters, numbers and dashes only")}
            )
        return value

    def spec(self, value, block_id: str, page: int) -> QuestionSpec:
        cond = value.get("show_if") or {}
        condition = None
        if cond.get("reference"):
            condition = Condition(
                reference=cond["reference"],
                values=tuple(v.strip() for v in (cond.get("values") or "").split("|") if v.strip()),
            )
        return QuestionSpec(
            id=block_id,
            kind=self.kind,
            label=value["label"],
            hint=value.get("hint") or "",
            required=bool(value.get("required")),
            reference=value.get("reference") or "",
            show_if=condition,
            page=page,
            **self.spec_fields(value),
        )

    def spec_fields(self, value) -> dict:
        return {}


def _options(value, key="options") -> tuple[str, ...]:
    return tuple(o.strip() for o in value.get(key) or [] if o and o.strip())


class OptionsQuestionBlock(QuestionBlock):
    options = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=2)

    def clean(self, value):
        value = super().clean(value)
        options = [o.strip().lower() for o in value.get("options") or []]
        if len(options) != len(set(options)):
            raise StructBlockValidationError(
                {"options": ValidationError("Each option must be different")}
            )
        return value

    def spec_fields(self, value):
        return {"options": _options(value)}


class ShortTextBlock(QuestionBlock):
    kind = "short_text"


class LongTextBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(required=False, min_value=10, max_value=20000, default=3000)
    kind = "long_text"

    def spec_fields(self, value):
        return {"max_length": value.get("max_length") or 3000}


class SingleChoiceBlock(OptionsQuestionBlock):
    allow_other = blocks.BooleanBlock(required=False, label='Add "other, please say"')
    kind = "single_choice"

    def spec_fields(self, value):
        return {"options": _options(value), "allow_other": bool(value.get("allow_other"))}


class MultipleChoiceBlock(SingleChoiceBlock):
    max_choices = blocks.IntegerBlock(required=False, min_value=1)
    kind = "multiple_choice"

    def spec_fields(self, value):
        return {**super().spec_fields(value), "max_choices": value.get("max_choices") or 0}


class ScaleBlock(QuestionBlock):
    min_value = blocks.IntegerBlock(default=1, min_value=0, max_value=10)
    max_value = blocks.IntegerBlock(default=5, min_value=1, max_value=11)
    min_label = blocks.CharBlock(max_length=60, default="Strongly disagree")
    max_label = blocks.CharBlock(max_length=60, default="Strongly agree")
    kind = "scale"

    def clean(self, value):
        value = super().clean(value)
        if value["max_value"] <= value["min_value"]:
            raise StructBlockValidationError(
                {"max_value": ValidationError("The top of the scale must be above the bottom")}
            )
        return value

    def spec_fields(self, value):
        return {
            "min_value": value["min_value"],
            "max_value": value["max_value"],
            "min_label": value["min_label"],
            "max_label": value["max_label"],
        }


def _results_filter_block(what: str) -> blocks.BooleanBlock:
    return blocks.BooleanBlock(
        required=False,
        label="Offer as a results filter",
        help_text=f"Let people filter and break down the results by {what}. Each filter "
        "can hide a few more figures, to keep small groups safe, and makes the results "
        "slower to compute (with 400 responses: twice as slow for a number question, six "
        "times for a ranking question).",
    )


class RankingBlock(OptionsQuestionBlock):
    results_filter = _results_filter_block("the option each person put first")
    kind = "ranking"

    def spec_fields(self, value):
        return {**super().spec_fields(value), "results_filter": bool(value.get("results_filter"))}


class MatrixBlock(OptionsQuestionBlock):
    rows = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1, label="Statements")
    kind = "matrix"

    class Meta:
        help_text = "Each statement is answered with one of the options (the columns)."

    def spec_fields(self, value):
        return {"options": _options(value), "rows": _options(value, "rows")}


class NumberBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(required=False)
    max_value = blocks.DecimalBlock(required=False)
    whole_number = blocks.BooleanBlock(required=False, default=True)
    results_filter = _results_filter_block("bands of the answers (around the quartiles)")
    kind = "number"

    def spec_fields(self, value):
        def num(v):
            return float(v) if v is not None else None

        return {
            "min_value": num(value.get("min_value")),
            "max_value": num(value.get("max_value")),
            "whole_number": bool(value.get("whole_number")),
            "results_filter": bool(value.get("results_filter")),
        }


class DateBlock(QuestionBlock):
    min_date = blocks.DateBlock(required=False, label="Earliest date")
    max_date = blocks.DateBlock(required=False, label="Latest date")
    kind = "date"

    def spec_fields(self, value):
        return {"min_date": value.get("min_date"), "max_date": value.get("max_date")}


class PostcodeBlock(QuestionBlock):
    kind = "postcode"


class ConsentBlock(QuestionBlock):
    kind = "consent"


class DemographicOptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=200)
    population_share = blocks.DecimalBlock(
        required=False,
        min_value=0,
        max_value=100,
        help_text="Share of the population in %, e.g. from the census, to compare with.",
    )


class DemographicBlock(QuestionBlock):
    """Always voluntary, and always offers "Prefer not to say"."""

    options = blocks.ListBlock(DemographicOptionBlock(), min_num=2)
    kind = "demographic"

    class Meta:
        help_text = 'Voluntary. "Prefer not to say" is added for you.'

    def spec_fields(self, value):
        options = tuple(o["label"].strip() for o in value.get("options") or [])
        shares = {
            o["label"].strip(): float(o["population_share"])
            for o in value.get("options") or []
            if o.get("population_share") is not None
        }
        return {"options": options, "population_shares": shares}


class RoundBlock(blocks.StructBlock):
    """One round of answers to the same questions, e.g. before and after the assembly."""

    reference = blocks.CharBlock(max_length=40, help_text="E.g. before, after")
    label = blocks.CharBlock(max_length=100, help_text="E.g. Before the assembly")

    def clean(self, value):
        value = super().clean(value)
        if slugify(value["reference"]) != value["reference"]:
            raise StructBlockValidationError(
                {"reference": ValidationError("Use lower-case letters, numbers and dashes only")}
            )
        return value


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200)
    text = blocks.TextBlock(required=False)
    new_page = blocks.BooleanBlock(
        required=False, default=True, help_text="Start a new page of the survey here."
    )

    class Meta:
        icon = "title"


QUESTION_BLOCKS = [
    ("section", SectionBlock()),
    ("short_text", ShortTextBlock(label="Short text")),
    ("long_text", LongTextBlock(label="Long text")),
    ("single_choice", SingleChoiceBlock(label="Single choice")),
    ("multiple_choice", MultipleChoiceBlock(label="Multiple choice")),
    ("scale", ScaleBlock(label="Scale (Likert)")),
    ("ranking", RankingBlock(label="Ranking")),
    ("matrix", MatrixBlock(label="Matrix")),
    ("number", NumberBlock(label="Number")),
    ("date", DateBlock(label="Date")),
    ("postcode", PostcodeBlock(label="Postcode")),
    ("consent", ConsentBlock(label="Consent")),
    ("demographic", DemographicBlock(label="Demographic question")),
    ("budget", BudgetBlock(label="Budget allocation")),
]


class QuestionStreamBlock(blocks.StreamBlock):
    """The questions of a consultation, in order, split into pages by sections."""

    def __init__(self, **kwargs):
        super().__init__(QUESTION_BLOCKS, **kwargs)
