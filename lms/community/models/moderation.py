"""Flags raised on posts, and what moderators did about their authors."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _


class Flag(models.Model):
    """One person's report of a post. Open until a moderator resolves it (hide or restore)."""

    post = models.ForeignKey("community.Post", on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("flagged"), default=now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=Q(resolved_at__isnull=True),
                name="community_open_flag_once",
            )
        ]

    def __str__(self) -> str:
        return f"Flag on #{self.post_id}"


class MemberWarning(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_warnings"
    )
    post = models.ForeignKey(
        "community.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(_("message"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")

    def __str__(self) -> str:
        return f"MemberWarning to {self.user_id}"


class PostingSuspension(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posting_suspensions"
    )
    until = models.DateTimeField(_("until"))
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("posting suspension")
        verbose_name_plural = _("posting suspensions")
        indexes = [models.Index(fields=["user", "until"])]

    def __str__(self) -> str:
        return f"{self.user} until {self.until:%Y-%m-%d}"
