from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate


def _ensure_roles(sender, **kwargs):
    # Services import models, which an AppConfig module may not load before the registry.
    from accounts.services import roles_ensure

    roles_ensure()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        # Every install gets the role groups and their permissions after migrating.
        post_migrate.connect(_ensure_roles, sender=self)
        # A deleted page's organiser group and collection go with it (cms_permissions).
        from wagtail.models import Page

        from accounts.cms_permissions import page_deleted

        post_delete.connect(page_deleted, sender=Page, dispatch_uid="accounts.page_deleted")
