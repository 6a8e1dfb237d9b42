"""``{% you_said_we_did page %}``: the decisions on a page's published findings.

Other apps' templates load this library, so they never import analysis code.
"""

from django import template

from analysis.selectors import published_reports
from analysis.selectors import you_said_we_did as decisions_for

register = template.Library()


@register.inclusion_tag("analysis/you_said_we_did.html")
def you_said_we_did(page):
    return {"decisions": decisions_for(page), "reports": list(published_reports(page))}
