"""Every console save goes through the context's service, so the service's rules hold in
the console too: one test per model admin, each posting the change form as an admin does."""

from unittest import mock

import pytest
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from lms.accounts.models import Cohort, CohortMembership, Role, User
from lms.accounts.tests.factories import AdminFactory, CohortFactory, StudentFactory
from lms.catalog import services as catalog_services
from lms.catalog.models import Lesson, Task
from lms.catalog.tests.factories import CourseFactory, build_course
from lms.commerce.models import Coupon
from lms.core.errors import ConflictError
from lms.core.models import SiteContent
from lms.core.services import site_content_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    person = AdminFactory()
    client.force_login(person)
    return person


def _errors(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Coupons --------------------------------------------------------------------------------


def _coupon_form(**overrides):
    data = {
        "code": "SPRING",
        "discount_type": "percent",
        "value": "50",
        "active": "on",
        "scope": "all",
        "valid_from_0": "",
        "valid_from_1": "",
        "expires_at_0": "",
        "expires_at_1": "",
        "max_redemptions": "",
        "per_user_limit": "1",
        "batch": "",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_console_coupon_is_created_by_coupon_create_with_its_code_normalized(client, admin):
    response = client.post(reverse("admin:commerce_coupon_add"), _coupon_form(code="  spring-10 "))
    assert response.status_code == 302, response.content.decode()[:3000]
    coupon = Coupon.objects.get()
    assert coupon.code == "SPRING-10" and coupon.created_by == admin


def test_console_coupon_with_a_course_scope_needs_courses(client, admin):
    html = _errors(client.post(reverse("admin:commerce_coupon_add"), _coupon_form(scope="courses")))
    assert "Pick the courses these coupons apply to." in html
    assert not Coupon.objects.exists()


def test_console_coupon_code_in_use_is_a_sentence_on_the_form(client, admin):
    Coupon.objects.create(code="SPRING", value=10, created_by=admin)
    html = _errors(client.post(reverse("admin:commerce_coupon_add"), _coupon_form(code="spring ")))
    assert "This code is already in use." in html
    assert Coupon.objects.count() == 1


def test_console_coupon_code_with_spaces_inside_is_refused(client, admin):
    html = _errors(
        client.post(reverse("admin:commerce_coupon_add"), _coupon_form(code="TWO WORDS"))
    )
    assert "A code may contain only letters, digits and dashes." in html
    assert not Coupon.objects.exists()


def test_console_coupon_change_keeps_the_course_rule(client, admin):
    coupon = Coupon.objects.create(code="SPRING", value=10, created_by=admin)
    url = reverse("admin:commerce_coupon_change", args=[coupon.pk])
    html = _errors(client.post(url, _coupon_form(scope="courses")))
    assert "Pick the courses these coupons apply to." in html
    course = CourseFactory()
    response = client.post(url, _coupon_form(scope="courses", courses=[course.pk]))
    assert response.status_code == 302
    coupon.refresh_from_db()
    assert coupon.scope == "courses" and list(coupon.courses.all()) == [course]


# --- Users ----------------------------------------------------------------------------------


def _user_form(user: User, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "phone": "",
        "college": "",
        "domain": "",
        "branch": "",
        "year": "",
        "skills": "[]",
        "timezone": user.timezone,
        "preferred_language": user.preferred_language,
        "cohort_memberships-TOTAL_FORMS": "0",
        "cohort_memberships-INITIAL_FORMS": "0",
        "cohort_memberships-MIN_NUM_FORMS": "0",
        "cohort_memberships-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_disabling_a_user_in_the_change_form_revokes_their_app_sign_ins(client, admin):
    student = StudentFactory()
    token = RefreshToken.for_user(student)
    response = client.post(
        reverse("admin:accounts_user_change", args=[student.pk]),
        _user_form(student, is_active=None, full_name="Renamed"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    student.refresh_from_db()
    assert not student.is_active and student.full_name == "Renamed"
    assert BlacklistedToken.objects.filter(token__jti=token["jti"]).exists()


def test_an_admin_cannot_take_their_own_admin_role_in_the_change_form(client, admin):
    url = reverse("admin:accounts_user_change", args=[admin.pk])
    html = _errors(client.post(url, _user_form(admin, role=Role.STUDENT, full_name="Changed")))
    assert "You cannot take the admin role away from yourself." in html
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN and admin.is_superuser
    assert admin.full_name != "Changed"  # nothing of the refused save is kept


def test_an_admin_cannot_disable_themselves_in_the_change_form(client, admin):
    url = reverse("admin:accounts_user_change", args=[admin.pk])
    html = _errors(client.post(url, _user_form(admin, is_active=None)))
    assert "You cannot disable your own account." in html
    admin.refresh_from_db()
    assert admin.is_active


def test_role_change_in_the_change_form_goes_through_the_service(client, admin):
    student = StudentFactory()
    url = reverse("admin:accounts_user_change", args=[student.pk])
    with mock.patch(
        "lms.accounts.services.user_role_set", wraps=services_user_role_set()
    ) as role_set:
        response = client.post(url, _user_form(student, role=Role.INSTRUCTOR))
    assert response.status_code == 302
    role_set.assert_called_once()
    student.refresh_from_db()
    assert student.role == Role.INSTRUCTOR and student.is_staff


def services_user_role_set():
    from lms.accounts.services import user_role_set

    return user_role_set


# --- Groups ---------------------------------------------------------------------------------


def _cohort_form(name: str, **rows):
    data = {
        "name": name,
        "description": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(rows)
    return data


def test_a_group_name_is_free_whatever_its_case(client, admin):
    CohortFactory(name="Batch July")
    html = _errors(client.post(reverse("admin:accounts_cohort_add"), _cohort_form(" batch july ")))
    assert "A group with this name already exists." in html
    assert Cohort.objects.count() == 1


def test_group_members_join_and_leave_through_the_services(client, admin):
    cohort = CohortFactory(name="Batch July")
    staying, leaving, joining = StudentFactory.create_batch(3)
    kept = CohortMembership.objects.create(cohort=cohort, user=staying)
    gone = CohortMembership.objects.create(cohort=cohort, user=leaving)
    rows = {
        "memberships-TOTAL_FORMS": "3",
        "memberships-INITIAL_FORMS": "2",
        "memberships-0-id": str(kept.pk),
        "memberships-0-cohort": str(cohort.pk),
        "memberships-0-user": str(staying.pk),
        "memberships-1-id": str(gone.pk),
        "memberships-1-cohort": str(cohort.pk),
        "memberships-1-user": str(leaving.pk),
        "memberships-1-DELETE": "on",
        "memberships-2-cohort": str(cohort.pk),
        "memberships-2-user": str(joining.pk),
    }
    with (
        mock.patch(
            "lms.accounts.services.cohort_add_members", wraps=_service("cohort_add_members")
        ) as add,
        mock.patch(
            "lms.accounts.services.cohort_remove_members", wraps=_service("cohort_remove_members")
        ) as remove,
    ):
        response = client.post(
            reverse("admin:accounts_cohort_change", args=[cohort.pk]),
            _cohort_form(" Batch July ", **rows),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert add.call_args.kwargs["user_ids"] == [joining.pk]
    assert remove.call_args.kwargs["user_ids"] == [leaving.pk]
    assert set(cohort.memberships.values_list("user_id", flat=True)) == {staying.pk, joining.pk}


def _service(name: str):
    from lms.accounts import services

    return getattr(services, name)


# --- Home page text -------------------------------------------------------------------------


def test_home_page_text_is_saved_by_its_service_and_stays_one_row(client, admin):
    SiteContent.objects.all().delete()
    data = {
        "headline_en": "Learn by building",
        "introduction_en": "Courses with projects.",
        "headline_hi": "",
        "introduction_hi": "",
        "_save": "Save",
    }
    with mock.patch("lms.core.services.site_content_save", wraps=site_content_save) as save:
        response = client.post(reverse("admin:core_sitecontent_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    save.assert_called_once()
    content = SiteContent.objects.get()
    assert content.headline_en == "Learn by building"
    with pytest.raises(ConflictError):
        site_content_save(content=SiteContent(headline="Second", introduction="No"))


# --- Roadmap --------------------------------------------------------------------------------


def test_lesson_body_saved_in_the_console_is_sanitized_by_the_service(client, admin):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=0)
    lesson = Lesson.objects.get(module__course=course)
    data = {
        "module": str(lesson.module_id),
        "estimated_minutes": "5",
        "title_en": lesson.title_en,
        "title_hi": "",
        "body_en": '<p onclick="steal()">Hello</p><script>steal()</script>',
        "body_hi": '<p onclick="steal()">नमस्ते</p><script>steal()</script>',
        "video_url": "",
        "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    response = client.post(reverse("admin:catalog_lesson_change", args=[lesson.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    lesson.refresh_from_db()
    assert (lesson.body_en, lesson.body_hi) == ("<p>Hello</p>", "<p>नमस्ते</p>")


def test_module_page_lesson_rows_are_saved_through_lesson_save(client, admin):
    """A lesson renamed in its module's inline is stored by `lesson_save`, which sanitizes
    the body even though the row does not show it (text stored before the sanitizer)."""
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=0)
    module = course.modules.get()
    first, second = module.lessons.order_by("position")
    Lesson.objects.filter(pk=first.pk).update(body='<img src=x onerror="steal()">')
    rows = {
        "course": str(course.pk),
        "title_en": module.title_en,
        "title_hi": "",
        "lessons-TOTAL_FORMS": "2",
        "lessons-INITIAL_FORMS": "2",
        "lessons-MIN_NUM_FORMS": "0",
        "lessons-MAX_NUM_FORMS": "1000",
        "lessons-0-id": str(first.pk),
        "lessons-0-module": str(module.pk),
        "lessons-0-title_en": "Renamed",
        "lessons-0-title_hi": "",
        "lessons-0-estimated_minutes": "5",
        "lessons-0-position": "1",
        "lessons-1-id": str(second.pk),
        "lessons-1-module": str(module.pk),
        "lessons-1-title_en": second.title_en,
        "lessons-1-title_hi": "",
        "lessons-1-estimated_minutes": "5",
        "lessons-1-position": "2",
        "lessons-1-DELETE": "on",
        "_save": "Save",
    }
    with mock.patch.object(
        catalog_services, "lesson_delete", wraps=catalog_services.lesson_delete
    ) as delete:
        response = client.post(reverse("admin:catalog_module_change", args=[module.pk]), rows)
    assert response.status_code == 302, response.content.decode()[:3000]
    delete.assert_called_once()
    first.refresh_from_db()
    assert first.title_en == "Renamed" and "onerror" not in first.body
    assert not Lesson.objects.filter(pk=second.pk).exists()


def test_lesson_page_task_rows_are_saved_through_the_task_services(client, admin):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    lesson = Lesson.objects.get(module__course=course)
    old_task = lesson.tasks.get()
    data = {
        "module": str(lesson.module_id),
        "estimated_minutes": "5",
        "title_en": lesson.title_en,
        "title_hi": "",
        "body": "<p>x</p>",
        "video_url": "",
        "tasks-TOTAL_FORMS": "2",
        "tasks-INITIAL_FORMS": "1",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "tasks-0-id": str(old_task.pk),
        "tasks-0-lesson": str(lesson.pk),
        "tasks-0-title_en": old_task.title_en,
        "tasks-0-title_hi": "",
        "tasks-0-kind": old_task.kind,
        "tasks-0-position": "1",
        "tasks-0-DELETE": "on",
        "tasks-1-lesson": str(lesson.pk),
        "tasks-1-title_en": "Read the chapter",
        "tasks-1-title_hi": "",
        "tasks-1-kind": "read",
        "tasks-1-position": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    with (
        mock.patch.object(catalog_services, "task_save", wraps=catalog_services.task_save) as save,
        mock.patch.object(
            catalog_services, "task_delete", wraps=catalog_services.task_delete
        ) as delete,
    ):
        response = client.post(reverse("admin:catalog_lesson_change", args=[lesson.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert save.call_count == 1 and delete.call_count == 1
    assert list(Task.objects.filter(lesson=lesson).values_list("title_en", "position")) == [
        ("Read the chapter", 1)
    ]
