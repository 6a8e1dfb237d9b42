from django import forms

CONFIRM_PHRASE = "delete my account"
CONFIRM_ERROR = f"Type “{CONFIRM_PHRASE}” to confirm."


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label="To confirm, type: delete my account",
        max_length=50,
        error_messages={"required": CONFIRM_ERROR},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip().lower()
        if value != CONFIRM_PHRASE:
            raise forms.ValidationError(CONFIRM_ERROR)
        return value
