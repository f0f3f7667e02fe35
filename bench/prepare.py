"""What the load needs from the generated academy, written to a JSON file: session cookies
and JWT access tokens of some students, each with a course they are enrolled in, and the
slugs of published courses. Run by bench/run.py with the benchmark's settings."""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken  # noqa: E402

from lms.accounts.models import Role, User  # noqa: E402
from lms.catalog.models import Course, CourseStatus  # noqa: E402
from lms.learning.models import Enrollment  # noqa: E402


def prepare(*, people: int) -> dict:
    students = list(
        User.objects.filter(role=Role.STUDENT, email__endswith="@academy.example").order_by("pk")[
            :people
        ]
    )
    if not students:
        raise SystemExit("No generated students: run manage.py bench_generate_data first.")
    enrolled = {}
    for enrollment in Enrollment.objects.filter(user__in=students).select_related("course"):
        enrolled.setdefault(enrollment.user_id, enrollment.course.slug)
    # The backend a password sign-in records (axes, first in the list, only guards it).
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS if "axes" not in path)
    sessions, tokens = [], []
    for student in students:
        store = SessionStore()
        store[SESSION_KEY] = str(student.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = student.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
        tokens.append([str(AccessToken.for_user(student)), enrolled.get(student.pk, "")])
    slugs = list(
        Course.objects.filter(status=CourseStatus.PUBLISHED)
        .order_by("pk")
        .values_list("slug", flat=True)
    )
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": sessions,
        "tokens": tokens,
        "course_slugs": slugs,
        "counts": {
            "students": User.objects.filter(role=Role.STUDENT).count(),
            "courses": Course.objects.count(),
            "enrollments": Enrollment.objects.count(),
        },
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--output", required=True)
    arguments = parser.parse_args()
    Path(arguments.output).write_text(json.dumps(prepare(people=arguments.people)))
