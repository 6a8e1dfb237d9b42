from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from common.text import text_clean

ERR_PUBLISH = "Say whether we may publish your answers"


class FinalChoicesForm(forms.Form):
    """The choices asked once, on the check-your-answers page.

    It carries no submission key: that stays on the server with the answers
    (``consultations.progress``), so a form cannot name another person's response.
    """

    publish = forms.ChoiceField(
        label="May we publish your answers, without your name?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": ERR_PUBLISH, "invalid_choice": ERR_PUBLISH},
    )
    hear_outcome = forms.BooleanField(label="Tell me what was decided and why", required=False)
    email_receipt = forms.BooleanField(label="Email me a copy of my answers", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_authenticated:
            # Anonymous answers stay anonymous: no email, so no receipt or outcome news.
            del self.fields["email_receipt"]
            del self.fields["hear_outcome"]


class ConsultationPageForm(WagtailAdminPageForm):
    """The CMS form of a consultation: no control or bidi override in any text typed.

    Every posted value is cleaned, not only plain text fields, because the questions'
    labels, hints and options arrive as the StreamField's many nested fields.
    """

    def _clean_fields(self):
        if self.data:
            data = self.data.copy()
            for key in list(data.keys()):
                values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
                cleaned = [text_clean(v) if isinstance(v, str) else v for v in values]
                if hasattr(data, "setlist"):
                    data.setlist(key, cleaned)
                else:
                    data[key] = cleaned[0]
            self.data = data
        super()._clean_fields()
