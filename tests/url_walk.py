"""Every URL the project answers, filled in with real objects, for tests that walk them all
(GET never writes; who may open which console page). A route added later is walked too: if
it needs a value this module cannot make, the walking test fails and says which.

`build_world()` makes one of each object the pages show, owned by people other than the
ones signing in; `urls_for(route, world)` turns a route into the paths to request."""

import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import URLResolver, get_resolver, resolve
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from lms.accounts.tests.factories import (
    AdminFactory,
    CohortFactory,
    InstructorFactory,
    StudentFactory,
)
from lms.assignments.models import SubmissionFile
from lms.assignments.tests.factories import (
    AssignmentFactory,
    DailyEntryFactory,
    SubmissionFactory,
)
from lms.audit.models import AuditEntry
from lms.catalog import services as catalog_services
from lms.catalog.models import Lesson
from lms.catalog.tests.factories import (
    InstructorApplicationFactory,
    LessonDocumentFactory,
    build_course,
)
from lms.chat import services as chat_services
from lms.commerce.models import OrderStatus, WebhookEvent
from lms.commerce.tests.factories import CouponFactory, OrderFactory
from lms.core.models import SiteContent
from lms.learning.models import LessonProgress, TaskCompletion
from lms.learning.tests.factories import EnrollmentFactory
from lms.meetings.models import FeedbackCriterion, InterviewFeedback, MeetingKind
from lms.meetings.tests.factories import MeetingFactory
from lms.mentor.models import DailyUsage, LessonSummary, MentorSettings, StudyJob
from lms.mentor.tests.factories import ConversationFactory
from lms.people.models import UserImport
from lms.reports.models import ReportExport
from lms.resumes.tests.factories import ResumeProjectFactory
from tests.seeds import migration_rows_seed


@dataclass(frozen=True)
class Route:
    route: str  # the pattern's text from the root, e.g. "admin/commerce/order/<path:object_id>/"
    name: str | None  # with its namespaces, e.g. "admin:commerce_order_change"
    callback: object
    parameters: tuple[str, ...]


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", None, ()))


def _walk(patterns, prefix, namespace, parameters):
    for pattern in patterns:
        own = tuple(_parameters_of(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), inner, parameters + own
            )
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            route = prefix + str(pattern.pattern)
            yield Route(route, name, pattern.callback, parameters + own)


def _parameters_of(pattern) -> list[str]:
    return list(pattern.regex.groupindex)  # path() converters and re_path() groups alike


@dataclass
class World:
    """Signed-in people and the objects they look at. `course` is taught by `instructor`;
    `other_course` by `other_instructor`; everything else belongs to `owner` (a student who
    is not the one signing in) or to nobody in particular."""

    admin: object
    instructor: object
    other_instructor: object
    student: object
    disabled: object
    owner: object
    course: object
    other_course: object
    module: object
    lesson: object
    task: object
    document: object
    unverified: object = None  # a student whose email address is not verified yet
    objects: dict = field(default_factory=dict)  # model label -> the object its pages show

    def object_for(self, model) -> object:
        label = model._meta.label_lower
        if label not in self.objects:
            raise LookupError(f"build_world() makes no {label}: add one so its pages are walked")
        return self.objects[label]


