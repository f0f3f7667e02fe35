"""The student app's navigation as data: the five tabs and the "Me" menu.

One list, rendered once by templates/includes/app_nav.html: a bottom tab bar on phones and
the top bar on wider screens (static/css/app.css, "App navigation"). A new page adds a row to
`TABS` (rarely: five fit a phone) or to `MENU` (the "Me" menu); nothing in base.html changes.

A row's `url_names` are tried in order; the first that exists is the link. The "Alerts" tab
is the notification bell: its unread badge is kept live by static/js/notifications.js.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_names: tuple[str, ...]
    icon: str  # templates/includes/icons/<icon>.svg
    # Paths under which this item is "current"; the item's own URL when empty.
    prefixes: tuple[str, ...] = ()
    staff_only: bool = False


TABS: list[NavItem] = [
    NavItem("home", _("Home"), ("student_pwa:home",), "home"),
    NavItem("courses", _("Courses"), ("student_pwa:course_list",), "catalog", ("/courses/",)),
    NavItem("learn", _("Learn"), ("student_pwa:my_courses",), "book", ("/app/courses/",)),
    NavItem(
        "alerts",
        _("Alerts"),
        ("student_pwa:notifications",),
        "bell",
        ("/app/notifications/",),
    ),
]

MENU: list[NavItem] = [
    NavItem("profile", _("Profile"), ("student_pwa:profile",), "user"),
    NavItem(
        "assignments",
        _("Assignments"),
        ("student_pwa:my_assignments",),
        "clipboard",
        ("/app/assignments/",),
    ),
    NavItem("daily_work", _("Daily work"), ("student_pwa:daily_work",), "pencil"),
    NavItem("meetings", _("Meetings"), ("student_pwa:meetings",), "video", ("/app/meetings/",)),
    NavItem("groups", _("My groups"), ("student_pwa:my_groups",), "users", ("/app/groups/",)),
    NavItem("chat", _("Chat"), ("student_pwa:chat",), "chat", ("/app/chat/",)),
    NavItem("leaderboard", _("Leaderboard"), ("student_pwa:leaderboard",), "trophy"),
    NavItem("points", _("My points and badges"), ("student_pwa:my_points",), "star"),
    NavItem("certificates", _("Certificates"), ("student_pwa:my_certificates",), "award"),
    NavItem("mentor", _("Mentor"), ("student_pwa:mentor",), "sparkle", ("/app/mentor/",)),
    NavItem("resume", _("Resume"), ("student_pwa:resume",), "file"),
    NavItem("orders", _("My orders"), ("student_pwa:order_list",), "receipt"),
    NavItem("console", _("Console"), ("admin:index",), "gauge", ("/admin/",), staff_only=True),
]


@cache
def icon_markup(name: str) -> SafeString:
    """An icon's SVG (templates/includes/icons/<name>.svg, plain markup), read once per
    process: seventeen `{% include %}`s on every signed-in page cost more than the page's
    own panels."""
    return render_to_string(f"includes/icons/{name}.svg")


def _url(item: NavItem) -> str | None:
    return _first_url(item.url_names, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@cache
def _first_url(names: tuple[str, ...], _prefix: str, _urlconf) -> str | None:
    """The first of `names` that reverses; remembered per script prefix and URLconf (the
    only inputs of `reverse` here), so the seventeen rows cost no reversing per page."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _resolve(items: list[NavItem], request: HttpRequest) -> list[dict]:
    path = request.path
    user = request.user
    rows = []
    for item in items:
        if item.staff_only and not user.is_staff:
            continue
        url = _url(item)
        if url is None:
            continue
        prefixes = item.prefixes or (url,)
        current = any(
            path == prefix if prefix == url and not item.prefixes else path.startswith(prefix)
            for prefix in prefixes
        )
        rows.append(
            {
                "key": item.key,
                "label": item.label,
                "url": url,
                "icon": icon_markup(item.icon),
                "current": current,
            }
        )
    return rows


def app_navigation(request: HttpRequest) -> dict:
    """Context processor: `app_tabs` and `app_menu` for a signed-in user, else nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    tabs = _resolve(TABS, request)
    menu = _resolve(MENU, request)
    # "Alerts" stays current on its fallback (the dashboard) only when Home is not.
    seen_current = False
    for row in tabs:
        if row["current"] and seen_current:
            row["current"] = False
        seen_current = seen_current or row["current"]
    return {"app_tabs": tabs, "app_menu": menu, "app_menu_current": any(r["current"] for r in menu)}
