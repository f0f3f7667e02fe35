"""What notifications does when other contexts publish events (registered from
NotificationsConfig.ready).

Each `@notify_on(SomeEvent)` function builds a Delivery (who, which words, which link) from
the event. The receiver itself only queues a Huey job (after the publisher's commit): the job
builds the Delivery from fresh rows and sends it in batches, so the request that published
returns at once even for an audience of thousands. Adding a kind: one `kind_register` line in
kinds.py and one builder here."""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.accounts.models import CohortMembership, Role, User
from lms.assessments.events import AttemptGraded
from lms.assignments.events import AssignmentPosted, SubmissionReviewed
from lms.catalog.events import CourseReviewed, CourseSubmitted, InstructorApplicationDecided
from lms.chat.events import ChatMessageWhileAway
from lms.commerce.events import OrderPaid, OrderRefunded
from lms.community.events import (
    AnnouncementPosted,
    AnswerAccepted,
    MemberWarned,
    PostFlagged,
    PostHidden,
    PostingSuspended,
    QuestionAnswered,
    ThreadReplied,
)
from lms.core.events import Event, subscribe
from lms.gamification.events import BadgeAwarded
from lms.learning.events import CourseCompleted, EnrollmentCreated, LessonUnlocked
from lms.learning.models import ACCESS_STATUSES, Enrollment
from lms.meetings.events import MeetingSoon
from lms.notifications.services import Delivery
from lms.notifications.tasks import meeting_reminder_email, notification_event_deliver

Builder = Callable[[Event], Delivery | None]


def notify_on(event_type: type[Event]) -> Callable[[Builder], Builder]:
    """Sends what the decorated builder returns for each `event_type` (None: nobody)."""

    def register(build: Builder) -> Builder:
        path = f"{build.__module__}.{build.__qualname__}"

        def queue(event: Event) -> None:
            notification_event_deliver(path, event)

        queue.__qualname__ = f"notify.{build.__name__}"
        subscribe(event_type, queue)
        return build

    return register


def _course(course_id: int):
    from lms.catalog.models import Course

    return Course.objects.filter(pk=course_id).only("title", "slug").first()


# --- Students ---------------------------------------------------------------------------


@notify_on(EnrollmentCreated)
def enrolled(event: EnrollmentCreated) -> Delivery | None:
    course = _course(event.course_id)
    if course is None:
        return None
    body = {
        "free": _("It is free: start whenever you like."),
        "coupon": _("Your coupon gave you access."),
        "payment": _("Your payment went through."),
    }.get(event.source, _("You can start now."))
    return Delivery(
        kind="enrolled",
        user_ids=[event.user_id],
        title=_("You are enrolled in %(course)s") % {"course": course.title},
        body=body,
        link=reverse("student_pwa:course_roadmap", args=[course.slug]),
    )


@notify_on(OrderPaid)
def order_paid(event: OrderPaid) -> Delivery:
    return Delivery(
        kind="order_paid",
        user_ids=[event.user_id],
        title=_("Payment received: %(amount)s %(currency)s")
        % {"amount": event.amount, "currency": event.currency},
        link=reverse("student_pwa:order_receipt", args=[event.order_id]),
    )


@notify_on(OrderRefunded)
def order_refunded(event: OrderRefunded) -> Delivery:
    return Delivery(
        kind="order_refunded",
        user_ids=[event.user_id],
        title=_("Refund issued: %(amount)s %(currency)s")
        % {"amount": event.amount, "currency": event.currency},
        body=_("Your access to the course has ended."),
        link=reverse("student_pwa:order_receipt", args=[event.order_id]),
    )


@notify_on(LessonUnlocked)
def lesson_unlocked(event: LessonUnlocked) -> Delivery | None:
    from lms.catalog.models import Lesson

    lesson = (
        Lesson.objects.filter(pk=event.lesson_id, module__course_id=event.course_id)
        .select_related("module__course")
        .only("title", "module__course__title", "module__course__slug")
        .first()
    )
    if lesson is None:
        return None
    course = lesson.module.course
    return Delivery(
        kind="lesson_unlocked",
        user_ids=[event.user_id],
        title=_("New lesson open: %(lesson)s") % {"lesson": lesson.title},
        body=course.title,
        link=reverse("student_pwa:lesson_detail", args=[course.slug, lesson.pk]),
    )


@notify_on(CourseCompleted)
def course_completed(event: CourseCompleted) -> Delivery | None:
    course = _course(event.course_id)
    if course is None:
        return None
    return Delivery(
        kind="course_completed",
        user_ids=[event.user_id],
        title=_("You completed %(course)s") % {"course": course.title},
        link=reverse("student_pwa:course_roadmap", args=[course.slug]),
    )


