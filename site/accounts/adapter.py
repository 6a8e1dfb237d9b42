from allauth.account.adapter import DefaultAccountAdapter

from accounts.models import Role
from accounts.services import role_grant


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            role_grant(user=user, role=Role.RESIDENT)
        return user
