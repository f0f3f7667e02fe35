"""Seed the benchmark's throwaway database with the ORM and write what the load needs
(sign-in credentials and JWT access tokens) to a JSON file.

Run by bench/run.py in a subprocess whose environment points at the temporary database;
never run it against a real database.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken  # noqa: E402

from lms.accounts.models import Role, User  # noqa: E402
from lms.catalog.tests.factories import CourseFactory  # noqa: E402

PASSWORD = "Bench-Password-2024!"


def seed(*, users: int, instructors: int, courses: int, tokens: int) -> dict:
    # The benchmark refuses to touch anything but a database inside its own temp folder.
    database = str(settings.DATABASES["default"]["NAME"])
    if not database.startswith(str(settings.VAR_DIR)):
        raise SystemExit(f"Refusing to seed {database}: not under LMS_VAR_DIR {settings.VAR_DIR}")

    # One real (Argon2) hash shared by every seeded account: hashing 1,000 passwords one by
    # one would take longer than the whole benchmark.
    password_hash = make_password(PASSWORD)
    now = timezone.now()
    with transaction.atomic():
        people = [
            User(
                email=f"bench-student-{number:04d}@example.org",
                full_name=f"Bench Student {number}",
                role=Role.STUDENT,
                password=password_hash,
                onboarded_at=now,
                is_staff=False,
            )
            for number in range(users)
        ] + [
            User(
                email=f"bench-instructor-{number:02d}@example.org",
                full_name=f"Bench Instructor {number}",
                role=Role.INSTRUCTOR,
                password=password_hash,
                onboarded_at=now,
                is_staff=True,
            )
            for number in range(instructors)
        ]
        User.objects.bulk_create(people, batch_size=500)
        saved = list(User.objects.order_by("pk"))
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, primary=True, verified=True)
                for user in saved
            ],
            batch_size=500,
        )
        teachers = [user for user in saved if user.role == Role.INSTRUCTOR]
        for number in range(courses):
            CourseFactory(instructors=[teachers[number % len(teachers)]] if teachers else [])

    students = [user for user in saved if user.role == Role.STUDENT]
    return {
        "password": PASSWORD,
        "emails": [user.email for user in students[:tokens]],
        "access_tokens": [str(AccessToken.for_user(user)) for user in students[:tokens]],
        "counts": {"users": len(saved), "courses": courses},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--instructors", type=int, default=10)
    parser.add_argument("--courses", type=int, default=50)
    parser.add_argument(
        "--tokens", type=int, default=200, help="students to sign in / mint JWTs for"
    )
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    data = seed(
        users=args.users, instructors=args.instructors, courses=args.courses, tokens=args.tokens
    )
    Path(args.output).write_text(json.dumps(data))


if __name__ == "__main__":
    main()