@notify_on(AssignmentPosted)
def assignment_posted(event: AssignmentPosted) -> Delivery | None:
    from lms.assignments.models import Assignment

    assignment = Assignment.objects.filter(pk=event.assignment_id).first()
    if assignment is None:
        return None
    return Delivery(
        kind="assignment_posted",
        user_ids=_assignment_audience(assignment).values_list("pk", flat=True).iterator(),
        title=_("New assignment: %(title)s") % {"title": assignment.title},
        link=reverse("student_pwa:assignment_detail", args=[assignment.pk]),
    )


def _assignment_audience(assignment):
    """The students an assignment targets, each once: by course, by group, by name."""
    through = type(assignment).target_courses.through
    by_course = Enrollment.objects.filter(
        user_id=OuterRef("pk"),
        status__in=ACCESS_STATUSES,
        course_id__in=through.objects.filter(assignment_id=assignment.pk).values("course_id"),
    )
    by_cohort = CohortMembership.objects.filter(
        user_id=OuterRef("pk"),
        cohort_id__in=type(assignment)
        .target_cohorts.through.objects.filter(assignment_id=assignment.pk)
        .values("cohort_id"),
    )
    by_name = type(assignment).target_users.through.objects.filter(
        assignment_id=assignment.pk, user_id=OuterRef("pk")
    )
    return User.objects.filter(
        Q(Exists(by_course)) | Q(Exists(by_cohort)) | Q(Exists(by_name)), is_active=True
    ).order_by("pk")


@notify_on(SubmissionReviewed)
def submission_reviewed(event: SubmissionReviewed) -> Delivery | None:
    from lms.assignments.models import Assignment

    assignment = Assignment.objects.filter(pk=event.assignment_id).only("title").first()
    if assignment is None:
        return None
    return Delivery(
        kind="submission_reviewed",
        user_ids=[event.user_id],
        title=_("Reviewed: %(title)s") % {"title": assignment.title},
        body=_("Marks: %(marks)s.") % {"marks": event.marks},
        link=reverse("student_pwa:assignment_detail", args=[assignment.pk]),
    )


@notify_on(AttemptGraded)
def attempt_graded(event: AttemptGraded) -> Delivery | None:
    from lms.assessments.models import Assessment

    assessment = Assessment.objects.filter(pk=event.assessment_id).only("title").first()
    if assessment is None:
        return None
    result = _("passed") if event.passed else _("not passed")
    return Delivery(
        kind="attempt_graded",
        user_ids=[event.user_id],
        title=_("Graded: %(title)s") % {"title": assessment.title},
        body=_("%(percent)s%% (%(result)s).") % {"percent": event.percent, "result": result},
        link=reverse("student_pwa:attempt_detail", args=[event.attempt_id]),
    )


@notify_on(MeetingSoon)
def meeting_soon(event: MeetingSoon) -> Delivery | None:
    from lms.meetings.models import Meeting
    from lms.meetings.selectors import invitees

    # Its email keeps its own words (each person's time zone): queued separately.
    meeting_reminder_email(event.meeting_id)
    meeting = Meeting.objects.filter(pk=event.meeting_id, cancelled_at__isnull=True).first()
    if meeting is None:
        return None
    return Delivery(
        kind="meeting_soon",
        user_ids=invitees(meeting=meeting).filter(is_active=True).values_list("pk", flat=True),
        title=_("Starting soon: %(title)s") % {"title": meeting.title},
        link=reverse("student_pwa:meetings"),
    )


# --- Staff ------------------------------------------------------------------------------


@notify_on(CourseSubmitted)
def course_submitted(event: CourseSubmitted) -> Delivery | None:
    course = _course(event.course_id)
    if course is None:
        return None
    return Delivery(
        kind="course_submitted",
        user_ids=User.objects.filter(role=Role.ADMIN, is_active=True).values_list("pk", flat=True),
        title=_("Waiting for review: %(course)s") % {"course": course.title},
        link=reverse("admin:catalog_course_change", args=[course.pk]),
    )


@notify_on(CourseReviewed)
def course_reviewed(event: CourseReviewed) -> Delivery | None:
    course = _course(event.course_id)
    if course is None:
        return None
    title = (
        _("Approved and published: %(course)s") if event.approved else _("Not approved: %(course)s")
    )
    return Delivery(
        kind="course_reviewed",
        user_ids=list(course.instructors.values_list("pk", flat=True)),
        title=title % {"course": course.title},
        body=event.feedback,
        link=reverse("admin:catalog_course_change", args=[course.pk]),
    )


@notify_on(InstructorApplicationDecided)
def instructor_application_decided(event: InstructorApplicationDecided) -> Delivery:
    if event.approved:
        title = _("You are now an instructor")
        body = _("Open the console to create your first course.")
    else:
        title = _("Your application to teach was not accepted")
        body = event.feedback
    return Delivery(
        kind="instructor_application",
        user_ids=[event.user_id],
        title=title,
        body=body,
        link=reverse("student_pwa:teach_apply"),
    )


# --- Chat -------------------------------------------------------------------------------


