"""The resume builder's own data: the projects a student adds. Education and skills are the
profile's (lms.accounts); completed courses come from learning."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResumeProject(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resume_projects"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what you built"), max_length=600, blank=True)
    technologies = models.CharField(_("technologies"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resume project")
        verbose_name_plural = _("resume projects")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title
