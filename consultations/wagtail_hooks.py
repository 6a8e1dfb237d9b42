"""CMS links from a consultation page to its results and exports."""

from wagtail import hooks
from wagtail.admin.widgets.button import Button, ListingButton

from consultations.models import ConsultationPage


def _links(page, user):
    specific = page.specific_deferred
    if not isinstance(specific, ConsultationPage) or not specific.url:
        return []
    links = []
    if user.has_perm("consultations.view_results", specific):
        links.append(("Results", specific.url + "results/", "view"))
    if user.has_perm("consultations.export_responses", specific):
        links.append(("Download responses (CSV)", specific.url + "export/csv/", "download"))
    elif user.has_perm("consultations.export_aggregates", specific):
        links.append(("Download results (CSV)", specific.url + "export/summary-csv/", "download"))
    return links


@hooks.register("register_page_listing_more_buttons")
def consultation_listing_buttons(page, user, next_url=None):
    for priority, (label, url, icon) in enumerate(_links(page, user), start=70):
        yield ListingButton(label, url, icon_name=icon, priority=priority)


@hooks.register("register_page_header_buttons")
def consultation_header_buttons(page, user, view_name, next_url=None):
    for priority, (label, url, icon) in enumerate(_links(page, user), start=80):
        yield Button(label, url, icon_name=icon, priority=priority)
