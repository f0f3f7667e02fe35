"""The console sidebar is collected from each context's console module (its SIDEBAR list),
so a new context adds its entry in one place; unfold still applies each item's permission."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from admin_ext import callbacks
from lms.accounts.tests.factories import AdminFactory, InstructorFactory

pytestmark = pytest.mark.django_db


def test_the_sidebar_is_each_console_modules_groups_in_their_order():
    assert settings.UNFOLD["SIDEBAR"]["navigation"] == "admin_ext.callbacks.sidebar_navigation"
    titles = [str(group["title"]) for group in callbacks.sidebar_navigation(None)]
    assert titles == [
        "Overview",
        "Courses",
        "Assessments",
        "Sales",
        "People",
        "Learning",
        "Meetings",
        "Assignments",
        "Community",
        "Chat",
        "Points and badges",
        "Certificates",
        "AI mentor",
        "Reports",
        "Sign-in",
        "Audit",
    ]


def test_a_console_module_adds_its_group_by_declaring_it(monkeypatch):
    import admin_ext.learning

    group = {"order": 51, "title": "Library", "items": [{"title": "Library", "link": "/l/"}]}
    monkeypatch.setattr(admin_ext.learning, "SIDEBAR", [*admin_ext.learning.SIDEBAR, group])
    callbacks._sidebar_groups.cache_clear()
    try:
        titles = [str(group["title"]) for group in callbacks.sidebar_navigation(None)]
    finally:
        callbacks._sidebar_groups.cache_clear()
    assert titles.index("Library") == titles.index("Learning") + 1


def test_each_person_sees_the_entries_their_role_may_use(rf):
    def visible(user) -> set[str]:
        request = rf.get(reverse("admin:index"))
        request.user = user
        return {
            str(item["title"])
            for group in admin.site.get_sidebar_list(request)
            for item in group["items"]
            if item["has_permission"]
        }

    assert {"Courses", "Users", "Coupons", "Home page text"} <= visible(AdminFactory())
    assert visible(InstructorFactory()) == {
        "Dashboard",
        "Courses",
        "Modules",
        "Lessons",
        "Question bank",
        "Question categories",
        "Quizzes and exams",
        "Attempts",
        "Assignments",
        "Review queue",
        "Daily work",
        "Moderation queue",
        "Posts",
        "Study jobs",
        "Lesson summaries",
        "Reports",
        "Report exports",
    }
