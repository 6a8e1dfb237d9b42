"""Rich text from the CMS in GOV.UK Frontend's typography.

The CMS stores plain ``<p>``, ``<ul>``, ``<h3>`` and ``<a>``; without GOV.UK's classes
they show in the browser's own serif type and spacing.
"""

import re

from django import template
from django.utils.safestring import mark_safe
from wagtail.templatetags.wagtailcore_tags import richtext

register = template.Library()

GOVUK_CLASSES = {
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "a": "govuk-link",
}
# An opening tag of one of those elements that has no class of its own yet.
_OPEN_TAG = re.compile(r"<(p|ul|ol|h2|h3|h4|a)\b(?![^>]*\sclass=)", re.IGNORECASE)


def govuk_classes(html: str) -> str:
    """``html`` with GOV.UK Frontend's class on each text element that has none.

    >>> govuk_classes('<p>See <a href="/a">it</a></p><pre>x</pre>')
    '<p class="govuk-body">See <a class="govuk-link" href="/a">it</a></p><pre>x</pre>'
    >>> govuk_classes('<ul class="mine"><li>kept</li></ul>')
    '<ul class="mine"><li>kept</li></ul>'
    """

    def add(match: re.Match) -> str:
        tag = match.group(1)
        return f'<{tag} class="{GOVUK_CLASSES[tag.lower()]}"'

    return _OPEN_TAG.sub(add, html)


@register.filter
def govuk_richtext(value) -> str:
    """Wagtail's ``richtext`` filter, styled as GOV.UK body text."""
    # Wagtail's output is already sanitised HTML; only constant class names are added.
    return mark_safe(govuk_classes(str(richtext(value))))  # noqa: S308