@notify_on(ChatMessageWhileAway)
def chat_message_while_away(event: ChatMessageWhileAway) -> Delivery | None:
    from lms.chat.models import Message

    message = Message.objects.select_related("author").filter(pk=event.message_id).first()
    if message is None or message.deleted_at:
        return None
    author = message.author.full_name or message.author.email
    return Delivery(
        kind="chat_message",
        user_ids=list(event.recipient_ids),
        title=_("New message from %(author)s") % {"author": author},
        body=message.body[:200],
        link=reverse("student_pwa:chat_conversation", args=[event.conversation_id]),
    )


# --- Community (groups' announcements and boards, course Q&A) ---------------------------


@notify_on(AnnouncementPosted)
def announcement(event: AnnouncementPosted) -> Delivery | None:
    from lms.community.models import Announcement

    posted = Announcement.objects.filter(pk=event.announcement_id).only("title").first()
    if posted is None:
        return None
    members = (
        CohortMembership.objects.filter(cohort_id=event.cohort_id)
        .exclude(user_id=event.author_id)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    return Delivery(
        kind="announcement",
        user_ids=members.iterator(),
        title=_("Announcement: %(title)s") % {"title": posted.title},
        link=reverse("student_pwa:group_detail", args=[event.cohort_id]),
    )


@notify_on(ThreadReplied)
def thread_reply(event: ThreadReplied) -> Delivery | None:
    from lms.community.models import Thread

    thread = Thread.objects.filter(pk=event.thread_id).only("title").first()
    if thread is None or event.thread_author_id == event.author_id:
        return None
    return Delivery(
        kind="thread_reply",
        user_ids=[event.thread_author_id],
        title=_("New reply: %(title)s") % {"title": thread.title},
        link=reverse("student_pwa:group_thread", args=[event.cohort_id, thread.pk]),
    )


@notify_on(QuestionAnswered)
def forum_answer(event: QuestionAnswered) -> Delivery | None:
    from lms.community.models import Thread

    question = Thread.objects.filter(pk=event.question_id).only("title").first()
    if question is None or event.asker_id == event.author_id:
        return None
    return Delivery(
        kind="forum_answer",
        user_ids=[event.asker_id],
        title=_("Your question has an answer: %(title)s") % {"title": question.title},
        link=reverse("student_pwa:question_detail", args=[question.pk]),
    )


@notify_on(AnswerAccepted)
def answer_accepted(event: AnswerAccepted) -> Delivery | None:
    from lms.community.models import Thread

    question = Thread.objects.filter(pk=event.question_id).only("title").first()
    if question is None or event.answer_author_id == event.accepted_by_id:
        return None
    body = _("You earned %(xp)s XP.") % {"xp": event.xp} if event.xp else ""
    return Delivery(
        kind="answer_accepted",
        user_ids=[event.answer_author_id],
        title=_("Your answer was accepted: %(title)s") % {"title": question.title},
        body=body,
        link=reverse("student_pwa:question_detail", args=[question.pk]),
    )


@notify_on(BadgeAwarded)
def badge_awarded(event: BadgeAwarded) -> Delivery | None:
    from lms.gamification.models import Badge

    badge = Badge.objects.filter(pk=event.badge_id).only("name", "description").first()
    if badge is None:
        return None
    return Delivery(
        kind="badge_awarded",
        user_ids=[event.user_id],
        title=_("You earned the badge %(name)s") % {"name": badge.name},
        body=badge.description,
        link=reverse("student_pwa:my_points"),
    )


@notify_on(PostFlagged)
def post_flagged(event: PostFlagged) -> Delivery:
    """To the moderators: the admins, and the instructors of the post's course."""
    moderators = Q(role=Role.ADMIN)
    if event.course_id:
        moderators |= Q(role=Role.INSTRUCTOR, courses_taught=event.course_id)
    return Delivery(
        kind="post_flagged",
        user_ids=User.objects.filter(moderators, is_active=True)
        .values_list("pk", flat=True)
        .distinct(),
        title=_("A post was flagged for moderation"),
        link=reverse("admin:community_flaggedpost_changelist"),
    )


@notify_on(MemberWarned)
def member_warned(event: MemberWarned) -> Delivery:
    return Delivery(
        kind="community_moderation",
        user_ids=[event.user_id],
        title=_("A moderator warned you about a post"),
        body=event.message,
    )


@notify_on(PostingSuspended)
def posting_suspended(event: PostingSuspended) -> Delivery:
    return Delivery(
        kind="community_moderation",
        user_ids=[event.user_id],
        title=_("You cannot post in the community for now"),
        body=_("Until %(until)s (UTC).") % {"until": event.until[:16].replace("T", " ")},
    )


@notify_on(PostHidden)
def post_hidden(event: PostHidden) -> Delivery:
    return Delivery(
        kind="community_moderation",
        user_ids=[event.author_id],
        title=_("A moderator hid one of your posts"),
    )
