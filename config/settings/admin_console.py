"""The admin console's look and navigation, declared as data (django-unfold's UNFOLD setting).

Each later context adds its section to SIDEBAR["navigation"]; callbacks live in
admin_ext/callbacks.py and are referenced by dotted path.
"""

from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

ADMINS_ONLY = "admin_ext.callbacks.is_admin"

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
        "navigation": [
            {
                "title": _("Overview"),
                "items": [
                    {
                        "title": _("Dashboard"),
                        "icon": "dashboard",
                        "link": reverse_lazy("admin:index"),
                    },
                    {
                        "title": _("Home page text"),
                        "icon": "home",
                        "link": reverse_lazy("admin:core_sitecontent_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                ],
            },
            {
                "title": _("Courses"),
                "collapsible": False,
                "items": [
                    {
                        "title": _("Courses"),
                        "icon": "school",
                        "link": reverse_lazy("admin:catalog_course_changelist"),
                        "permission": "admin_ext.catalog.can_author",
                    },
                    {
                        "title": _("Modules"),
                        "icon": "view_module",
                        "link": reverse_lazy("admin:catalog_module_changelist"),
                        "permission": "admin_ext.catalog.can_author",
                    },
                    {
                        "title": _("Lessons"),
                        "icon": "menu_book",
                        "link": reverse_lazy("admin:catalog_lesson_changelist"),
                        "permission": "admin_ext.catalog.can_author",
                    },
                    {
                        "title": _("Instructor applications"),
                        "icon": "how_to_reg",
                        "link": reverse_lazy("admin:catalog_instructorapplication_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                ],
            },
            {
                "title": _("Sales"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Coupons"),
                        "icon": "sell",
                        "link": reverse_lazy("admin:commerce_coupon_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                    {
                        "title": _("Orders"),
                        "icon": "receipt_long",
                        "link": reverse_lazy("admin:commerce_order_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                    {
                        "title": _("Webhook events"),
                        "icon": "webhook",
                        "link": reverse_lazy("admin:commerce_webhookevent_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                ],
            },
            {
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
                "title": _("Learning"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Enrollments"),
                        "icon": "how_to_reg",
                        "link": reverse_lazy("admin:learning_enrollment_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                    {
                        "title": _("Task completions"),
                        "icon": "task_alt",
                        "link": reverse_lazy("admin:learning_taskcompletion_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                    {
                        "title": _("Video positions"),
                        "icon": "play_circle",
                        "link": reverse_lazy("admin:learning_lessonprogress_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                ],
            },
            {
                "title": _("Meetings"),
                "collapsible": True,
                "items": [
                    {
                        "title": _("Meetings"),
                        "icon": "event",
                        "link": reverse_lazy("admin:meetings_meeting_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                    {
                        "title": _("Attendance export"),
                        "icon": "download",
                        "link": reverse_lazy("admin:meetings_meeting_export"),
                        "permission": ADMINS_ONLY,
                    },
                    {
                        "title": _("Interview feedback"),
                        "icon": "rate_review",
                        "link": reverse_lazy("admin:meetings_interviewfeedback_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                    {
                        "title": _("Interview criteria"),
                        "icon": "checklist",
                        "link": reverse_lazy("admin:meetings_feedbackcriterion_changelist"),
                        "permission": ADMINS_ONLY,
                    },
                ],
            },
            {
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
        ],
    },
}
