"""Writes for site-wide content. Every function is one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.core.errors import ConflictError, invalid_fields_error
from lms.core.models import SiteContent


@transaction.atomic
def site_content_save(*, content: SiteContent) -> SiteContent:
    """Store the home page's words whose fields a validated form set (the console). The
    home page has one text: a second row is refused."""
    if content._state.adding and SiteContent.objects.exists():
        raise ConflictError(
            _("The home page already has its text: change that one."), code="exists"
        )
    try:
        content.full_clean()
    except ValidationError as error:
        raise invalid_fields_error(error) from error
    content.save()
    return content
