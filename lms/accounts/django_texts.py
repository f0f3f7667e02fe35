"""Never called. Django's password rules show on the sign-up and password pages, but its own
Hindi catalog lacks these texts and `makemessages` does not read Django's code: listing them
here puts them in locale/hi, and the merged catalog then translates Django's own calls."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

PASSWORD_RULE_TEXTS = (
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    _("Your password can’t be too similar to your other personal information."),
    _("The password is too similar to the %(verbose_name)s."),
    _("Your password can’t be a commonly used password."),
    _("This password is too common."),
    _("Your password can’t be entirely numeric."),
    _("This password is entirely numeric."),
)
