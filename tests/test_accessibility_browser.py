"""The student PWA against WCAG 2.1 A/AA, checked by axe-core in Chromium.

The pages a guest and a signed-in, enrolled student use (home, catalogue, course pages,
instructors, login and signup, also showing their errors, a toast, the student home, my
courses, a roadmap, a lesson, orders and a receipt) are opened on a phone viewport (390x844)
in the light and in the dark theme, with real data built by the factories. axe-core
(tests/vendor/axe-core, from the npm package, for tests only) must report no violation of
the wcag2a, wcag2aa, wcag21a and wcag21aa rules nor of a few structural best-practice rules
(headings, landmarks, ids); two checks axe does not make (placeholder contrast, reflow)
must pass too.

The themes are set the two ways a visitor gets them (static/js/theme.js): the light run
saves `theme=light` in localStorage while the system prefers dark (the saved choice must
win), the dark run follows a system that prefers dark with nothing saved. Each run also
shows that the other way to its theme (system light; `theme=dark` saved on a light system)
yields exactly the same colour tokens, so what was checked holds for both.

The browser context bypasses the Content-Security-Policy only so that the test can inject
axe; the pages themselves are unchanged.

axe leaves a few colour pairs "incomplete" (text on the hero's gradient, text beside the
roadmap's step dots, the receipt link scrolled out of the orders table); these were measured
by hand against every background they can sit on: at least 6.1:1 light and 8.1:1 dark.
"""

from pathlib import Path

import pytest

