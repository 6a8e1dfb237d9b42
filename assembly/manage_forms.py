"""The organisers' forms: pool uploads, categories and quotas, draws, the panel, invitations
and meetings, and the ``action`` that each page's buttons send."""

from django import forms
from django.core.exceptions import ValidationError

from assembly import selection
from assembly.forms import read_text_upload
from assembly.models import ContactPreference, MemberStatus, PanelMember
from formkit.text import CleanTextMixin

MIN_ABOVE_MAX = "The minimum must not be above the maximum."
ABOVE_PANEL = "The maximum must not be above the panel size ({k})."
#: A POST that no button on the page sends (a stale page, or a hand-made request).
NO_ACTION = "Use one of the buttons on this page: the form did not say what to do."
NO_MEMBER = "Choose a member of this assembly's panel."
NOT_ATTENDEE = "Choose only members who accepted a place on this panel."


class PoolUploadForm(forms.Form):
    people_file = forms.FileField(label="People file (CSV)")
    categories_file = forms.FileField(
        label="Categories file (CSV)", help_text="Columns feature, value, min, max."
    )
    id_column = forms.CharField(label="Id column", initial="id", max_length=80)
    address_columns = forms.CharField(
        label="Address columns",
        required=False,
        max_length=300,
        help_text="Separated by commas. People at one address are one household.",
    )

    def clean_people_file(self):
        return read_text_upload(self.cleaned_data["people_file"])

    def clean_categories_file(self):
        return read_text_upload(self.cleaned_data["categories_file"])

    def address_list(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["address_columns"].split(",") if c.strip()]


class CategoryForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label="Category name", max_length=80)
    question = forms.CharField(label="Question on the volunteer form", max_length=200)
    values = forms.CharField(
        label="Answers",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line. “Prefer not to say” is added for you.",
    )
    special = forms.BooleanField(
        label="Special-category data (ethnicity, disability, health)", required=False
    )

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, **kwargs)
        self.assembly = assembly

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.assembly.selection_categories.filter(name__iexact=name).exists():
            raise ValidationError("This assembly already has a category with this name.")
        return name

    def value_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["values"].splitlines() if line.strip()]


class QuotasForm(forms.Form):
    """Minimum, maximum and target share for every value of every category."""

    def __init__(self, *args, values, panel_size, **kwargs):
        super().__init__(*args, **kwargs)
        self.values, self.panel_size = values, panel_size
        self.rows = []
        for v in values:
            label = f"{v.category.name}: {v.value}"
            self.fields[f"min_{v.pk}"] = forms.IntegerField(
                label=f"Minimum for {label}", min_value=0, initial=v.min_quota
            )
            self.fields[f"max_{v.pk}"] = forms.IntegerField(
                label=f"Maximum for {label}", min_value=0, initial=v.max_quota
            )
            self.fields[f"share_{v.pk}"] = forms.DecimalField(
                label=f"Target share for {label} (%)",
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
                initial=v.target_share,
            )
            self.rows.append((v, self[f"min_{v.pk}"], self[f"max_{v.pk}"], self[f"share_{v.pk}"]))

    def clean(self):
        data = super().clean()
        for v in self.values:
            low, high = data.get(f"min_{v.pk}"), data.get(f"max_{v.pk}")
            if low is not None and high is not None and low > high:
                self.add_error(f"min_{v.pk}", MIN_ABOVE_MAX)
            if high is not None and high > self.panel_size:
                self.add_error(f"max_{v.pk}", ABOVE_PANEL.format(k=self.panel_size))
        return data


class DrawForm(forms.Form):
    algorithm = forms.ChoiceField(
        label="Algorithm",
        choices=[
            (name, name.upper() if name == "leximin" else name) for name in selection.ALGORITHMS
        ],
        initial="leximin",
        help_text="LEXIMIN makes everyone's chance as equal as the quotas allow.",
    )
    transparent = forms.BooleanField(
        label="Transparent draw: publish a numbered list of panels and pick one with a public "
        "random number",
        required=False,
    )
    m = forms.IntegerField(
        label="Number of panels in the transparent list",
        min_value=10,
        max_value=10000,
        initial=1000,
    )


class SeedForm(forms.Form):
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=2**62,
        required=False,
        help_text="Leave empty for a random seed.",
    )


class PublicNumberForm(forms.Form):
    public_number = forms.IntegerField(
        label="Public random number",
        min_value=0,
        max_value=2**62,
        help_text="For example the dice total.",
    )


class MemberDetailsForm(CleanTextMixin, forms.Form):
    access_needs = forms.CharField(
        label="Access needs", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_preference = forms.ChoiceField(
        label="Contact preference", choices=ContactPreference.choices
    )


class AddressListForm(forms.Form):
    address_file = forms.FileField(
        label="Address list (CSV)", help_text="Columns address and postcode."
    )
    count = forms.IntegerField(label="Households to invite", min_value=1, max_value=100000)
    seed = forms.IntegerField(label="Seed", min_value=0, max_value=2**62)

    def clean_address_file(self):
        return read_text_upload(self.cleaned_data["address_file"])


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label="Meeting title", max_length=150)
    starts_at = forms.DateTimeField(
        label="Starts at", widget=DateTimeLocalInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )


class ActionForm(forms.Form):
    """The ``action`` a page's buttons send; ``actions`` lists the ones the page offers."""

    action = forms.ChoiceField(
        choices=[], error_messages={"required": NO_ACTION, "invalid_choice": NO_ACTION}
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, a) for a in actions]


PANEL_ACTIONS = ("email", "post", "withdraw", "replace")


class PanelActionForm(ActionForm):
    """One button of the panel page: invite, withdraw or replace one member."""

    member = forms.ModelChoiceField(
        queryset=PanelMember.objects.none(),
        error_messages={"required": NO_MEMBER, "invalid_choice": NO_MEMBER},
    )

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, actions=PANEL_ACTIONS, **kwargs)
        self.fields["member"].queryset = PanelMember.objects.filter(
            assembly=assembly
        ).select_related("volunteer")


class AttendanceForm(forms.Form):
    """Who came to a meeting: ids of members who accepted; everyone else is absent."""

    attended = forms.ModelMultipleChoiceField(
        queryset=PanelMember.objects.none(),
        required=False,
        error_messages={"invalid_choice": NOT_ATTENDEE, "invalid_pk_value": NOT_ATTENDEE},
    )

    def __init__(self, *args, assembly, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = PanelMember.objects.filter(
            assembly=assembly, status=MemberStatus.ACCEPTED
        )
