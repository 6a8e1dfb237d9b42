"""The access log in the CMS, read-only, for organisers who are superusers."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from audit.models import AccessLogEntry
from audit.permissions import ReadOnlySuperuserPolicy


class AccessLogViewSet(ModelViewSet):
    model = AccessLogEntry
    icon = "list-ul"
    menu_label = "Access log"
    add_to_admin_menu = True
    list_display = ["at", "user_label", "action", "what", "record_count"]
    list_filter = ["action"]
    search_fields = ["user_label", "what"]
    inspect_view_enabled = True
    form_fields = ["what"]

    def get_permission_policy(self):
        return ReadOnlySuperuserPolicy(self.model)


@hooks.register("register_admin_viewset")
def register_access_log():
    return AccessLogViewSet("access_log")
