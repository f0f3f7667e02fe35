import pytest
from django.urls import reverse

from lms.catalog.tests.factories import CourseFactory
from lms.core.models import SiteContent

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_admins_words_and_published_courses(client):
    content = SiteContent.objects.get()
    content.headline_en = "Become a data engineer"
    content.save()
    CourseFactory(title="Spark from scratch")
    CourseFactory(title="Secret draft", draft=True)
    html = client.get("/").content.decode()
    assert "Become a data engineer" in html
    assert "Spark from scratch" in html
    assert "Secret draft" not in html
    assert "{#" not in html and "{%" not in html  # no template source shows on the page


def test_home_page_invites_to_come_back_when_nothing_is_published(client):
    html = client.get("/").content.decode()
    assert "No courses are published yet" in html


def test_home_page_query_count_does_not_grow_with_courses(client, django_assert_max_num_queries):
    CourseFactory.create_batch(2)
    with django_assert_max_num_queries(10) as few:
        client.get("/")
    CourseFactory.create_batch(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


def test_admin_edits_the_home_page_text(client, admin_user):
    client.force_login(admin_user)
    content = SiteContent.objects.get()
    response = client.post(
        reverse("admin:core_sitecontent_change", args=[content.pk]),
        {
            "headline_en": "New words",
            "introduction_en": "Intro",
            "headline_hi": "नए शब्द",
            "introduction_hi": "परिचय",
        },
    )
    assert response.status_code == 302
    assert "New words" in client.get("/").content.decode()


def test_student_dashboard_lists_courses_with_next_step(client, student):
    from lms.catalog.tests.factories import build_course
    from lms.learning.services import enrollment_create

    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1, title="Rust basics")
    enrollment_create(user=student, course=course, source="admin")
    client.force_login(student)
    html = client.get("/app/").content.decode()
    assert "Rust basics" in html and "<progress" in html
    assert "/app/orders/" in html
