from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from lms.core.files import UploadValidator, stored_name

ATTACHMENT_EXTENSIONS = ["pdf", "png", "jpg", "jpeg", "txt", "zip"]


def attachment_path(instance: "Message", filename: str) -> str:
    """A generated private name: served only by the members-only download view."""
    return stored_name(f"private/chat/{instance.conversation_id}", filename)


class ConversationKind(models.TextChoices):
    DIRECT = "direct", _("Direct")
    COHORT = "cohort", _("Group (cohort)")
    GROUP = "group", _("Group chat")


class Conversation(models.Model):
    """A direct chat between two people, the chat of a cohort (one each, membership follows
    the cohort), or a group chat staff made."""

    kind = models.CharField(_("kind"), max_length=10, choices=ConversationKind.choices)
    title = models.CharField(_("title"), max_length=120, blank=True)
    cohort = models.OneToOneField(
        "accounts.Cohort",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversation",
    )
    # "smaller id:larger id" of a direct chat: one conversation per pair, by constraint.
    direct_key = models.CharField(max_length=40, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} #{self.pk}"


class Membership(models.Model):
    """A person in a conversation. `removed_at`: staff took them out (they read nothing
    more); `muted`: they read but cannot send. `last_read_id`: the newest message they have
    read (unread counts and read receipts)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_memberships"
    )
    joined_at = models.DateTimeField(default=now)
    last_read_id = models.PositiveBigIntegerField(default=0)
    muted = models.BooleanField(_("muted"), default=False)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    # Added because they are in the conversation's cohort (leaves when they leave it).
    via_cohort = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="chat_membership_unique")
        ]
        indexes = [
            models.Index(
                fields=["user", "conversation"],
                condition=Q(removed_at__isnull=True),
                name="chat_membership_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages"
    )
    body = models.TextField(_("message"), blank=True)
    attachment = models.FileField(
        _("attachment"),
        upload_to=attachment_path,
        blank=True,
        validators=[
            UploadValidator(
                extensions=ATTACHMENT_EXTENSIONS, max_bytes=settings.LMS_CHAT_MAX_ATTACHMENT_BYTES
            )
        ],
    )
    # The name the sender's file had (display only; storage uses a generated one).
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    created_at = models.DateTimeField(default=now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-id"]
        indexes = [models.Index(fields=["conversation", "-id"], name="chat_message_history")]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.body[:40]}"
