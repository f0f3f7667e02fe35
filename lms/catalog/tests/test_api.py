import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.accounts.tests.factories import InstructorFactory
from lms.catalog import services
from lms.catalog.models import Course, CourseLevel, CourseStatus, Lesson, Module, Task
from lms.catalog.tests.factories import CourseFactory, LessonDocumentFactory, build_course

pytestmark = pytest.mark.django_db


def _taught_course(instructor, **fields):
    course = build_course(
        modules=2, lessons_per_module=1, tasks_per_lesson=1, instructors=[instructor], **fields
    )
    services.course_permissions_sync(course=course)
    return course


def test_course_list_filters_search_and_ordering(api_client):
    CourseFactory(title="Python Basics", level=CourseLevel.BEGINNER, domain="Programming")
    CourseFactory(
        title="Django Pro",
        level=CourseLevel.ADVANCED,
        domain="Web",
        paid=True,
        price=Decimal("900"),
    )
    CourseFactory(title="Secret Draft", draft=True)

    body = api_client.get("/api/v1/courses/").json()
    assert body["count"] == 2
    assert {course["title"] for course in body["results"]} == {"Python Basics", "Django Pro"}

    def titles(**params):
        return [
            course["title"]
            for course in api_client.get("/api/v1/courses/", params).json()["results"]
        ]

    assert titles(search="django") == ["Django Pro"]
    assert titles(level="beginner") == ["Python Basics"]
    assert titles(domain="web") == ["Django Pro"]
    assert titles(is_free="true") == ["Python Basics"]
    assert titles(is_free="false") == ["Django Pro"]
    assert titles(price_min="100") == ["Django Pro"]
    assert titles(price_max="100") == ["Python Basics"]
    assert titles(enrollment_mode="paid") == ["Django Pro"]
    assert titles(ordering="-price") == ["Django Pro", "Python Basics"]
    assert titles(ordering="title") == ["Django Pro", "Python Basics"]


def test_course_detail_has_the_syllabus_but_never_content(api_client):
    course = build_course(modules=2, lessons_per_module=2, tasks_per_lesson=3, title="SQL")
    lesson = Lesson.objects.filter(module__course=course).first()
    lesson.video_url = "https://videos.example.com/secret.mp4"
    lesson.save()
    document = LessonDocumentFactory(lesson=lesson)

    response = api_client.get(f"/api/v1/courses/{course.slug}/")

    assert response.status_code == 200
    body = response.json()
    assert [module["title"] for module in body["modules"]] == ["Module 1", "Module 2"]
    assert body["modules"][0]["lessons"][0] == {
        "id": lesson.pk,
        "title": "Lesson 1.1",
        "position": 1,
        "estimated_minutes": 10,
        "task_count": 3,
    }
    raw = json.dumps(body)
    assert "Secret lesson body" not in raw and "secret.mp4" not in raw
    assert document.file.name not in raw and "private/" not in raw
    draft = CourseFactory(draft=True)
    assert api_client.get(f"/api/v1/courses/{draft.slug}/").status_code == 404


def _count_list_queries(api_client, count):
    teacher = InstructorFactory()
    for _index in range(count):
        build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1, instructors=[teacher])
    with CaptureQueriesContext(connection) as captured:
        response = api_client.get("/api/v1/courses/", {"page_size": 100})
    assert response.status_code == 200
    return len(captured)


def test_course_list_query_count_is_constant(api_client):
    few = _count_list_queries(api_client, 5)
    many = _count_list_queries(api_client, 95)
    assert few == many <= 4


def test_instructor_list(api_client):
    teacher = InstructorFactory(full_name="Asha")
    CourseFactory(instructors=[teacher])
    InstructorFactory(full_name="Nobody")
    body = api_client.get("/api/v1/instructors/").json()
    assert [row["full_name"] for row in body["results"]] == ["Asha"]
    assert body["results"][0]["published_course_count"] == 1


def test_students_and_guests_cannot_author(api_client, student):
    course = CourseFactory(draft=True)
    assert api_client.post("/api/v1/authoring/courses/", {"title": "X"}).status_code in (401, 403)
    api_client.force_authenticate(student)
    assert api_client.post("/api/v1/authoring/courses/", {"title": "X"}).status_code == 403
    assert (
        api_client.patch(f"/api/v1/authoring/courses/{course.slug}/", {"title": "X"}).status_code
        == 403
    )
    assert not Course.objects.filter(title="X").exists()