def build_world() -> World:
    migration_rows_seed()  # a transactional test before this one may have flushed them
    admin_user = AdminFactory(full_name="Console Admin")
    instructor = InstructorFactory(full_name="Course Instructor")
    other_instructor = InstructorFactory(full_name="Other Instructor")
    student = StudentFactory(full_name="Signed-in Student")
    disabled = AdminFactory(full_name="Disabled Admin", is_active=False)
    owner = StudentFactory(full_name="Another Student")
    unverified = StudentFactory(full_name="Unverified Student")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    owner.resume.save("resume.pdf", ContentFile(b"%PDF-1.4 resume"))
    course = _taught(instructor, title="Taught course")
    other_course = _taught(other_instructor, title="Other course")
    module = course.modules.order_by("position").first()
    lesson = Lesson.objects.filter(module=module).order_by("position").first()
    task = lesson.tasks.order_by("position").first()
    document = LessonDocumentFactory(lesson=lesson)
    lesson.video_file.save("lesson.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"))
    EnrollmentFactory(user=student, course=course)
    enrollment = EnrollmentFactory(user=owner, course=course)
    order = OrderFactory(
        user=owner, course=other_course, amount=Decimal("10"), status=OrderStatus.PAID
    )
    assignment = AssignmentFactory(course=course)
    assignment.target_courses.add(course)
    submission = SubmissionFactory(assignment=assignment, user=owner)
    submitted_file = SubmissionFile.objects.create(
        submission=submission, file=ContentFile(b"%PDF-1.4 work", name="work.pdf")
    )
    assignment.attachments.create(file=ContentFile(b"%PDF-1.4 brief", name="brief.pdf"))
    daily_entry = DailyEntryFactory(user=owner, file=ContentFile(b"notes", name="notes.txt"))
    meeting = MeetingFactory(
        kind=MeetingKind.MOCK_INTERVIEW, interviewer=admin_user, users=[owner, student]
    )
    conversation = chat_services.group_conversation_create(
        acting_user=admin_user, title="Walked chat", member_ids=[owner.pk]
    )
    chat_services.message_send(user=owner, conversation=conversation, body="Hello")
    chat_file = chat_services.message_send(
        user=owner,
        conversation=conversation,
        body="",
        attachment=SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes"),
    )
    refresh = RefreshToken.for_user(owner)
    outstanding = OutstandingToken.objects.get(jti=refresh["jti"])
    objects = {
        "accounts.user": owner,
        "account.emailaddress": EmailAddress.objects.get(user=owner),
        "socialaccount.socialapp": SocialApp.objects.create(
            provider="google", name="Google", client_id="id", secret="secret"
        ),
        "axes.accessattempt": AccessAttempt.objects.create(
            username=owner.email, ip_address="203.0.113.9", failures_since_start=1
        ),
        "assignments.assignment": assignment,
        "assignments.submission": submission,
        "assignments.submissionfile": submitted_file,
        "assignments.dailyentry": daily_entry,
        "catalog.course": course,
        "catalog.module": module,
        "catalog.lesson": lesson,
        "catalog.instructorapplication": InstructorApplicationFactory(user=owner),
        "commerce.coupon": CouponFactory(batch="SPRING", created_by=admin_user),
        "commerce.order": order,
        "commerce.webhookevent": WebhookEvent.objects.create(
            gateway="razorpay", event_id="evt_1", type="payment.captured", payload={}
        ),
        "core.sitecontent": SiteContent.objects.first()
        or SiteContent.objects.create(headline="Learn"),
        "learning.enrollment": enrollment,
        "learning.taskcompletion": TaskCompletion.objects.create(user=owner, task=task),
        "learning.lessonprogress": LessonProgress.objects.create(user=owner, lesson=lesson),
        "meetings.meeting": meeting,
        "chat.conversation": conversation,
        "chat.message": chat_file,
        "meetings.feedbackcriterion": FeedbackCriterion.objects.create(name="Clarity"),
        "meetings.interviewfeedback": InterviewFeedback.objects.create(
            meeting=meeting, student=owner, author=admin_user
        ),
        "sites.site": Site.objects.get_current(),
        "token_blacklist.outstandingtoken": outstanding,
        "people.userimport": UserImport.objects.create(created_by=admin_user, file_name="p.csv"),
        "audit.auditentry": AuditEntry.objects.create(
            actor=admin_user, actor_label=admin_user.email, action="user.disable", target_id="1"
        ),
        # An admin's export still being written (its download is refused until it is done).
        "reports.reportexport": ReportExport.objects.create(
            created_by=admin_user, report="progress", file_format="csv"
        ),
        **_assessment_objects(owner, admin_user),
        **_mentor_objects(owner, lesson),
        **_points_and_certificates(owner, admin_user, enrollment),
        "token_blacklist.blacklistedtoken": BlacklistedToken.objects.create(token=outstanding),
        **_community_objects(course, owner, admin_user),
    }
    return World(
        admin=admin_user,
        instructor=instructor,
        other_instructor=other_instructor,
        student=student,
        disabled=disabled,
        owner=owner,
        course=course,
        other_course=other_course,
        module=module,
        lesson=lesson,
        task=task,
        document=document,
        unverified=unverified,
        objects=objects,
    )


