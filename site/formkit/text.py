"""Free-text form fields that store what people meant, never hidden controls."""

from django import forms

from common.text import text_clean


class CleanTextMixin:
    """Strip control and bidirectional override characters from every text field.

    Done on the submitted data before Django cleans it, so NUL never reaches
    ``ProhibitNullCharactersValidator`` as an error: the person keeps the text
    they typed, without the characters they could not see. The form
    re-displays the cleaned text if another field has an error.
    """

    def _clean_fields(self):
        keys = [
            self.add_prefix(name)
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField)
        ]
        if keys and self.data:
            data = self.data.copy()
            for key in keys:
                if hasattr(data, "getlist"):
                    if key in data:
                        data.setlist(key, [clean_text_value(v) for v in data.getlist(key)])
                elif key in data:
                    data[key] = clean_text_value(data[key])
            self.data = data
        super()._clean_fields()


def clean_text_value(value):
    """``text_clean`` for a value that may not be a string (None, numbers)."""
    return text_clean(value) if isinstance(value, str) else value
