import uuid

from django import forms

from deliberation.services import MAX_STATEMENT_LENGTH
from formkit.text import CleanTextMixin


class StatementForm(CleanTextMixin, forms.Form):
    text = forms.CharField(
        label="Your statement",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_STATEMENT_LENGTH,
        error_messages={"required": "Write something before you send it."},
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
