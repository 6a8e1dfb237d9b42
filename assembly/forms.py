"""Forms for volunteers and organisers. Every upload is read as UTF-8 text and size-checked."""

from django import forms
from django.core.exceptions import ValidationError

from assembly import selection
from assembly.models import ContactPreference, MemberStatus, PanelMember
from assembly.services import InvitationCodeError, invitation_code_check
from common import csvtext
from formkit.text import CleanTextMixin

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
NOT_UTF8 = "The file must be a CSV saved as UTF-8 text."
TOO_BIG = "The file must be smaller than 5 MB."
NEED_CONTACT = "Enter an email address or a postal address so that we can contact you."
#: When the way chosen to contact someone lacks the detail it needs.
NEED_FOR_PREFERENCE = {
    "email": ("email", "Enter your email address, or choose another way to contact you."),
    "post": ("address", "Enter your postal address, or choose another way to contact you."),
    "phone": ("phone", "Enter your phone number, or choose another way to contact you."),
}
EMAIL_OR_ADDRESS = "We need an email address or a postal address, or both."
ADDRESS_HINT = "Needed if you give no email address, or want us to write to you by post."
CONSENT_NEEDED = "You must agree to this to volunteer."
MIN_ABOVE_MAX = "The minimum must not be above the maximum."
ABOVE_PANEL = "The maximum must not be above the panel size ({k})."
CHOOSE_ANSWER = "Choose an answer, or “Prefer not to say”."
#: A POST that no button on the page sends (a stale page, or a hand-made request).
NO_ACTION = "Use one of the buttons on this page: the form did not say what to do."
NO_MEMBER = "Choose a member of this assembly's panel."
NOT_ATTENDEE = "Choose only members who accepted a place on this panel."


def read_text_upload(upload) -> str:
    # The size is checked before reading, so a huge upload is never held in memory.
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_BIG)
    try:
        return csvtext.decode(upload.read(MAX_UPLOAD_BYTES + 1), max_bytes=MAX_UPLOAD_BYTES)
    except csvtext.CsvTextError as exc:
        raise ValidationError(TOO_BIG if exc.kind == "too_big" else NOT_UTF8) from None


class VolunteerForm(CleanTextMixin, forms.Form):
    code = forms.CharField(
        label="Invitation code", max_length=20, required=False, help_text="It is on your letter."
    )
    full_name = forms.CharField(
        label="Full name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contact_preference = forms.ChoiceField(
        label="How should we contact you?", choices=ContactPreference.choices
    )
    # Email and address are each needed unless the other is given: neither is optional,
    # so their labels do not say so (``show_optional``); the hint says what is needed.
    email = forms.EmailField(label="Email address", required=False, help_text=EMAIL_OR_ADDRESS)
    phone = forms.CharField(
        label="Phone number",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    address = forms.CharField(
        label="Postal address",
        max_length=300,
        required=False,
        help_text=ADDRESS_HINT,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    consent_contact = forms.BooleanField(
        label="I agree that the organisers may contact me about this assembly.",
        required=True,
        error_messages={"required": CONSENT_NEEDED},
    )
    consent_special_category = forms.BooleanField(
        label="I agree that my answers above are used only to draw a representative panel, "
        "are seen only by the organisers, and are deleted after the assembly.",
        required=True,
        error_messages={"required": CONSENT_NEEDED},
    )

    def __init__(self, *args, assembly, blocked: str = "", user=None, **kwargs):
        if user is not None and user.is_authenticated:
            # What the resident's account already holds, so they need not type it again.
            known = {"full_name": user.display_name or user.get_full_name(), "email": user.email}
            kwargs["initial"] = {
                **{k: v for k, v in known.items() if v},
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        for name in ("email", "address"):
            self.fields[name].show_optional = False
        self.assembly = assembly
        # Set when a rate limit refuses this attempt: codes are then not checked at all.
        self.blocked = blocked
        self.code_failed = False
        if assembly.invitation_codes_required:
            self.fields["code"].required = True
        else:
            del self.fields["code"]
        self.category_fields = []
        for category in assembly.selection_categories.prefetch_related("values"):
            name = f"category_{category.pk}"
            values = list(category.values.all())
            choices = [("", "Choose an answer")] + [(str(v.pk), v.value) for v in values]
            self.fields[name] = forms.ChoiceField(
                label=category.question or category.name,
                choices=choices,
                error_messages={"required": CHOOSE_ANSWER},
            )
            self.category_fields.append(name)
        order = ["code", "full_name", "contact_preference", "email", "phone", "address"]
        order += ["postcode", *self.category_fields, "consent_contact", "consent_special_category"]
        self.order_fields(order)

    def clean_code(self):
        code = self.cleaned_data.get("code", "")
        if self.blocked:
            return code
        try:
            invitation_code_check(assembly=self.assembly, code=code)
        except InvitationCodeError as exc:
            self.code_failed = bool(code.strip())
            raise ValidationError(str(exc)) from None
        return code

    def clean(self):
        data = super().clean()
        if self.blocked:
            raise ValidationError(self.blocked)
        field, message = NEED_FOR_PREFERENCE.get(data.get("contact_preference"), (None, ""))
        if field and not data.get(field) and field not in self.errors:
            self.add_error(field, message)
        # Invitations go by email or by letter, whatever the preference.
        contact = {"email", "address"}
        if not any(data.get(f) for f in contact) and not contact & set(self.errors):
            self.add_error("email", NEED_CONTACT)
        return data

    def answers(self) -> dict[int, int]:
        return {
            int(name.removeprefix("category_")): int(self.cleaned_data[name])
            for name in self.category_fields
        }


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


class RespondForm(CleanTextMixin, forms.Form):
    answer = forms.ChoiceField(
        label="Can you take part?",
        choices=[
            ("", "Choose"),
            ("accept", "Yes, I accept my place"),
            ("decline", "No, I decline"),
        ],
    )
    access_needs = forms.CharField(
        label="Access needs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example step-free access, a hearing loop, or care cover. Only the "
        "organisers see this.",
    )
    contact_preference = forms.ChoiceField(
        label="How should we contact you?", choices=ContactPreference.choices
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
