from decimal import Decimal

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import InstructorFactory
from lms.catalog import services
from lms.catalog.models import CourseLevel, InstructorApplication, Lesson
from lms.catalog.tests.factories import CourseFactory, LessonDocumentFactory, build_course

pytestmark = pytest.mark.django_db

CATALOG = reverse("student_pwa:course_list")


def test_guest_sees_the_syllabus_but_never_content(client):
    teacher = InstructorFactory(full_name="Asha Rao")
    course = build_course(
        modules=2,
        lessons_per_module=2,
        tasks_per_lesson=3,
        instructors=[teacher],
        title="SQL Basics",
        description="<p>Learn SQL</p><script>alert(1)</script>",
    )
    lesson = Lesson.objects.filter(module__course=course).first()
    lesson.video_url = "https://videos.example.com/secret.mp4"
    lesson.save()
    document = LessonDocumentFactory(lesson=lesson)

    response = client.get(reverse("student_pwa:course_detail", args=[course.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "SQL Basics" in html and "Module 1" in html and "Lesson 2.2" in html
    assert "3 tasks" in html and "10 min" in html
    assert (
        "Asha Rao" in html and reverse("student_pwa:instructor_detail", args=[teacher.pk]) in html
    )
    assert "Secret lesson body" not in html
    assert "secret.mp4" not in html
    assert document.file.name not in html and "/media/private" not in html
    assert "<script>alert" not in html
    assert 'property="og:title" content="SQL Basics"' in html
    assert 'property="og:type" content="article"' in html
    assert 'name="description"' in html
    assert "Free" in html
    # The enroll panel is included and invites guests to sign up.
    assert reverse("account_signup") in html


def test_course_page_price_in_rupees_and_404_for_drafts(client, instructor):
    paid = CourseFactory(paid=True, price=Decimal("4999.00"))
    html = client.get(reverse("student_pwa:course_detail", args=[paid.slug])).content.decode()
    assert "₹4,999" in html

    draft = CourseFactory(draft=True, instructors=[instructor])
    url = reverse("student_pwa:course_detail", args=[draft.slug])
    assert client.get(url).status_code == 404
    client.force_login(InstructorFactory())  # teaches something else
    assert client.get(url).status_code == 404
    services.course_permissions_sync(course=draft)
    client.force_login(instructor)
    response = client.get(url)
    assert response.status_code == 200 and "Preview" in response.content.decode()


def test_catalog_lists_only_published_with_search_filters_and_sort(client):
    CourseFactory(title="Python Basics", level=CourseLevel.BEGINNER, domain="Programming")
    CourseFactory(
        title="Advanced Django",
        level=CourseLevel.ADVANCED,
        domain="Web",
        paid=True,
        price=Decimal("900"),
    )
    CourseFactory(title="Hidden Draft", draft=True)

    html = client.get(CATALOG).content.decode()
    assert "Python Basics" in html and "Advanced Django" in html and "Hidden Draft" not in html
    assert 'property="og:url"' in html

    html = client.get(CATALOG, {"q": "django"}).content.decode()
    assert "Advanced Django" in html and "Python Basics" not in html
    html = client.get(CATALOG, {"level": "beginner"}).content.decode()
    assert "Python Basics" in html and "Advanced Django" not in html
    html = client.get(CATALOG, {"price": "paid"}).content.decode()
    assert "Advanced Django" in html and "Python Basics" not in html
    html = client.get(CATALOG, {"max_price": "500"}).content.decode()
    assert "Python Basics" in html and "Advanced Django" not in html
    html = client.get(CATALOG, {"domain": "Web"}).content.decode()
    assert "Advanced Django" in html and "Python Basics" not in html
    html = client.get(CATALOG, {"sort": "price_desc"}).content.decode()
    assert html.index("Advanced Django") < html.index("Python Basics")
    html = client.get(CATALOG, {"q": "nothing-like-this"}).content.decode()
    assert "No course matches these filters." in html


def test_catalog_htmx_request_gets_only_the_results_fragment(client):
    CourseFactory(title="Python Basics")
    response = client.get(
        CATALOG, {"q": "python"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="course-results"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section id="course-results"')
    assert "<form" not in html and "Python Basics" in html
    assert "HX-Request" in response["Vary"]


def test_empty_catalog_invites_staff_but_not_guests(client, admin_user):
    html = client.get(CATALOG).content.decode()
    assert "No courses published yet." in html
    assert reverse("admin:catalog_course_add") not in html
    client.force_login(admin_user)
    assert reverse("admin:catalog_course_add") in client.get(CATALOG).content.decode()


def test_catalog_paginates(client):
    CourseFactory.create_batch(14)
    first = client.get(CATALOG).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(CATALOG, {"page": 2}).content.decode()
    assert second.count('class="card course-card"') == 2


def _catalog_queries(client, django_assert_max_num_queries, count):
    teacher = InstructorFactory()
    for _index in range(count):
        build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1, instructors=[teacher])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(CATALOG).status_code == 200
    return len(captured)


def test_catalog_query_count_does_not_grow_with_courses(client, django_assert_max_num_queries):
    few = _catalog_queries(client, django_assert_max_num_queries, 5)
    many = _catalog_queries(client, django_assert_max_num_queries, 95)  # 100 in all
    assert few == many
    assert many <= 8


def test_instructor_pages_list_only_those_with_published_courses(client):
    shown = InstructorFactory(full_name="Shown Teacher")
    hidden = InstructorFactory(full_name="Hidden Teacher")
    CourseFactory(title="Public Course", instructors=[shown])
    CourseFactory(draft=True, instructors=[hidden])

    html = client.get(reverse("student_pwa:instructor_list")).content.decode()
    assert "Shown Teacher" in html and "Hidden Teacher" not in html
    response = client.get(reverse("student_pwa:instructor_detail", args=[shown.pk]))
    assert response.status_code == 200 and "Public Course" in response.content.decode()
    assert client.get(reverse("student_pwa:instructor_detail", args=[hidden.pk])).status_code == 404


def test_student_applies_to_teach_and_sees_the_status(client, student):
    url = reverse("student_pwa:teach_apply")
    assert client.get(url).status_code == 302  # guests go to log in
    client.force_login(student)
    assert "Send application" in client.get(url).content.decode()
    response = client.post(url, {"expertise": "Data science", "motivation": "I mentor juniors."})
    assert response.status_code == 302
    application = InstructorApplication.objects.get(user=student)
    assert application.status == "pending"
    html = client.get(url).content.decode()
    assert "waiting for review" in html and "Send application" not in html
    # A second application while one is pending is refused.
    client.post(url, {"expertise": "Again", "motivation": "Again"})
    assert InstructorApplication.objects.filter(user=student).count() == 1