def _mentor_objects(owner, lesson) -> dict:
    """The owner's conversation and resume project; a study job and a summary on the taught
    course's lesson; the mentor's settings row."""
    return {
        "mentor.mentorsettings": MentorSettings.objects.create(pk=1, model="m"),
        "mentor.conversation": ConversationFactory(user=owner),
        "mentor.dailyusage": DailyUsage.objects.create(user=owner, day=date(2026, 1, 5)),
        "mentor.studyjob": StudyJob.objects.create(kind="summary", lesson=lesson),
        "mentor.lessonsummary": LessonSummary.objects.create(
            lesson=lesson, text="Draft", generated_at=datetime(2026, 1, 5, tzinfo=UTC)
        ),
        "resumes.resumeproject": ResumeProjectFactory(user=owner),
    }


def _taught(instructor, *, title):
    course = build_course(
        modules=1, lessons_per_module=1, tasks_per_lesson=1, instructors=[instructor], title=title
    )
    catalog_services.course_permissions_sync(course=course)
    return course


# --- Turning a route into paths -------------------------------------------------------------

ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")
# Which import a console `import/<pk>/` page means, by the console app it is under.
IMPORT_BY_APP = {
    "accounts": lambda world: world.objects["people.userimport"],
    "assessments": lambda world: world.objects["assessments.questionimport"],
}
# Which object a `<pk>` means, by the path segment before it.
PK_BY_SEGMENT = {
    "instructors": lambda world: world.instructor,
    "orders": lambda world: world.objects["commerce.order"],
    "modules": lambda world: world.module,
    "lessons": lambda world: world.lesson,
    "tasks": lambda world: world.task,
    "import": lambda world: world.objects["people.userimport"],
    "imports": lambda world: world.objects["people.userimport"],  # user-imports/<pk>
}


