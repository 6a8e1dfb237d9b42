import uuid

from django import forms

from deliberation.guests import MAX_NAME_LENGTH
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


class JoinForm(CleanTextMixin, forms.Form):
    code = forms.CharField(
        label="Join code",
        max_length=12,
        help_text="The six letters and numbers the organisers shared.",
        error_messages={"required": "Enter the join code."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    display_name = forms.CharField(
        label="Your name, as others will see it",
        max_length=MAX_NAME_LENGTH,
        help_text="A first name or a nickname is enough.",
        error_messages={"required": "Enter the name others will see."},
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class SessionCreateForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    open_event = forms.BooleanField(
        label="Open event: anyone with the join code may join, without an account",
        required=False,
    )
    agenda = forms.CharField(
        label="Agenda",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One item a line. End a line with | and a number of minutes to give it a "
        "timer, for example: Welcome | 5",
    )

    def clean_agenda(self) -> list[dict]:
        items = []
        for line in self.cleaned_data["agenda"].splitlines():
            title, _, minutes = line.partition("|")
            title, minutes = title.strip(), minutes.strip()
            if not title:
                continue
            if minutes and not (minutes.isdigit() and 0 < int(minutes) <= 600):
                raise forms.ValidationError(
                    f"'{line.strip()}': the minutes after | must be a whole number from 1 to 600."
                )
            items.append(
                {"title": title[:200], "timer_seconds": int(minutes) * 60 or None}
                if minutes
                else {"title": title[:200]}
            )
        return items


class AgendaItemForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label="Item title", max_length=200)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    minutes = forms.IntegerField(
        label="Timer in minutes", required=False, min_value=1, max_value=600
    )
