"""The resume as a one-page PDF (WeasyPrint), in one of two templates. Fonts: Noto Sans
with Noto Sans Devanagari (Debian's fonts-noto-core), so Hindi text renders.

Regenerated when its data changes: the PDF is cached under a hash of its content (the
data, the template and TEMPLATE_VERSION), so any change to the profile, projects or
courses makes a new key, and an unchanged resume is served from the cache."""

import hashlib
import json

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core.errors import ApplicationError
from lms.resumes.selectors import resume_data_get

TEMPLATES = {"classic": _("Classic"), "modern": _("Modern")}
DEFAULT_TEMPLATE = "classic"
TEMPLATE_VERSION = 1  # bump when the templates change, so cached PDFs are remade
CACHE_SECONDS = 7 * 24 * 3600


def template_check(template: str | None) -> str:
    template = template or DEFAULT_TEMPLATE
    if template not in TEMPLATES:
        raise ApplicationError(
            _("Choose the classic or the modern template."),
            code="invalid",
            fields={"template": [", ".join(TEMPLATES)]},
        )
    return template


def content_hash(data: dict, template: str) -> str:
    raw = json.dumps([TEMPLATE_VERSION, template, data], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def render_pdf(*, data: dict, template: str) -> bytes:
    from weasyprint import HTML  # heavy: loaded when a PDF is made

    html = render_to_string(f"resumes/{template}.html", {"r": data})
    return HTML(string=html).write_pdf()


def resume_pdf_get(*, user: User, template: str | None = None) -> bytes:
    """The user's resume PDF, from the cache when its content has not changed."""
    template = template_check(template)
    data = resume_data_get(user=user)
    key = f"resumes:pdf:{content_hash(data, template)}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(data=data, template=template)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
