from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from lms.accounts.profile_files import account_files_delete

        post_delete.connect(
            account_files_delete, sender="accounts.User", dispatch_uid="account_files_delete"
        )