from lms.accounts.tests.factories import PASSWORD, InstructorFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory, LessonDocumentFactory, build_course
from lms.commerce.models import OrderStatus
from lms.commerce.tests.factories import OrderFactory
from lms.learning.tests.factories import (
    EnrollmentFactory,
    TaskCompletionFactory,
    complete_lessons,
    lessons_in_order,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# axe's structural "best-practice" rules, enabled on top of the WCAG tags: they are not
# WCAG success criteria by themselves but guard what screen-reader users navigate by
# (one main landmark, everything inside a landmark, headings that do not skip levels,
# unique ids). axe runs a rule named in `rules` with enabled: true even outside runOnly's tags.
STRUCTURE_RULES = [
    "duplicate-id",
    "duplicate-id-active",
    "empty-heading",
    "empty-table-header",
    "heading-order",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-one-main",
    "landmark-unique",
    "page-has-heading-one",
    "region",
    "skip-link",
]

# The WCAG 2.1 A/AA run, with the result cut down to what a failure message needs
# (axe's full result, with every passing node, is large and slow to send back).
AXE_RUN = """
([tags, structureRules]) => axe.run(document, {
  runOnly: {type: 'tag', values: tags},
  rules: Object.fromEntries(structureRules.map(id => [id, {enabled: true}])),
  resultTypes: ['violations'],
}).then(result => result.violations.map(violation => ({
  id: violation.id,
  impact: violation.impact,
  help: violation.help,
  helpUrl: violation.helpUrl,
  targets: violation.nodes.map(node => node.target.join(' ')),
  summary: violation.nodes.length ? violation.nodes[0].failureSummary : '',
})))
"""

# Two WCAG 2.1 AA checks axe does not make, in the same shape as axe's violations:
# placeholder text contrast (1.4.3: axe skips ::placeholder) and reflow (1.4.10: on a
# phone the page must not scroll sideways; wide tables scroll inside their own region).
EXTRA_CHECKS = """
() => {
  const found = [];
  const channels = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const linear = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.name ? `[name=${el.name}]` : '') +
    [...el.classList].slice(0, 2).map(name => '.' + name).join('');
  const backgroundOf = el => {
    for (let node = el; node; node = node.parentElement) {
      const [r, g, b, a = 1] = channels(getComputedStyle(node).backgroundColor);
      if (a === 1) return [r, g, b];
    }
    return [255, 255, 255];
  };

  const weak = [];
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!el.getClientRects().length || !el.placeholder) continue;
    const style = getComputedStyle(el, '::placeholder');
    const [r, g, b, a = 1] = channels(style.color);
    const alpha = a * Number(style.opacity || 1);
    const bg = backgroundOf(el);
    const fg = [r, g, b].map((c, i) => alpha * c + (1 - alpha) * bg[i]);
    const value = ratio(fg, bg);
    if (value < 4.5) weak.push(`${describe(el)} placeholder ${value.toFixed(2)}:1 (${style.color} on rgb(${bg}))`);
  }
  if (weak.length) found.push({
    id: 'placeholder-contrast', impact: 'serious', help: 'Placeholder text must have 4.5:1 contrast',
    targets: weak, summary: 'WCAG 1.4.3; axe does not check ::placeholder',
  });

  // Whether an ancestor that scrolls or clips sideways holds the element in (an absolutely
  // positioned element escapes every such ancestor below its containing block).
  const contained = el => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return false;
    let node = el.parentElement;
    if (position === 'absolute') {
      while (node && getComputedStyle(node).position === 'static') node = node.parentElement;
    }
    for (; node && node !== document.body; node = node.parentElement) {
      if (getComputedStyle(node).overflowX !== 'visible') return true;
    }
    return false;
  };
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1 && !contained(el))
      .map(describe);
    found.push({
      id: 'reflow', impact: 'serious', help: 'The page must not scroll sideways on a phone',
      targets: wide, summary: `WCAG 1.4.10: ${root.scrollWidth}px of content in ${root.clientWidth}px`,
    });
  }
  return found;
}
"""

# The colour tokens of the theme in force, read from the root element.
THEME_TOKENS = """
() => {
  const style = getComputedStyle(document.documentElement);
  const names = ['--bg', '--surface', '--surface-2', '--surface-3', '--text', '--text-muted',
    '--border', '--border-strong', '--primary', '--on-primary', '--link', '--focus',
    '--danger', '--success', '--warning', '--primary-soft', '--on-primary-soft',
    '--danger-soft', '--on-danger-soft', '--success-soft', '--on-success-soft',
    '--warning-soft', '--on-warning-soft', '--info-soft', '--on-info-soft',
    '--muted-soft', '--on-muted-soft', '--input-bg'];
  return Object.fromEntries(names.map(name => [name, style.getPropertyValue(name).trim()]));
}
"""

# Page background the layout paints in each theme (app.css `--bg`), to prove the theme took.
BODY_BACKGROUND = {"light": "rgb(248, 250, 252)", "dark": "rgb(11, 17, 32)"}

# How each run reaches its theme: (system colour scheme, value saved in localStorage.theme),
# and the other way to the same theme, whose colour tokens must be the same.
THEME_ROUTES = {"light": ("dark", "light"), "dark": ("dark", None)}
OTHER_ROUTES = {"light": ("light", None), "dark": ("light", "dark")}


@pytest.fixture
def world(db):
    """A catalogue with instructors, a paid course, and a student half-way through a course
    with orders in several states."""
    instructor = InstructorFactory(full_name="Ira Instructor")
    course = build_course(
        modules=2,
        lessons_per_module=2,
        tasks_per_lesson=2,
        title="Django for beginners",
        slug="django-for-beginners",
        instructors=[instructor],
    )
    paid = CourseFactory(paid=True, title="Data science", slug="data-science")
    paid.instructors.set([instructor])
    CourseFactory(coupon_only=True, title="Partner course", slug="partner-course")

    student = StudentFactory(full_name="Sam Student")
    EnrollmentFactory(user=student, course=course)
    lessons = lessons_in_order(course)
    complete_lessons(student, lessons[:1])
    # The lesson page shows one task done and one still to do, a document and a link to
    # a video hosted elsewhere.
    lesson = lessons[1]
    TaskCompletionFactory(user=student, task=lesson.tasks.order_by("position").first())
    lesson.body = (
        "<h2>Overview</h2><p>Read <a href='https://docs.djangoproject.com/'>the docs</a>,"
        " then try it.</p><ul><li>One</li><li>Two</li></ul><pre><code>pip install django"
        "</code></pre><blockquote><p>Quote</p></blockquote>"
    )
    lesson.video_url = "https://video.example.com/watch/1"
    lesson.save()
    LessonDocumentFactory(lesson=lesson, title="Cheat sheet")

    order = OrderFactory(user=student, course=paid)
    OrderFactory(user=student, course=paid, status=OrderStatus.FAILED)
    OrderFactory(user=student, course=paid, status=OrderStatus.CREATED)
    OrderFactory(user=student, course=paid, status=OrderStatus.REFUNDED)
    return {
        "student": student,
        "instructor": instructor,
        "course": course,
        "paid": paid,
        "lesson": lesson,
        "order": order,
        **_community(student, course, lesson),
    }


def _community(student, course, lesson) -> dict:
    """A question of the student's with an answer to vote on, and a group of theirs with an
    announcement and a board thread with a reply."""
    from lms.accounts.models import CohortMembership
    from lms.accounts.tests.factories import CohortFactory
    from lms.community.tests.factories import (
        AnnouncementFactory,
        PostFactory,
        answer_to,
        board_thread_in,
        question_in,
    )

    question = question_in(course, author=student, title="Why migrations?", lesson=lesson)
    answer_to(question, body="<p>They record <code>schema</code> changes.</p>")
    group = CohortFactory(name="Evening batch")
    CohortMembership.objects.create(cohort=group, user=student)
    AnnouncementFactory(cohort=group, title="Class moved", body="<p>To Friday.</p>")
    thread = board_thread_in(group, author=student, title="Study partners")
    PostFactory(thread=thread, body="<p>Count me in.</p>")
    return {"question": question, "group": group, "thread": thread}


def _new_page(browser, live_server, *, route: tuple[str, str | None]):
    color_scheme, saved = route
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="en-US",
        color_scheme=color_scheme,
        reduced_motion="reduce",
        bypass_csp=True,  # only so the test can inject axe-core
    )
    context.set_default_timeout(TIMEOUT_MS)
    if saved:
        context.add_init_script(f"window.localStorage.setItem('theme', '{saved}');")
    return context, context.new_page()


