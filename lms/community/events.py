"""Events the community context publishes (see lms/core/events.py and the README's list).
Notifications turn them into messages; a later points issue turns AnswerAccepted's xp into
ledger rows."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class AnnouncementPosted(Event):
    """Staff posted an announcement to a group: every member is to be told."""

    announcement_id: int
    cohort_id: int
    author_id: int


@dataclass(frozen=True)
class ThreadStarted(Event):
    """A member opened a discussion on a group's board."""

    thread_id: int
    cohort_id: int
    author_id: int


@dataclass(frozen=True)
class ThreadReplied(Event):
    """Someone replied on a group's board (tell the thread's author unless it is them)."""

    thread_id: int
    post_id: int
    cohort_id: int
    author_id: int
    thread_author_id: int


@dataclass(frozen=True)
class QuestionAsked(Event):
    """A question was asked in a course's Q&A (`lesson_id` when asked on a lesson)."""

    question_id: int
    course_id: int
    lesson_id: int | None
    author_id: int


@dataclass(frozen=True)
class QuestionAnswered(Event):
    """An answer was posted (tell the asker unless they answered themselves)."""

    question_id: int
    answer_id: int
    course_id: int
    author_id: int
    asker_id: int


@dataclass(frozen=True)
class AnswerAccepted(Event):
    """The asker accepted an answer, awarding `xp` (0 when none, else 1–10) to its author."""

    question_id: int
    answer_id: int
    course_id: int
    answer_author_id: int
    accepted_by_id: int
    xp: int


@dataclass(frozen=True)
class PostFlagged(Event):
    """Someone flagged a post: it is in the moderation queue (`course_id` for Q&A posts,
    `cohort_id` for board posts)."""

    post_id: int
    flagged_by_id: int
    course_id: int | None
    cohort_id: int | None


@dataclass(frozen=True)
class PostHidden(Event):
    """A moderator hid a post (tell its author)."""

    post_id: int
    author_id: int
    moderator_id: int


@dataclass(frozen=True)
class MemberWarned(Event):
    """A moderator warned a member about a post; `message` is for the member."""

    user_id: int
    post_id: int | None
    moderator_id: int
    message: str


@dataclass(frozen=True)
class PostingSuspended(Event):
    """A member may not post in the community until `until` (ISO 8601, UTC)."""

    user_id: int
    until: str
    moderator_id: int
