"""Generate an academy of made-up people and courses: `demo` to try the product, `academy`
(10,000 students) for the load benchmark (bench/run.py).

Rows are written in bulk (COPY on PostgreSQL, batched inserts elsewhere), never one by one.
The command refuses a database that already holds people or courses unless `--force`; it is
never run on start-up. Every generated account has the same password (`--password`)."""

import itertools
import json
import random
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from guardian.models import UserObjectPermission

from lms.accounts.models import Role, User
from lms.catalog.models import Course, CourseStatus, EnrollmentMode, Lesson, Module, Task
from lms.learning.models import Enrollment, EnrollmentSource, EnrollmentStatus, TaskCompletion

SIZES = {
    # students, instructors, courses, modules/course, lessons/module, tasks/lesson,
    # enrollments/student, completed share of an enrolled course's tasks (mean)
    "demo": dict(students=40, instructors=4, courses=8, enrollments_per_student=3),
    "academy": dict(students=10_000, instructors=50, courses=200, enrollments_per_student=25),
}
DEFAULTS = dict(
    modules_per_course=5, lessons_per_module=4, tasks_per_lesson=3, completion_share=0.5
)
DOMAINS = ["Web development", "Data science", "Cloud", "Design", "Mobile", "Security"]
TASK_KINDS = ["watch", "read", "practice", "read"]
STUDENT_EMAIL = "student{number}@academy.example"
INSTRUCTOR_EMAIL = "instructor{number}@academy.example"
DEFAULT_PASSWORD = "academy-password"  # noqa: S105 (made-up accounts of a generated academy)


class Command(BaseCommand):
    help = "Generate made-up students, courses, enrollments and progress (demo or academy size)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="demo")
        for name in [*SIZES["academy"], *DEFAULTS]:
            kind = float if name == "completion_share" else int
            parser.add_argument(f"--{name.replace('_', '-')}", type=kind, dest=name)
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument("--seed", type=int, default=9)
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already has data"
        )

    def handle(self, *args, size: str, password: str, seed: int, force: bool, **options):
        plan = {**DEFAULTS, **SIZES[size]}
        plan.update({name: options[name] for name in plan if options.get(name) is not None})
        if not force and (User.objects.exists() or Course.objects.exists()):
            raise CommandError(
                "This database already has people or courses; refusing to add made-up data "
                "to it. Use an empty database, or --force if you really mean it."
            )
        started = time.monotonic()
        generator = AcademyGenerator(plan=plan, password=password, seed=seed, out=self.stdout)
        counts = generator.run()
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(f"Generated {summary} in {time.monotonic() - started:.0f} s.")


