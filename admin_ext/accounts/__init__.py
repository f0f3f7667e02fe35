"""People in the console: users, groups, and the sign-in models of allauth and axes.

One module per page (users, cohorts, sign_in); importing the package registers them.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from admin_ext.accounts import cohorts, sign_in, users  # noqa: F401
from admin_ext.callbacks import ADMINS_ONLY

# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 40,
        "title": _("People"),
        "collapsible": False,
        "items": [
            {
                "title": _("Users"),
                "icon": "people",
                "link": reverse_lazy("admin:accounts_user_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Groups"),
                "icon": "groups",
                "link": reverse_lazy("admin:accounts_cohort_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
    {
        "order": 90,
        "title": _("Sign-in"),
        "collapsible": True,
        "items": [
            {
                "title": _("Email addresses"),
                "icon": "mail",
                "link": reverse_lazy("admin:account_emailaddress_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Google sign-in"),
                "icon": "key",
                "link": reverse_lazy("admin:socialaccount_socialapp_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Failed logins and lockouts"),
                "icon": "lock",
                "link": reverse_lazy("admin:axes_accessattempt_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