def test_instructor_gets_403_on_courses_they_do_not_teach(api_client, instructor):
    mine = _taught_course(instructor)
    other = _taught_course(InstructorFactory())
    other_module = other.modules.first()
    other_lesson = Lesson.objects.filter(module=other_module).first()
    other_task = Task.objects.filter(lesson=other_lesson).first()
    api_client.force_authenticate(instructor)

    forbidden = [
        ("patch", f"/api/v1/authoring/courses/{other.slug}/", {"title": "Stolen"}),
        ("post", f"/api/v1/authoring/courses/{other.slug}/submit/", {}),
        ("post", f"/api/v1/authoring/courses/{other.slug}/modules/", {"title": "M"}),
        (
            "post",
            f"/api/v1/authoring/courses/{other.slug}/modules/reorder/",
            {"ids": [other_module.pk]},
        ),
        ("patch", f"/api/v1/authoring/modules/{other_module.pk}/", {"title": "M"}),
        ("delete", f"/api/v1/authoring/modules/{other_module.pk}/", None),
        ("post", f"/api/v1/authoring/modules/{other_module.pk}/lessons/", {"title": "L"}),
        ("patch", f"/api/v1/authoring/lessons/{other_lesson.pk}/", {"title": "L"}),
        ("delete", f"/api/v1/authoring/lessons/{other_lesson.pk}/", None),
        ("post", f"/api/v1/authoring/lessons/{other_lesson.pk}/tasks/", {"title": "T"}),
        ("patch", f"/api/v1/authoring/tasks/{other_task.pk}/", {"title": "T"}),
        ("delete", f"/api/v1/authoring/tasks/{other_task.pk}/", None),
    ]
    for method, url, data in forbidden:
        response = (
            getattr(api_client, method)(url, data)
            if data is not None
            else getattr(api_client, method)(url)
        )
        assert response.status_code == 403, (method, url, response.status_code)
        assert response.json()["error"]["code"] == "not_course_instructor"
    other.refresh_from_db()
    assert other.title != "Stolen" and other.modules.count() == 2
    # Missing objects are a plain 404; their own course works.
    assert api_client.patch("/api/v1/authoring/modules/999999/", {"title": "M"}).status_code == 404
    assert (
        api_client.patch(f"/api/v1/authoring/courses/{mine.slug}/", {"title": "Mine"}).status_code
        == 200
    )
    # Instructors never publish.
    for step in ("approve", "publish", "unpublish"):
        assert api_client.post(f"/api/v1/authoring/courses/{mine.slug}/{step}/").status_code == 403
    assert (
        api_client.post(
            f"/api/v1/authoring/courses/{mine.slug}/reject/", {"feedback": "x"}
        ).status_code
        == 403
    )


def test_permission_is_checked_before_the_body(api_client, instructor):
    """Another course's instructor (and an instructor rejecting) is told 403 whatever the
    body, not which fields a valid request would need (was 400 to an empty body)."""
    mine = _taught_course(instructor)
    other = _taught_course(InstructorFactory())
    module = other.modules.first()
    lesson = Lesson.objects.filter(module=module).first()
    task = Task.objects.filter(lesson=lesson).first()
    api_client.force_authenticate(instructor)
    invalid = {"title": "", "ids": "x", "kind": "nonsense", "price": "-1"}
    refused = [
        ("patch", f"/api/v1/authoring/courses/{other.slug}/", "not_course_instructor"),
        ("post", f"/api/v1/authoring/courses/{other.slug}/modules/", "not_course_instructor"),
        (
            "post",
            f"/api/v1/authoring/courses/{other.slug}/modules/reorder/",
            "not_course_instructor",
        ),
        ("patch", f"/api/v1/authoring/modules/{module.pk}/", "not_course_instructor"),
        ("post", f"/api/v1/authoring/modules/{module.pk}/lessons/", "not_course_instructor"),
        ("patch", f"/api/v1/authoring/lessons/{lesson.pk}/", "not_course_instructor"),
        ("post", f"/api/v1/authoring/lessons/{lesson.pk}/tasks/", "not_course_instructor"),
        ("patch", f"/api/v1/authoring/tasks/{task.pk}/", "not_course_instructor"),
        ("post", f"/api/v1/authoring/courses/{mine.slug}/reject/", "admin_only"),
    ]
    for method, url, code in refused:
        for body in ({}, invalid):
            response = getattr(api_client, method)(url, body, format="json")
            assert response.status_code == 403, (method, url, body, response.status_code)
            assert response.json()["error"]["code"] == code
    # Their own course still validates the body.
    response = api_client.post(f"/api/v1/authoring/courses/{mine.slug}/modules/", {}, format="json")
    assert response.status_code == 400