class AcademyGenerator:
    def __init__(self, *, plan: dict, password: str, seed: int, out) -> None:
        self.plan = plan
        self.random = random.Random(seed)  # noqa: S311 (made-up data, reproducible)
        self.password_hash = make_password(password)
        self.now = timezone.now()
        self.writer = BulkWriter(now=self.now, out=out)

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            instructors = self.people(Role.INSTRUCTOR, self.plan["instructors"])
            students = self.people(Role.STUDENT, self.plan["students"])
            courses = self.courses(instructors)
            tasks_by_course = self.roadmaps(courses)
            self.enrollments_and_progress(students, courses, tasks_by_course)
            models_used = [User, EmailAddress, Course, Module, Lesson, Task, Enrollment]
            models_used += [TaskCompletion, UserObjectPermission, Course.instructors.through]
            sequences_reset(models_used)
        analyze()
        return self.writer.counts

    # --- people --------------------------------------------------------------------------

    def people(self, role: str, count: int) -> list[int]:
        template = INSTRUCTOR_EMAIL if role == Role.INSTRUCTOR else STUDENT_EMAIL
        first = next_id(User)
        existing = set(
            User.objects.filter(email__endswith="@academy.example").values_list("email", flat=True)
        )
        rows, ids = [], []
        for number in range(count):
            email = template.format(number=number)
            if email in existing:
                continue
            pk = first + len(rows)
            ids.append(pk)
            label = "Instructor" if role == Role.INSTRUCTOR else "Student"
            rows.append(
                dict(
                    id=pk,
                    email=email,
                    full_name=f"{label} {number}",
                    role=role,
                    password=self.password_hash,
                    is_staff=role == Role.INSTRUCTOR,
                    onboarded_at=self.now,
                    date_joined=self.now - timedelta(days=self.random.randint(1, 700)),
                    domain=self.random.choice(DOMAINS),
                )
            )
        self.writer.insert(User, rows)
        first_address = next_id(EmailAddress)
        self.writer.insert(
            EmailAddress,
            (
                dict(
                    id=first_address + n,
                    user_id=r["id"],
                    email=r["email"],
                    verified=True,
                    primary=True,
                )
                for n, r in enumerate(rows)
            ),
        )
        return ids

    # --- courses and their roadmaps ------------------------------------------------------

    def courses(self, instructors: list[int]) -> list[dict]:
        first = next_id(Course)
        rows = []
        for number in range(self.plan["courses"]):
            domain = DOMAINS[number % len(DOMAINS)]
            free = number % 4 == 0
            published = number % 20 != 19  # one course in twenty is still a draft
            title = f"{domain} {number + 1}: from basics to projects"
            rows.append(
                dict(
                    id=first + number,
                    slug=f"course-{first + number}",
                    title=title,
                    title_en=title,
                    title_hi=f"{domain} {number + 1} (हिन्दी)",
                    summary=f"A practical course in {domain.lower()}.",
                    summary_en=f"A practical course in {domain.lower()}.",
                    description="<p>Lessons, exercises and projects.</p>",
                    description_en="<p>Lessons, exercises and projects.</p>",
                    domain=domain,
                    level=["beginner", "intermediate", "advanced"][number % 3],
                    price=Decimal(0) if free else Decimal(499 + 500 * (number % 9)),
                    enrollment_mode=EnrollmentMode.FREE if free else EnrollmentMode.PAID,
                    status=CourseStatus.PUBLISHED if published else CourseStatus.DRAFT,
                    published_at=self.now - timedelta(hours=number) if published else None,
                    created_at=self.now - timedelta(days=400),
                    updated_at=self.now,
                )
            )
        self.writer.insert(Course, rows)
        through = Course.instructors.through
        first_link = next_id(through)
        links = []
        for course in rows:
            for teacher in self.random.sample(instructors, min(2, len(instructors))):
                links.append(
                    dict(id=first_link + len(links), course_id=course["id"], user_id=teacher)
                )
        self.writer.insert(through, links)
        self.instructor_permissions(links)
        return rows

    def instructor_permissions(self, links: list[dict]) -> None:
        """The `change_course` object permission each instructor of a course holds."""
        permission = Permission.objects.get(
            codename="change_course", content_type__app_label="catalog"
        )
        first = next_id(UserObjectPermission)
        self.writer.insert(
            UserObjectPermission,
            (
                dict(
                    id=first + n,
                    user_id=link["user_id"],
                    permission_id=permission.pk,
                    content_type_id=permission.content_type_id,
                    object_pk=str(link["course_id"]),
                )
                for n, link in enumerate(links)
            ),
        )

    def roadmaps(self, courses: list[dict]) -> dict[int, list[int]]:
        """Modules → lessons → tasks; returns each course's task ids in course order."""
        plan = self.plan
        module_id, lesson_id, task_id = next_id(Module), next_id(Lesson), next_id(Task)
        modules, lessons, tasks = [], [], []
        tasks_by_course: dict[int, list[int]] = {}
        for course in courses:
            order = tasks_by_course.setdefault(course["id"], [])
            for m in range(plan["modules_per_course"]):
                title = f"Module {m + 1}"
                modules.append(
                    dict(
                        id=module_id,
                        course_id=course["id"],
                        title=title,
                        title_en=title,
                        position=m,
                    )
                )
                for lesson_number in range(plan["lessons_per_module"]):
                    title = f"Lesson {m + 1}.{lesson_number + 1}"
                    lessons.append(
                        dict(
                            id=lesson_id,
                            module_id=module_id,
                            title=title,
                            title_en=title,
                            position=lesson_number,
                            body="<p>Read this, then do the tasks.</p>",
                            estimated_minutes=self.random.randint(5, 40),
                        )
                    )
                    for t in range(plan["tasks_per_lesson"]):
                        title = f"Step {t + 1} of {m + 1}.{lesson_number + 1}"
                        tasks.append(
                            dict(
                                id=task_id,
                                lesson_id=lesson_id,
                                title=title,
                                title_en=title,
                                position=t,
                                kind=TASK_KINDS[t % len(TASK_KINDS)],
                            )
                        )
                        order.append(task_id)
                        task_id += 1
                    lesson_id += 1
                module_id += 1
        self.writer.insert(Module, modules)
        self.writer.insert(Lesson, lessons)
        self.writer.insert(Task, tasks)
        return tasks_by_course

    # --- enrollments and progress --------------------------------------------------------

    def enrollments_and_progress(
        self, students: list[int], courses: list[dict], tasks_by_course: dict[int, list[int]]
    ) -> None:
        published = [c for c in courses if c["status"] == CourseStatus.PUBLISHED]
        per_student = min(self.plan["enrollments_per_student"], len(published))
        share = self.plan["completion_share"]
        first = next_id(Enrollment)
        enrollments, progress = [], []  # progress: (user, course, completed task count)
        for student in students:
            for course in self.random.sample(published, per_student):
                total = len(tasks_by_course[course["id"]])
                # Uniform around the mean share, clipped: some have not started, some finished.
                done = max(
                    0, min(total, round(total * self.random.uniform(share - 0.6, share + 0.6)))
                )
                enrolled_at = self.now - timedelta(minutes=self.random.randint(60, 500_000))
                complete = total > 0 and done == total
                enrollments.append(
                    dict(
                        id=first + len(enrollments),
                        user_id=student,
                        course_id=course["id"],
                        source=EnrollmentSource.FREE
                        if course["enrollment_mode"] == EnrollmentMode.FREE
                        else EnrollmentSource.PAYMENT,
                        status=EnrollmentStatus.COMPLETED if complete else EnrollmentStatus.ACTIVE,
                        enrolled_at=enrolled_at,
                        completed_at=self.now if complete else None,
                    )
                )
                progress.append((student, course["id"], done, enrolled_at))
        self.writer.insert(Enrollment, enrollments)
        first_completion = next_id(TaskCompletion)
        ids = itertools.count(first_completion)

        def completions() -> Iterator[dict]:
            for student, course_id, done, enrolled_at in progress:
                for position, task in enumerate(tasks_by_course[course_id][:done]):
                    yield dict(
                        id=next(ids),
                        user_id=student,
                        task_id=task,
                        completed_at=enrolled_at + timedelta(minutes=10 * (position + 1)),
                    )

        self.writer.insert(TaskCompletion, completions())


