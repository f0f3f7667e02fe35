"""Every upload a person can make, sent hostile files through the real views and API: each is
refused with a sentence a person understands and nothing is stored; a good file is stored
under a generated name (never the client's)."""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory
from django.urls import reverse

from lms.accounts.models import User
from lms.assignments.models import DailyEntry, SubmissionFile
from lms.assignments.tests.factories import AssignmentFactory
from lms.catalog.models import Lesson, LessonDocument, Task, TaskKind
from lms.catalog.tests.factories import build_course
from lms.core.files import UploadBodyLimitHandler, display_name, stored_name
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of
from lms.people.models import UserImport

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a real enough pdf\n"


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()
SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00"


@dataclass(frozen=True)
class Target:
    """One place a person uploads: who, how, the good file, and where it lands."""

    name: str
    role: str
    good: tuple[str, bytes]
    send: Callable  # (client, user, uploaded) -> response
    stored: Callable  # (user) -> stored file name or ""
    refused_status: int = 400  # the console redraws its form with the error (200)


def _assignment(user):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    EnrollmentFactory(user=user, course=course)
    task = tasks_of(lessons_in_order(course)[0])[0]
    Task.objects.filter(pk=task.pk).update(kind=TaskKind.ASSIGNMENT)
    assignment = AssignmentFactory(course=course, task=task)
    assignment.target_courses.add(course)
    return assignment


def _api(client, user):
    client.force_login(user)
    return client


def me_photo(client, user, uploaded):
    return _api(client, user).patch(
        "/api/v1/me", _multipart({"photo": uploaded}), content_type=MULTIPART
    )


def me_resume(client, user, uploaded):
    return _api(client, user).patch(
        "/api/v1/me", _multipart({"resume": uploaded}), content_type=MULTIPART
    )


def api_submission(client, user, uploaded):
    url = reverse("api:submission-create", args=[_assignment(user).pk])
    return _api(client, user).post(url, {"text": "mine", "files": [uploaded]})


def app_submission(client, user, uploaded):
    url = reverse("student_pwa:assignment_detail", args=[_assignment(user).pk])
    return _api(client, user).post(url, {"text": "mine", "files": [uploaded]})


def api_daily_work(client, user, uploaded):
    return _api(client, user).put(
        "/api/v1/me/daily-work/today/",
        _multipart({"text": "today", "file": uploaded}),
        content_type=MULTIPART,
    )


def app_daily_work(client, user, uploaded):
    return _api(client, user).post(
        reverse("student_pwa:daily_work"), {"text": "today", "file": uploaded}
    )


def api_people_import(client, user, uploaded):
    return _api(client, user).post(
        "/api/v1/authoring/user-imports/", {"file": uploaded, "dry_run": "true"}
    )