def _values(name: str, route: Route, world: World) -> list[str]:
    """The values to try for one parameter of a route (several give several paths)."""
    if name == "object_id":
        if route.route.startswith("admin/r/"):
            return [str(world.course.pk)]
        match = ADMIN_MODEL_ROUTE.match(route.route)
        model = match and _registered_model(match["app"], match["model"])
        if model is None:
            raise LookupError(f"no console model for {route.route}")
        return [str(world.object_for(model).pk)]
    if name == "pk":
        console = ADMIN_MODEL_ROUTE.match(route.route)
        segment = re.search(r"(\w+)/<int:pk>", route.route)
        if console and segment and segment[1] == console["model"]:
            return [str(world.object_for(_registered_model(console["app"], console["model"])).pk)]
        if console and segment and segment[1] == "import":
            return [str(IMPORT_BY_APP[console["app"]](world).pk)]
        if segment is None or segment[1] not in PK_BY_SEGMENT:
            raise LookupError(f"add the object that <pk> means in {route.route} to PK_BY_SEGMENT")
        return [str(PK_BY_SEGMENT[segment[1]](world).pk)]
    if name == "app_label":
        return sorted({model._meta.app_label for model in admin.site._registry})
    simple = {
        "slug": lambda: world.course.slug,
        "lesson_id": lambda: world.lesson.pk,
        "task_id": lambda: world.task.pk,
        "document_id": lambda: world.document.pk,
        "assignment_id": lambda: world.objects["assignments.assignment"].pk,
        "submission_id": lambda: world.objects["assignments.submission"].pk,
        "attachment_id": lambda: world.objects["assignments.assignment"].attachments.get().pk,
        "file_id": lambda: world.objects["assignments.submissionfile"].pk,
        "entry_id": lambda: world.objects["assignments.dailyentry"].pk,
        "meeting_id": lambda: world.objects["meetings.meeting"].pk,
        "conversation_id": lambda: (
            (
                world.objects[
                    "mentor.conversation" if "mentor" in route.route else "chat.conversation"
                ]
            ).pk
        ),
        "kind": lambda: "video",
        "content_type_id": lambda: ContentType.objects.get_for_model(world.course).pk,
        "token": lambda: "not-a-valid-token",
        "key": lambda: "not-a-valid-key",
        "uidb36": lambda: "zz",
        "url": lambda: "no-such-page/",
        "file_format": lambda: "csv",
        "format": lambda: "csv",
        "assessment_id": lambda: world.objects["assessments.assessment"].pk,
        "attempt_id": lambda: world.objects["assessments.attempt"].pk,
        "question_id": lambda: (
            (
                world.objects["assessments.question"]
                if "attempts/" in route.route
                else world.objects["community.thread"]
            ).pk
        ),
        "answer_id": lambda: world.objects["community.post"].pk,
        "post_id": lambda: world.objects["community.post"].pk,
        "group_id": lambda: world.objects["accounts.cohort"].pk,
        "thread_id": lambda: world.objects["community.board_thread"].pk,
        "project_id": lambda: world.objects["resumes.resumeproject"].pk,
        "user_id": lambda: world.owner.pk,
        "message_id": lambda: world.objects["chat.message"].pk,
        "certificate_id": lambda: world.objects["certificates.certificate"].pk,
        "serial": lambda: world.objects["certificates.certificate"].serial,
        "report": lambda: "progress",
        "export_id": lambda: world.objects["reports.reportexport"].pk,
    }
    if name not in simple:
        raise LookupError(f"add a value for <{name}> ({route.route}) to tests/url_walk.py")
    return [str(simple[name]())]


def _registered_model(app_label: str, model_name: str):
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name):
            return model
    return None


def urls_for(route: Route, world: World) -> list[str]:
    """The paths that exercise `route` with the world's objects, checked to resolve back to
    the same view."""
    names = route.parameters
    choices = [_values(name, route, world) for name in names]
    paths = []
    for combination in itertools.product(*choices):
        path = "/" + _fill(route.route, dict(zip(names, combination, strict=True)))
        match = resolve(path.split("?")[0])
        if _plain(match.route) != _plain(route.route):
            if match.view_name == route.name:
                return []  # replaced on purpose by an earlier route of the same name
            raise AssertionError(f"{path} resolves to {match.route}, not {route.route}")
        paths.append(path)
    return paths


def _plain(route: str) -> str:
    return route.replace("^", "").replace("$", "")


