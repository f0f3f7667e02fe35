from importlib import import_module

from django.contrib.admin.apps import AdminConfig


class LmsAdminConfig(AdminConfig):
    """Makes LmsAdminSite the site behind `admin.site` and `@admin.register`."""

    default_site = "admin_ext.sites.LmsAdminSite"

    def ready(self) -> None:
        super().ready()
        from admin_ext.callbacks import CONSOLE_MODULES

        # One module of ModelAdmins per context; importing registers them.
        for name in CONSOLE_MODULES:
            import_module(f"admin_ext.{name}")
