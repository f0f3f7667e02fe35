from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Bulk work on people: importing them from a spreadsheet. It sits above accounts,
    catalog and learning, because an import creates accounts, fills groups and enrolls."""

    name = "lms.people"
    label = "people"
    verbose_name = _("People import")
