from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteContent(models.Model):
    """The words of the public home page, edited by admins in the console (one row)."""

    headline = models.CharField(_("headline"), max_length=160)
    introduction = models.TextField(_("introduction"), max_length=600)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("home page text")
        verbose_name_plural = _("home page text")

    def __str__(self) -> str:
        return self.headline
