from django import forms

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
