from django.contrib.admin.apps import AdminConfig


class LmsAdminConfig(AdminConfig):
    """Makes LmsAdminSite the site behind `admin.site` and `@admin.register`."""

    default_site = "admin_ext.sites.LmsAdminSite"

    def ready(self) -> None:
        super().ready()
        # One module of ModelAdmins per context; importing registers them.
        from admin_ext import accounts, catalog, commerce, core, learning, meetings  # noqa: F401
