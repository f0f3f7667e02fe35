"""The admin console's look and navigation, declared as data (django-unfold's UNFOLD setting).

The sidebar's groups are declared by each context's console module (`SIDEBAR` in
admin_ext/<context>.py or its package) and collected by
`admin_ext.callbacks.sidebar_navigation`, so a new context adds its entry in one place.
Callbacks live in admin_ext/callbacks.py and are referenced by dotted path.
"""

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

UNFOLD = {
    "SITE_TITLE": _("LMS console"),
    "SITE_HEADER": _("LMS console"),
    "SITE_SUBHEADER": _("Academy administration"),
    "SITE_URL": "/",
    "SITE_SYMBOL": "school",
    "SITE_FAVICONS": [
        {
            "rel": "icon",
            "sizes": "192x192",
            "type": "image/png",
            "href": lambda request: static("icons/icon-192.png"),
        },
    ],
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": True,
    "SHOW_BACK_BUTTON": True,
    "ENVIRONMENT": "admin_ext.callbacks.environment_callback",
    "DASHBOARD_CALLBACK": "admin_ext.callbacks.dashboard_callback",
    "COLORS": {
        "primary": {
            "50": "oklch(97% .014 254.604)",
            "100": "oklch(93.2% .032 255.585)",
            "200": "oklch(88.2% .059 254.128)",
            "300": "oklch(80.9% .105 251.813)",
            "400": "oklch(70.7% .165 254.624)",
            "500": "oklch(62.3% .214 259.815)",
            "600": "oklch(54.6% .245 262.881)",
            "700": "oklch(48.8% .243 264.376)",
            "800": "oklch(42.4% .199 265.638)",
            "900": "oklch(37.9% .146 265.522)",
            "950": "oklch(28.2% .091 267.935)",
        },
    },
    "SIDEBAR": {
        "show_search": True,
        "command_search": True,
        "show_all_applications": False,
        # Each console module (admin_ext/<context>.py or package) declares its groups in SIDEBAR.
        "navigation": "admin_ext.callbacks.sidebar_navigation",
    },
}
