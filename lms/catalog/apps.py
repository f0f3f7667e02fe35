from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "lms.catalog"
    label = "catalog"
    verbose_name = _("Courses")

    def ready(self) -> None:
        # Declares this context's domain events, so the registry lists them all.
        from lms.catalog import (
            cache,
            events,  # noqa: F401
        )

        cache.connect()
