"""Who may see and write what in the community (the one place that answers it).

- A course's Q&A: students whose enrollment gives access (active or completed), the course's
  instructors and admins. Others get 403 on the course (which is public) and 404 on its
  questions and posts (whose titles are not).
- A group: its members, admins, and the instructors who teach it: an instructor teaches a
  group they are a member of, or one with a member enrolled (with access) in a course they
  teach. Those read the page and write on its board; admins and teaching instructors post
  announcements. Anyone else gets 404, whatever the group.
- Moderation: admins moderate every post; instructors the Q&A posts of the courses they
  teach (group boards are moderated by admins).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from lms.accounts.models import Cohort, CohortMembership, Role, User
from lms.accounts.permissions import can_preview_course, is_admin
from lms.catalog.models import Course
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.learning.models import ACCESS_STATUSES, Enrollment


class NotVisibleError(ApplicationError):
    """A group, question or post the person may not see: answered like one that does not
    exist, so its existence and title are not told."""

    status = 404

    def __init__(self) -> None:
        super().__init__(_("Not found, or not visible to you."), code="not_found")


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_use_course_forum(*, user: User, course: Course) -> bool:
    if not _signed_in(user):
        return False
    if Enrollment.objects.filter(user=user, course=course, status__in=ACCESS_STATUSES).exists():
        return True
    return can_preview_course(user, course)


def course_forum_check(*, user: User, course: Course) -> None:
    if not can_use_course_forum(user=user, course=course):
        raise PermissionDeniedError(
            _("Only the course's students and staff can read and ask its questions.")
        )


def forum_courses_for(*, user: User) -> QuerySet[Course]:
    """The courses whose Q&A the person may use."""
    if not _signed_in(user):
        return Course.objects.none()
    if is_admin(user):
        return Course.objects.all()
    enrolled = Enrollment.objects.filter(
        user=user, course=OuterRef("pk"), status__in=ACCESS_STATUSES
    )
    taught = Q(instructors=user) if user.role == Role.INSTRUCTOR else Q(pk__in=[])
    return Course.objects.filter(Q(Exists(enrolled)) | taught).distinct()


def _taught_cohorts(user: User) -> Q:
    """Groups an instructor teaches: member of, or a member enrolled in a course of theirs."""
    enrolled_member = Enrollment.objects.filter(
        user__cohort_memberships__cohort=OuterRef("pk"),
        course__instructors=user,
        status__in=ACCESS_STATUSES,
    )
    return Q(Exists(enrolled_member))


def groups_for(*, user: User) -> QuerySet[Cohort]:
    """The groups whose page the person may open."""
    if not _signed_in(user):
        return Cohort.objects.none()
    if is_admin(user):
        return Cohort.objects.all()
    member = Q(Exists(CohortMembership.objects.filter(cohort=OuterRef("pk"), user=user)))
    if user.role == Role.INSTRUCTOR:
        return Cohort.objects.filter(member | _taught_cohorts(user))
    return Cohort.objects.filter(member)


def group_check(*, user: User, cohort: Cohort) -> None:
    if not groups_for(user=user).filter(pk=cohort.pk).exists():
        raise NotVisibleError


def can_announce(*, user: User, cohort: Cohort) -> bool:
    if is_admin(user):
        return True
    return (
        _signed_in(user)
        and user.role == Role.INSTRUCTOR
        and groups_for(user=user).filter(pk=cohort.pk).exists()
    )


def moderated_posts_filter(*, user: User) -> Q | None:
    """A filter on Post for what the person moderates; None when nothing."""
    if is_admin(user):
        return Q()
    if _signed_in(user) and user.role == Role.INSTRUCTOR:
        return Q(thread__course__instructors=user)
    return None


def can_moderate(*, user: User, post) -> bool:
    if is_admin(user):
        return True
    course = post.thread.course
    return (
        course is not None
        and _signed_in(user)
        and user.role == Role.INSTRUCTOR
        and (course.instructors.filter(pk=user.pk).exists())
    )


def thread_check(*, user: User, thread) -> None:
    """Reading a thread (a question or a board topic): 404 when its place is closed to the
    person or it was hidden."""
    if thread.hidden_at is not None:
        raise NotVisibleError
    if thread.course_id is not None:
        if not can_use_course_forum(user=user, course=thread.course):
            raise NotVisibleError
    elif not groups_for(user=user).filter(pk=thread.cohort_id).exists():
        raise NotVisibleError


def post_check(*, user: User, post) -> None:
    if post.hidden_at is not None:
        raise NotVisibleError
    thread_check(user=user, thread=post.thread)
