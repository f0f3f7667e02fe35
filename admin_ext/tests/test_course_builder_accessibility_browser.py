"""The course builder (the roadmap tree on the course's change page) against WCAG 2.1 A/AA,
checked by axe-core in Chromium on a phone, in the light and the dark theme (unfold follows
the system's scheme by default). axe is scoped to the builder's own section: the rest of the
page is unfold's, outside this project's markup."""

import json

import pytest

from lms.accounts.tests.factories import AdminFactory
from lms.catalog.models import Lesson, Module, Task, TaskKind
from lms.catalog.tests.factories import CourseFactory
from tests.test_accessibility_browser import AXE_JS, PHONE, TIMEOUT_MS, WCAG_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_ON_BUILDER = """
(tags) => axe.run({include: [['#course-builder']]}, {
  runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations'],
}).then(result => result.violations.map(violation => ({
  id: violation.id,
  impact: violation.impact,
  help: violation.help,
  targets: violation.nodes.map(node => node.target.join(' ')),
})))
"""


def _course_with_a_roadmap():
    course = CourseFactory(title="Python 101", draft=True)
    for module_position, module_title in enumerate(["Basics", "Loops"], start=1):
        module = Module.objects.create(course=course, title=module_title, position=module_position)
        for lesson_position in (1, 2):
            lesson = Lesson.objects.create(
                module=module, title=f"{module_title} {lesson_position}", position=lesson_position
            )
            Task.objects.create(lesson=lesson, title="Read", kind=TaskKind.READ, position=1)
    return course


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_builder_has_no_wcag_violations(scheme, live_server, chromium_browser, sign_in_browser):
    course = _course_with_a_roadmap()
    context = chromium_browser.new_context(
        viewport=PHONE, color_scheme=scheme, bypass_csp=True, locale="en-US"
    )
    sign_in_browser(context, AdminFactory())
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(f"{live_server.url}/admin/catalog/course/{course.pk}/change/")
        page.locator("#course-builder").wait_for()
        assert "dark" in (page.locator("html").get_attribute("class") or "") or scheme == "light"
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(AXE_ON_BUILDER, WCAG_TAGS)
    finally:
        context.close()
    assert violations == [], json.dumps(violations, indent=2)
