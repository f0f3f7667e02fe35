"""The console's learning pages: enrollments (revoke, reactivate, add) and completions."""

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import StudentFactory
from lms.learning.models import Enrollment, EnrollmentStatus, TaskCompletion
from lms.learning.tests.factories import (
    EnrollmentFactory,
    complete_lessons,
    lessons_in_order,
    three_module_course,
)

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:learning_enrollment_changelist"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_enrollments_list_searches_and_filters(admin_client):
    course = three_module_course(title="Django deep dive")
    EnrollmentFactory(
        course=course, user=StudentFactory(email="asha@example.com", full_name="Asha Rao")
    )
    EnrollmentFactory(
        user=StudentFactory(email="ravi@example.com"), status=EnrollmentStatus.REVOKED
    )
    html = admin_client.get(reverse(CHANGELIST), {"q": "Asha"}).content.decode()
    assert "asha@example.com" in html and "ravi@example.com" not in html
    html = admin_client.get(reverse(CHANGELIST), {"q": "Django deep"}).content.decode()
    assert "asha@example.com" in html and "ravi@example.com" not in html
    html = admin_client.get(reverse(CHANGELIST), {"status__exact": "revoked"}).content.decode()
    assert "ravi@example.com" in html and "asha@example.com" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_enrollments_list_query_count_is_constant(
    admin_client, django_assert_max_num_queries, count
):
    EnrollmentFactory.create_batch(count)
    with django_assert_max_num_queries(16):
        assert admin_client.get(reverse(CHANGELIST)).status_code == 200


def test_revoke_then_reactivate_keeps_progress(admin_client):
    course = three_module_course()
    enrollment = EnrollmentFactory(course=course)
    complete_lessons(enrollment.user, lessons_in_order(course)[:1])
    data = {"action": "revoke_selected", "_selected_action": [enrollment.pk], "index": 0}
    admin_client.post(reverse(CHANGELIST), data)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.REVOKED
    admin_client.post(reverse(CHANGELIST), {**data, "action": "reactivate_selected"})
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert TaskCompletion.objects.filter(user=enrollment.user).count() == 2


def test_detail_actions(admin_client):
    enrollment = EnrollmentFactory()
    url = reverse("admin:learning_enrollment_revoke_detail", args=[enrollment.pk])
    assert admin_client.post(url).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.REVOKED
    admin_client.post(reverse("admin:learning_enrollment_reactivate_detail", args=[enrollment.pk]))
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE


def test_admin_enrolls_someone_and_is_told_about_duplicates(admin_client):
    course = three_module_course()
    student = StudentFactory()
    data = {"user": student.pk, "course": course.pk, "source": "admin"}
    response = admin_client.post(reverse("admin:learning_enrollment_add"), data)
    assert response.status_code == 302
    assert Enrollment.objects.get(user=student, course=course).status == EnrollmentStatus.ACTIVE
    response = admin_client.post(reverse("admin:learning_enrollment_add"), data)
    assert response.status_code == 200
    assert "already enrolled" in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_completions_are_read_only(admin_client):
    course = three_module_course()
    enrollment = EnrollmentFactory(course=course)
    complete_lessons(enrollment.user, lessons_in_order(course)[:1])
    assert admin_client.get(reverse("admin:learning_taskcompletion_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:learning_taskcompletion_add")).status_code == 403
    completion = TaskCompletion.objects.first()
    url = reverse("admin:learning_taskcompletion_delete", args=[completion.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403


def test_instructors_and_students_cannot_open_learning_pages(client, instructor, student):
    client.force_login(instructor)
    for name in (
        CHANGELIST,
        "admin:learning_taskcompletion_changelist",
        "admin:learning_lessonprogress_changelist",
    ):
        assert client.get(reverse(name)).status_code == 403
    client.force_login(student)
    assert client.get(reverse(CHANGELIST)).status_code == 302  # the console's login page