def test_authoring_flow_from_draft_to_published(api_client, instructor, admin_user):
    api_client.force_authenticate(instructor)
    response = api_client.post(
        "/api/v1/authoring/courses/",
        {
            "title": "Go in Practice",
            "title_hi": "गो",
            "description": "<p>Go</p><script>x</script>",
            "instructor_ids": [],
        },
    )
    # Instructors cannot set instructors, and nothing is created when refused.
    assert response.status_code == 403
    assert not Course.objects.exists()
    response = api_client.post(
        "/api/v1/authoring/courses/",
        {"title": "Go in Practice", "description": "<p>Go</p><script>x</script>"},
    )
    assert response.status_code == 201, response.json()
    course = response.json()
    assert course["status"] == "draft" and course["description"] == "<p>Go</p>"
    assert course["instructor_ids"] == [instructor.pk]
    slug = course["slug"]

    module = api_client.post(
        f"/api/v1/authoring/courses/{slug}/modules/", {"title": "Basics"}
    ).json()
    second = api_client.post(f"/api/v1/authoring/courses/{slug}/modules/", {"title": "More"}).json()
    assert (module["position"], second["position"]) == (1, 2)
    lesson = api_client.post(
        f"/api/v1/authoring/modules/{module['id']}/lessons/",
        {"title": "Hello", "estimated_minutes": 15},
    ).json()
    task = api_client.post(
        f"/api/v1/authoring/lessons/{lesson['id']}/tasks/", {"title": "Read", "kind": "read"}
    )
    assert task.status_code == 201
    assert (
        api_client.patch(f"/api/v1/authoring/tasks/{task.json()['id']}/", {"kind": "watch"}).json()[
            "kind"
        ]
        == "watch"
    )

    reordered = api_client.post(
        f"/api/v1/authoring/courses/{slug}/modules/reorder/", {"ids": [second["id"], module["id"]]}
    )
    assert [(row["id"], row["position"]) for row in reordered.json()] == [
        (second["id"], 1),
        (module["id"], 2),
    ]
    bad = api_client.post(
        f"/api/v1/authoring/courses/{slug}/modules/reorder/", {"ids": [second["id"]]}
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_order"

    assert (
        api_client.post(f"/api/v1/authoring/courses/{slug}/submit/").json()["status"] == "in_review"
    )

    api_client.force_authenticate(admin_user)
    rejected = api_client.post(
        f"/api/v1/authoring/courses/{slug}/reject/", {"feedback": "Add a task."}
    )
    assert (
        rejected.json()["status"] == "draft" and rejected.json()["review_feedback"] == "Add a task."
    )
    api_client.force_authenticate(instructor)
    api_client.post(f"/api/v1/authoring/courses/{slug}/submit/")
    api_client.force_authenticate(admin_user)
    approved = api_client.post(f"/api/v1/authoring/courses/{slug}/approve/").json()
    assert approved["status"] == "published" and approved["published_at"]
    assert (
        api_client.post(f"/api/v1/authoring/courses/{slug}/unpublish/").json()["status"] == "draft"
    )
    assert (
        api_client.post(f"/api/v1/authoring/courses/{slug}/publish/").json()["status"]
        == "published"
    )

    api_client.force_authenticate(instructor)
    assert api_client.delete(f"/api/v1/authoring/modules/{second['id']}/").status_code == 204
    assert list(Module.objects.filter(course__slug=slug).values_list("position", flat=True)) == [1]
    assert Course.objects.get(slug=slug).status == CourseStatus.PUBLISHED


def test_admin_sets_instructors_through_the_api(api_client, admin_user):
    teacher = InstructorFactory()
    api_client.force_authenticate(admin_user)
    response = api_client.post(
        "/api/v1/authoring/courses/", {"title": "Team course", "instructor_ids": [teacher.pk]}
    )
    assert response.status_code == 201
    course = Course.objects.get(slug=response.json()["slug"])
    assert teacher.has_perm("catalog.change_course", course)