def _fill(route: str, values: dict[str, str]) -> str:
    text = re.sub(r"(?<!\?P)<(?:\w+:)?(\w+)>", lambda m: values[m[1]], route)
    while (start := text.find("(?P<")) != -1:
        name = text[start + 4 : text.index(">", start)]
        depth, end = 0, start
        for end in range(start, len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        text = text[:start] + values[name] + text[end + 1 :]
    return re.sub(r"\\(.)", r"\1", _plain(text))


# --- Requests that must not write -----------------------------------------------------------

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# Bookkeeping that any request may do: the session row, the sign-in time, axes' own log.
BOOKKEEPING = re.compile(
    r'^\s*(INSERT INTO|UPDATE|DELETE FROM) "(django_session|axes_\w+)"'
    r'|^\s*UPDATE "accounts_user" SET "last_login"',
    re.IGNORECASE,
)


class WriteRecorder:
    """A database execute wrapper that keeps the INSERT, UPDATE and DELETE statements."""

    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if WRITE.match(sql) and not BOOKKEEPING.match(sql):
            self.statements.append(sql[:160])
        return execute(sql, params, many, context)


def get_recording_writes(client, path: str):
    """GET `path`; return the response and the statements that would have written. The
    request runs in a savepoint rolled back afterwards, so a write (or an error) in one
    request cannot change what the next one sees."""
    recorder = WriteRecorder()
    with transaction.atomic(), connection.execute_wrapper(recorder):
        response = client.get(path)
        transaction.set_rollback(True)
    return response, recorder.statements


def _assessment_objects(owner, admin_user) -> dict:
    """A quiz in its own course, with an attempt of `owner`'s still open (another student's,
    for every role the walk uses)."""
    from lms.assessments.models import QuestionImport
    from lms.assessments.services.attempts import attempt_start
    from lms.assessments.tests.factories import quiz_course

    quiz = quiz_course(student=owner)
    attempt = attempt_start(user=owner, assessment=quiz.assessment)
    question = quiz.assessment.fixed_questions.first().question
    return {
        "assessments.category": question.category,
        "assessments.question": question,
        "assessments.assessment": quiz.assessment,
        "assessments.attempt": attempt,
        "assessments.questionimport": QuestionImport.objects.create(
            created_by=admin_user, format="gift", category_path="Imported", content=b""
        ),
    }


def _points_and_certificates(owner, admin_user, enrollment) -> dict:
    """`owner`'s points (a manual adjustment), a badge they earned, and the certificate of
    their completed enrollment."""
    from django.utils import timezone

    from lms.certificates import services as certificate_services
    from lms.certificates.models import CertificateTemplate
    from lms.gamification import services as points_services
    from lms.gamification.models import Badge, BadgeAward, LevelCurve, PointsRule

    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["completed_at"])
    badge = Badge.objects.create(name="First steps", criterion="points", threshold=1)
    return {
        "gamification.pointsentry": points_services.points_adjust(
            user=owner, points=10, reason="Welcome", by=admin_user
        ),
        "gamification.pointsrule": PointsRule.objects.order_by("pk").first(),
        "gamification.levelcurve": LevelCurve.objects.get_or_create(pk=1)[0],
        "gamification.badge": badge,
        "gamification.badgeaward": BadgeAward.objects.create(badge=badge, user=owner),
        "certificates.certificate": certificate_services.certificate_issue(
            enrollment_id=enrollment.pk
        ),
        "certificates.certificatetemplate": CertificateTemplate.objects.get(is_default=True),
    }


def _community_objects(course, owner, admin_user) -> dict:
    """A question of `owner`'s in the taught course with a flagged answer, and a board thread
    in a group `owner` belongs to (the signed-in student is not a member)."""
    from django.utils import timezone

    from lms.accounts.models import CohortMembership
    from lms.community.models import Flag, PostingSuspension
    from lms.community.tests.factories import answer_to, board_thread_in, question_in

    question = question_in(course, author=owner)
    answer = answer_to(question)
    Flag.objects.create(post=answer, user=owner, reason="off topic")
    cohort = CohortFactory()
    CohortMembership.objects.create(cohort=cohort, user=owner)
    return {
        "accounts.cohort": cohort,
        "community.thread": question,
        "community.post": answer,
        "community.flaggedpost": answer,
        "community.board_thread": board_thread_in(cohort, author=owner),
        "community.postingsuspension": PostingSuspension.objects.create(
            user=owner, until=timezone.now(), by=admin_user
        ),
    }


def urls_with_ids_out_of_range(route: Route, world: World) -> list[str]:
    """`route` with every `<int:...>` parameter past a 64-bit integer (what no row can have),
    the others as `urls_for` fills them; [] for a route with no int parameter."""
    ints = set(re.findall(r"<int:(\w+)>", route.route))
    if not ints:
        return []
    values = {
        name: str(2**64) if name in ints else _values(name, route, world)[0]
        for name in route.parameters
    }
    return ["/" + _fill(route.route, values)]
