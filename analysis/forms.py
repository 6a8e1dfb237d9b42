"""Forms for starting a theme run, reviewing themes and writing findings."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from accounts.selectors import roles_filter
from analysis.models import Outcome, SourceKind
from analysis.rules import RUN_THEMES_ROLES
from analysis.services.runs import CONFIGURATIONS
from analysis.services.sources import SESSION_TEXTS, csv_items
from common import csvtext

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ERR_CHOOSE_QUESTION = "Choose the question whose answers you want to analyse."
ERR_CHOOSE_SESSION = "Choose the live session whose texts you want to analyse."
ERR_CHOOSE_SESSION_TEXTS = "Choose at least one kind of text from the session."
ERR_CHOOSE_FILE = "Choose a CSV file to upload."
ERR_CHOOSE_PROJECT = "Choose the consultation this file belongs to."
ERR_NOT_UTF8 = "The file must be a CSV saved as UTF-8."
ERR_TOO_BIG = "The file must be smaller than 20 MB."
ERR_N_THEMES = "Enter 'auto' or a whole number of themes from 2 to 40."


def question_choices(user) -> list[tuple[str, str]]:
    from consultations.selectors import consultation_pages, free_text_questions

    pages = roles_filter(user, consultation_pages(), RUN_THEMES_ROLES)
    return [
        (f"{page.pk}:{spec.id}", f"{page.title}: {spec.label}")
        for page in pages
        for spec in free_text_questions(page)
    ]


def project_choices(user) -> list[tuple[str, str]]:
    from consultations.selectors import consultation_pages

    pages = roles_filter(user, consultation_pages(), RUN_THEMES_ROLES)
    return [(str(p.pk), p.title) for p in pages]


def session_choices(user) -> list[tuple[str, str]]:
    from deliberation.selectors import live_sessions

    sessions = roles_filter(user, live_sessions(), RUN_THEMES_ROLES)
    return [(str(s.pk), s.title) for s in sessions]


class RunStartForm(forms.Form):
    title = forms.CharField(max_length=200, label="Name of this analysis")
    source_kind = forms.ChoiceField(choices=SourceKind.choices, label="What to analyse")
    question = forms.ChoiceField(required=False, label="Consultation question")
    session = forms.ChoiceField(required=False, label="Live session")
    # One checkbox per kind of a session's text (``SESSION_TEXTS``), statements ticked at first.
    include_statements = forms.BooleanField(required=False, initial=True, label="Statements")
    include_questions = forms.BooleanField(required=False, label="Questions to speakers")
    include_words = forms.BooleanField(required=False, label="Word-cloud words")
    upload = forms.FileField(
        required=False, label="CSV file", help_text="UTF-8, with a header row."
    )
    project = forms.ChoiceField(
        required=False, label="Consultation the file belongs to", help_text="For a CSV file."
    )
    text_column = forms.CharField(max_length=100, initial="text", label="Text column")
    id_column = forms.CharField(max_length=100, required=False, label="ID column")
    consent_column = forms.CharField(
        max_length=100,
        required=False,
        label="Consent column",
        help_text=(
            "For a CSV file: the column that says whether each person agreed that their words "
            "may be published (yes or no). Without one, no quote from the file is published."
        ),
    )
    n_themes = forms.CharField(max_length=5, initial="auto", label="Number of themes")
    seed = forms.IntegerField(min_value=0, initial=0, label="Seed")
    configuration = forms.ChoiceField(
        choices=list(CONFIGURATIONS.items()), initial="static+tfidf", label="Method"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        blank = [("", "Choose…")]
        self.fields["question"].choices = blank + question_choices(user)
        self.fields["session"].choices = blank + session_choices(user)
        self.fields["project"].choices = blank + project_choices(user)

    def clean_n_themes(self):
        value = self.cleaned_data["n_themes"].strip().lower()
        if value == "auto":
            return value
        if not value.isdigit() or not 2 <= int(value) <= 40:
            raise forms.ValidationError(ERR_N_THEMES)
        return int(value)

    def clean(self):
        data = super().clean()
        kind = data.get("source_kind")
        if kind == SourceKind.QUESTION and not data.get("question"):
            self.add_error("question", ERR_CHOOSE_QUESTION)
        if kind == SourceKind.SESSION:
            if not data.get("session"):
                self.add_error("session", ERR_CHOOSE_SESSION)
            data["session_texts"] = [k for k in SESSION_TEXTS if data.get(f"include_{k}")]
            if not data["session_texts"]:
                self.add_error("include_statements", ERR_CHOOSE_SESSION_TEXTS)
        if kind == SourceKind.UPLOAD:
            if not data.get("project"):
                self.add_error("project", ERR_CHOOSE_PROJECT)
            upload = data.get("upload")
            if not upload:
                self.add_error("upload", ERR_CHOOSE_FILE)
            elif upload.size > MAX_UPLOAD_BYTES:
                self.add_error("upload", ERR_TOO_BIG)
            else:
                try:
                    text = csvtext.decode(upload.read())
                except csvtext.CsvTextError:
                    self.add_error("upload", ERR_NOT_UTF8)
                else:
                    # The whole file, so a row that breaks the table is refused here
                    # rather than failing the run later.
                    try:
                        csv_items(
                            text,
                            text_column=data.get("text_column", "text"),
                            id_column=data.get("id_column", ""),
                            consent_column=data.get("consent_column", ""),
                        )
                    except ValueError as err:
                        self.add_error("upload", str(err))
                    data["uploaded_text"] = text
        return data


class LabelForm(forms.Form):
    label = forms.CharField(max_length=200, label="New name")


class NoteForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SplitForm(forms.Form):
    n_parts = forms.IntegerField(min_value=2, max_value=10, initial=2, label="Split into")


class RedactionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReportForm(forms.Form):
    title = forms.CharField(max_length=200, label="Report title")
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Summary"
    )


class FindingForm(forms.Form):
    title = forms.CharField(max_length=200, label="Finding", help_text="What residents said.")
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Detail")


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, label="Decision")
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), label="What we did, and why"
    )
    decided_on = forms.DateField(
        label="Date of the decision",
        help_text="For example, 2025-03-27",
        initial=timezone.localdate,
    )
