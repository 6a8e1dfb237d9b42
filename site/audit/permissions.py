from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import ModelPermissionPolicy


class ReadOnlySuperuserPolicy(ModelPermissionPolicy):
    """Only superusers may list or inspect the log; nobody may change it."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in ("view", "inspect")

    def users_with_any_permission(self, actions):
        if set(actions) & {"view", "inspect"}:
            return get_user_model().objects.filter(is_active=True, is_superuser=True)
        return get_user_model().objects.none()