class BulkWriter:
    """Writes generated rows in bulk (COPY on PostgreSQL, batched inserts elsewhere), each
    row a dict of column values with its id given, and counts them by model."""

    def __init__(self, *, now, out) -> None:
        self.now = now
        self.out = out
        self.counts: dict[str, int] = {}

    def insert(self, model: type[models.Model], rows: Iterable[dict]) -> None:
        started = time.monotonic()
        fields = [field for field in model._meta.concrete_fields]
        defaults = {
            field.attname: field.get_default()
            for field in fields
            if field.has_default() or field.null
        }
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults[field.attname] = self.now
        count = 0
        if connection.vendor == "postgresql":
            columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
            table = connection.ops.quote_name(model._meta.db_table)
            with connection.cursor() as cursor:
                # Foreign keys are checked by construction here; skipping their triggers makes
                # millions of rows load several times faster (this transaction only).
                cursor.execute("SET LOCAL session_replication_role = replica")
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(
                            [
                                _db_value(
                                    field, row.get(field.attname, defaults.get(field.attname, ""))
                                )
                                for field in fields
                            ]
                        )
                        count += 1
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            iterator = iter(rows)
            while batch := list(itertools.islice(iterator, 2000)):
                objects = [model(**{**defaults, **row}) for row in batch]
                model.objects.bulk_create(objects)
                count += len(objects)
        name = str(model._meta.verbose_name_plural)
        self.counts[name] = self.counts.get(name, 0) + count
        self.out.write(f"  {count:,} {name} in {time.monotonic() - started:.1f} s")


def _db_value(field: models.Field, value):
    # Generated values are already of the column's Python type; only JSON needs encoding.
    return json.dumps(value) if isinstance(field, models.JSONField) else value


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def sequences_reset(models_used: list[type[models.Model]]) -> None:
    """Rows were written with their ids: move each table's id sequence past them."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models_used):
            cursor.execute(statement)


def analyze() -> None:
    """After a bulk load, what autovacuum gives a database that has run for a while: fresh
    statistics for the planner, and the visibility map that lets reads answer from an
    index alone (a board's counts, a student's completions). PostgreSQL only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM cannot run in a transaction (a caller's, as in the tests).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