def console_lesson_document(client, user, uploaded):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=0)
    lesson = Lesson.objects.get(module__course=course)
    formset = {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0"}
    data = {f"documents-{key}": value for key, value in formset.items()}
    data |= {f"tasks-{key}": value for key, value in formset.items()} | {"tasks-TOTAL_FORMS": "0"}
    data |= {
        "module": str(lesson.module_id),
        "estimated_minutes": "5",
        "title_en": lesson.title_en,
        "title_hi": "",
        "body": "<p>x</p>",
        "video_url": "",
        "documents-MAX_NUM_FORMS": "1000",
        "tasks-MAX_NUM_FORMS": "1000",
        "documents-0-lesson": str(lesson.pk),
        "documents-0-title": "Slides",
        "documents-0-position": "1",
        "documents-0-file": uploaded,
        "_save": "Save",
    }
    client.force_login(user)
    return client.post(reverse("admin:catalog_lesson_change", args=[lesson.pk]), data)


MULTIPART = "multipart/form-data; boundary=BoUnDaRy"


def _multipart(fields: dict) -> bytes:
    from django.test.client import encode_multipart

    return encode_multipart("BoUnDaRy", fields)


def _photo(user):
    return User.objects.get(pk=user.pk).photo.name


def _resume(user):
    return User.objects.get(pk=user.pk).resume.name


def _submitted(user):
    found = SubmissionFile.objects.filter(submission__user=user).first()
    return found.file.name if found else ""


def _daily(user):
    found = DailyEntry.objects.filter(user=user).first()
    return found.file.name if found and found.file else ""


def _documents(user):
    found = LessonDocument.objects.first()
    return found.file.name if found else ""


def _people(user):
    found = UserImport.objects.first()
    return found.file.name if found else ""


TARGETS = [
    Target("profile photo (API)", "student", ("me.png", PNG), me_photo, _photo),
    Target("resume (API)", "student", ("cv.pdf", PDF), me_resume, _resume),
    Target("submission (API)", "student", ("work.pdf", PDF), api_submission, _submitted),
    Target("submission (app)", "student", ("work.pdf", PDF), app_submission, _submitted),
    Target("daily work (API)", "student", ("day.pdf", PDF), api_daily_work, _daily),
    Target("daily work (app)", "student", ("day.pdf", PDF), app_daily_work, _daily),
    Target(
        "lesson document (console)",
        "admin_user",
        ("slides.pdf", PDF),
        console_lesson_document,
        _documents,
        refused_status=200,
    ),
    Target(
        "people import (API)",
        "admin_user",
        ("people.csv", b"email,full_name\none@example.com,One\n"),
        api_people_import,
        _people,
    ),
]


def _bad_files(good_name: str) -> dict[str, tuple[str, bytes, tuple[str, ...]]]:
    """Each abuse: the file sent and words one of which the refusal must contain."""
    extension = good_name.rsplit(".", 1)[1]
    return {
        "wrong extension": ("tool.exe", EXE, ("not accepted", "csv or xlsx", "valid image")),
        "right extension, wrong content": (
            f"disguised.{extension}",
            EXE if extension == "csv" else b"just some text\n",
            ("does not match", "not a valid", "upload a valid"),
        ),
        "zero bytes": (f"empty.{extension}", b"", ("empty",)),
        "svg with a script": (
            "drawing.svg",
            SVG_SCRIPT,
            ("not accepted", "csv or xlsx", "valid image"),
        ),
        "html disguised": (
            f"report.{extension}",
            HTML,
            ("does not match", "not a valid", "upload a valid"),
        ),
    }


ABUSES = ["wrong extension", "right extension, wrong content", "zero bytes"]
ABUSES += ["svg with a script", "html disguised"]


def _person(request, role):
    return request.getfixturevalue(role)


@pytest.mark.parametrize("abuse", ABUSES)
@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_a_hostile_file_is_refused_with_a_message(client, request, target, abuse):
    user = _person(request, target.role)
    name, content, words = _bad_files(target.good[0])[abuse]
    if abuse == "html disguised" and name.endswith(".csv"):
        pytest.skip("HTML is text: a .csv of it is read as (invalid) rows, never served")
    response = target.send(client, user, SimpleUploadedFile(name, content))
    assert response.status_code == target.refused_status, (
        response.status_code,
        response.content[:300],
    )
    text = response.content.decode().lower().replace("’", "'")
    assert any(word in text for word in words), text[:600]
    assert target.stored(user) == ""


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_a_good_file_is_stored_under_a_generated_name(client, request, target):
    user = _person(request, target.role)
    good_name, content = target.good
    # A client may name a file anything: only its extension survives into storage.
    sent = SimpleUploadedFile("..%2F..%2Fetc%2Fsecret-" + good_name, content)
    response = target.send(client, user, sent)
    assert response.status_code in (200, 201, 302), response.content[:300]
    stored = target.stored(user)
    assert stored, "nothing stored"
    assert "secret" not in stored and ".." not in stored and "%" not in stored
    assert stored.rsplit("/", 1)[1].split(".")[0].isalnum()
    assert stored.endswith("." + good_name.rsplit(".", 1)[1])


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_an_upload_over_the_body_limit_is_a_413(client, request, target, settings):
    settings.LMS_MAX_UPLOAD_BODY_BYTES = 2048
    settings.LMS_MAX_CONSOLE_UPLOAD_BODY_BYTES = 2048
    user = _person(request, target.role)
    good_name, content = target.good
    padded = content + b"\n" * 4096 if not good_name.endswith(".png") else content + bytes(4096)
    client.raise_request_exception = False
    response = target.send(client, user, SimpleUploadedFile(good_name, padded))
    assert response.status_code == 413
    assert b"larger than" in response.content
    assert target.stored(user) == ""


def test_the_question_import_refuses_hostile_files(client, admin_user):
    # The file is parsed, never stored: an empty or binary one imports nothing and says why.
    client.force_login(admin_user)
    url = "/api/v1/authoring/question-imports/"
    for content in (b"", EXE + bytes(range(256)), HTML):
        sent = SimpleUploadedFile("q.gift", content)
        response = client.post(url, {"file": sent, "format": "gift", "dry_run": "false"})
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["error"]["message"] and body.get("imported", 0) == 0


class _NeverRead(io.RawIOBase):
    def read(self, *args):  # pragma: no cover - reaching it is the failure
        raise AssertionError("the body was read")


def test_the_body_limit_refuses_before_reading_anything(settings):
    settings.LMS_MAX_UPLOAD_BODY_BYTES = 1024
    request = RequestFactory().post("/api/v1/me")
    meta = {"CONTENT_TYPE": MULTIPART, "CONTENT_LENGTH": "5000000"}
    handler = UploadBodyLimitHandler(request)
    with pytest.raises(RequestDataTooBig):
        MultiPartParser(meta, _NeverRead(), [handler]).parse()


def test_the_console_takes_bigger_bodies_than_the_app(settings):
    settings.LMS_MAX_UPLOAD_BODY_BYTES = 1024
    settings.LMS_MAX_CONSOLE_UPLOAD_BODY_BYTES = 10_000
    handler = UploadBodyLimitHandler(RequestFactory().post("/admin/catalog/lesson/1/change/"))
    assert handler.handle_raw_input(None, {}, 5000, b"x") is None
    with pytest.raises(RequestDataTooBig):
        handler.handle_raw_input(None, {}, 20_000, b"x")


@pytest.mark.parametrize(
    ("client_name", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\cv.pdf", "cv.pdf"),
        ("a\x00b\x1f.pdf", "ab.pdf"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_the_display_name_is_only_the_last_part_without_control_characters(client_name, kept):
    assert display_name(client_name) == kept


@pytest.mark.parametrize(
    ("client_name", "suffix"),
    [("cv.PDF", ".pdf"), ("../../x.pdf", ".pdf"), ("x.p<d>f", ""), ("noext", ""), ("a.", "")],
)
def test_stored_names_keep_only_a_safe_extension(client_name, suffix):
    name = stored_name("private/x/1", client_name)
    assert name.startswith("private/x/1/") and name.endswith(suffix)
    assert len(name.rsplit("/", 1)[1]) == 32 + len(suffix)
