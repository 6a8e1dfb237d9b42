"""The residents' forms: volunteering from the assembly page, and the reply to a place
on the panel. Every upload is read as UTF-8 text and size-checked (``read_text_upload``)."""

from django import forms
from django.core.exceptions import ValidationError

from assembly.models import ContactPreference
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
CHOOSE_ANSWER = "Choose an answer, or “Prefer not to say”."


def read_text_upload(upload) -> str:
    # The size is checked before reading, so a huge upload is never held in memory.
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_BIG)
    try:
        return csvtext.decode(upload.read(MAX_UPLOAD_BYTES + 1), max_bytes=MAX_UPLOAD_BYTES)
    except csvtext.CsvTextError as exc:
        raise ValidationError(TOO_BIG if exc.kind == "too_big" else NOT_UTF8) from None


def _optional_text(label: str, max_length: int, autocomplete: str, **kwargs) -> forms.CharField:
    """An optional one-line contact field the browser can fill in (``autocomplete``)."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
        **kwargs,
    )


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
    phone = _optional_text("Phone number", 40, "tel")
    address = _optional_text("Postal address", 300, "address-line1", help_text=ADDRESS_HINT)
    postcode = _optional_text("Postcode", 12, "postal-code")
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
