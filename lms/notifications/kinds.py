"""The kinds of notification and their default channels. A new kind is one line here
(`kind_register(...)`) plus, in receivers.py, the event that sends it. A person's own choice
per kind (Preference) overrides these defaults."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    in_app: bool = True
    email: bool = False
    push: bool = False
    # The email of this kind is written by its own service (the meeting reminder, in the
    # person's time zone): the generic delivery sends none, the preference still applies.
    own_email: bool = False

    def default(self, channel: str) -> bool:
        return getattr(self, channel)


CHANNELS = ("in_app", "email", "push")
KINDS: dict[str, Kind] = {}


def kind_register(key: str, label, **defaults) -> Kind:
    kind = Kind(key=key, label=label, **defaults)
    KINDS[key] = kind
    return kind


def kind_get(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise LookupError(f"Unknown notification kind {key!r}: register it in kinds.py") from None


kind_register("enrolled", _("You were enrolled in a course"), email=True, push=True)
kind_register("order_paid", _("Payment received"), email=True)
kind_register("order_refunded", _("Refund issued"), email=True)
kind_register("lesson_unlocked", _("A new lesson is open"), push=True)
kind_register("course_completed", _("Course completed"), email=True, push=True)
kind_register("course_submitted", _("A course waits for review (admins)"), email=True)
kind_register("course_reviewed", _("Your course was approved or rejected"), email=True, push=True)
kind_register("instructor_application", _("Your application to teach was decided"), email=True)
kind_register("assignment_posted", _("New assignment"), email=True, push=True)
kind_register("submission_reviewed", _("Your submission was reviewed"), email=True, push=True)
kind_register("meeting_soon", _("A meeting starts soon"), email=True, push=True, own_email=True)
kind_register("attempt_graded", _("Your quiz or exam was graded"), push=True)
kind_register("chat_message", _("Chat message while you are away"), email=False, push=True)
kind_register("announcement", _("Announcements in your groups"), email=True, push=True)
kind_register("thread_reply", _("Replies to your discussions"), push=True)
kind_register("forum_answer", _("Answers to your questions"), email=True, push=True)
kind_register("answer_accepted", _("Your answer was accepted"), push=True)
kind_register("post_flagged", _("A post was flagged (moderators)"))
kind_register("community_moderation", _("Moderation of your posts"), email=True)
kind_register("badge_awarded", _("You earned a badge"), push=True)
