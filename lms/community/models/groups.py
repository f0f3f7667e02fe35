"""A group's announcements (staff write them; members are told through an event)."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    cohort = models.ForeignKey(
        "accounts.Cohort", on_delete=models.CASCADE, related_name="announcements"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="announcements"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Sanitized HTML."))
    created_at = models.DateTimeField(_("posted"), default=now)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["cohort", "-created_at"])]

    def __str__(self) -> str:
        return self.title
