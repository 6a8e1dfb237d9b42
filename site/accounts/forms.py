from django import forms

from accounts.invitations import INVITABLE_ROLES, INVITATION_DAYS
from accounts.models import Role
from formkit.text import CleanTextMixin

CONFIRM_PHRASE = "delete my account"
CONFIRM_ERROR = f"Type “{CONFIRM_PHRASE}” to confirm."
DELETED_MESSAGE = "Your account has been deleted, and your personal data with it."


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label="To confirm, type: delete my account",
        max_length=50,
        error_messages={"required": CONFIRM_ERROR},
    )
    delete_responses = forms.BooleanField(
        required=False,
        label="Also delete my answers to consultations",
        help_text="Otherwise they stay in the results, with nothing to link them to you.",
    )
    delete_statements = forms.BooleanField(
        required=False,
        label="Also delete what I said in live sessions",
        help_text="Otherwise it stays in the session's record, without your name.",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip().lower()
        if value != CONFIRM_PHRASE:
            raise forms.ValidationError(CONFIRM_ERROR)
        return value


class RoleInviteForm(CleanTextMixin, forms.Form):
    """Who to invite to a role on a consultation or assembly."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text=f"We send a link to this address. It works once, for {INVITATION_DAYS} days.",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[(role, Role(role).label) for role in INVITABLE_ROLES],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a role",
            "invalid_choice": "Choose a role from the list",
        },
    )