def _audit(page, theme: str, label: str) -> list[str]:
    """Run axe on the page as it is now; return one readable line block per violation."""
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == BODY_BACKGROUND[theme], f"{label}: the {theme} theme did not apply"
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(AXE_RUN, [WCAG_TAGS, STRUCTURE_RULES]) + page.evaluate(EXTRA_CHECKS)
    lines = []
    for violation in violations:
        targets = violation["targets"]
        shown = ", ".join(targets[:4]) + (
            f" (+{len(targets) - 4} more)" if len(targets) > 4 else ""
        )
        lines.append(
            f"[{theme}] {label} ({page.url}): {violation['id']} ({violation['impact']}) "
            f"{violation['help']} -> {shown}\n    {violation['summary'].replace(chr(10), ' ')}"
        )
    return lines


def _visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_student_pwa_pages_have_no_wcag_violations(
    live_server, chromium_browser, sign_in_browser, world, theme
):
    base = live_server.url
    course, lesson = world["course"], world["lesson"]
    problems: list[str] = []

    # --- A guest ----------------------------------------------------------------------------
    context, page = _new_page(chromium_browser, live_server, route=THEME_ROUTES[theme])
    try:
        for label, path in [
            ("guest home", "/"),
            ("catalogue", "/courses/"),
            ("course page", f"/courses/{course.slug}/"),
            ("paid course page", f"/courses/{world['paid'].slug}/"),
            ("instructors", "/instructors/"),
            ("login", "/accounts/login/"),
            ("offline page", "/offline/"),
            ("signup", "/accounts/signup/"),
        ]:
            _visit(page, base + path)
            problems += _audit(page, theme, label)

        # The signup form sent empty: the browser's own checks are skipped (novalidate)
        # so the server's error messages show.
        page.locator("form").filter(has=page.locator("input[type=password]")).evaluate(
            "form => { form.noValidate = true; }"
        )
        with page.expect_navigation():
            page.locator("main form button[type=submit]").last.click()
        errors = page.locator(".field__error, .errorlist, .notice--error")
        assert errors.count() > 0, "the empty signup form showed no error"
        problems += _audit(page, theme, "signup with errors")

        # A wrong password, then the right one: the form's error, then the welcome toast.
        _visit(page, base + "/accounts/login/")
        page.locator("input[name=login]").fill(world["student"].email)
        page.locator("input[name=password]").fill("not-the-password")
        page.locator("main form button[type=submit]").first.click()
        page.locator(".notice--error, .field__error, .errorlist").first.wait_for()
        problems += _audit(page, theme, "login with errors")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(f"{base}/app/")
        page.locator(".toast").first.wait_for()
        problems += _audit(page, theme, "student home with a toast")
    finally:
        context.close()

    # --- A signed-in, enrolled student ------------------------------------------------------
    context, page = _new_page(chromium_browser, live_server, route=THEME_ROUTES[theme])
    sign_in_browser(context, world["student"])
    try:
        for label, path in [
            ("student home", "/app/"),
            ("my courses", "/app/courses/"),
            ("roadmap", f"/app/courses/{course.slug}/"),
            ("lesson", f"/app/courses/{course.slug}/lessons/{lesson.pk}/"),
            ("orders", "/app/orders/"),
            ("receipt", f"/app/orders/{world['order'].pk}/"),
            ("instructor", f"/instructors/{world['instructor'].pk}/"),
            ("paid course page, signed in", f"/courses/{world['paid'].slug}/"),
            ("course questions", f"/app/courses/{course.slug}/questions/"),
            ("question", f"/app/questions/{world['question'].pk}/"),
            ("my groups", "/app/groups/"),
            ("group", f"/app/groups/{world['group'].pk}/"),
            ("group thread", f"/app/groups/{world['group'].pk}/threads/{world['thread'].pk}/"),
            ("notifications", "/app/notifications/"),
            ("notification choices", "/app/notifications/preferences/"),
            ("chat", "/app/chat/"),
            ("leaderboard", "/app/leaderboard/"),
            ("my points", "/app/points/"),
            ("my certificates", "/app/certificates/"),
            ("offline page, signed in", "/offline/"),
        ]:
            _visit(page, base + path)
            assert "/accounts/login/" not in page.url, f"{label}: the student was not signed in"
            problems += _audit(page, theme, label)
        # The tab bar's "Me" menu open, and the catalog's filters unfolded.
        _visit(page, base + "/app/")
        page.locator("[data-nav=me]").click()
        problems += _audit(page, theme, "me menu open")
        _visit(page, base + "/courses/")
        page.locator("[data-collapse-toggle]").click()
        problems += _audit(page, theme, "catalogue with filters unfolded")
    finally:
        context.close()

    # The other way to the same theme gives the same colours.
    tokens = []
    for route in (THEME_ROUTES[theme], OTHER_ROUTES[theme]):
        context, page = _new_page(chromium_browser, live_server, route=route)
        _visit(page, base + "/accounts/login/")
        tokens.append(page.evaluate(THEME_TOKENS))
        context.close()
    assert all(tokens[0].values()), f"{theme}: a colour token is missing: {tokens[0]}"
    assert tokens[0] == tokens[1], f"{theme}: the two ways to the theme differ"

    assert not problems, f"{len(problems)} accessibility violation(s):\n" + "\n".join(problems)
