"""Admin console pages of the certificates context: issued certificates (revoke with a
reason, re-issue, download), and the HTML templates they are drawn from. Admins only.
Writes go through lms.certificates.services."""

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action, display

from admin_ext.actions import confirm_first
from admin_ext.base import ConsoleModelAdmin
from admin_ext.callbacks import ADMINS_ONLY
from lms.certificates import services
from lms.certificates.models import Certificate, CertificateTemplate
from lms.certificates.services import certificate_preview_pdf
from lms.core.errors import ApplicationError


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Why is it revoked?"), max_length=255)


@admin.register(Certificate)
class CertificateAdmin(ConsoleModelAdmin):
    list_display = ["serial", "recipient_name", "course_title", "issued_at", "valid"]
    list_filter = ["issued_at", "revoked_at"]
    list_select_related = ["user", "course"]
    search_fields = ["serial", "recipient_name", "user__email", "course_title"]
    readonly_fields = [
        "serial",
        "user",
        "course",
        "enrollment",
        "recipient_name",
        "course_title",
        "completed_on",
        "template",
        "issued_at",
        "reissued_at",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
    ]
    fields = readonly_fields
    actions_detail = ["revoke_link", "reissue", "download_link"]

    def has_add_permission(self, request) -> bool:
        return False  # issued by the job when a course is completed

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke instead: the serial must keep answering

    @display(description=_("Valid"), boolean=True)
    def valid(self, obj: Certificate) -> bool:
        return obj.is_valid

    def get_urls(self):
        return [
            self.console_path(
                "<path:object_id>/revoke/",
                self.revoke_view,
                "certificates_certificate_revoke",
                permission="change",
            ),
            *super().get_urls(),
        ]

    def revoke_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """A GET shows the reason form; its POST revokes."""
        certificate = get_object_or_404(Certificate, pk=object_id)
        form = RevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.certificate_revoke(
                    certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("Certificate %s revoked.") % certificate.serial)
                return HttpResponseRedirect(
                    reverse("admin:certificates_certificate_change", args=[certificate.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke certificate %s") % certificate.serial,
            "opts": self.model._meta,
            "original": certificate,
            "form": form,
        }
        return TemplateResponse(request, "admin_ext/certificates/revoke.html", context)

    @action(description=_("Revoke"), url_path="revoke-link", permissions=["change"])
    def revoke_link(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return HttpResponseRedirect(
            reverse("admin:certificates_certificate_revoke", args=[object_id])
        )

    @action(description=_("Re-issue"), url_path="reissue", permissions=["change"])
    @confirm_first(
        question=_("Draw this certificate again with the current template and name?"),
        submit_label=_("Re-issue"),
    )
    def reissue(self, request: HttpRequest, object_id: str) -> HttpResponse:
        certificate = get_object_or_404(Certificate, pk=object_id)
        try:
            services.certificate_reissue(certificate=certificate, by=request.user)
        except ApplicationError as error:
            self.message_user(request, error.message, level="error")
        else:
            self.message_user(request, _("Certificate %s re-issued.") % certificate.serial)
        return HttpResponseRedirect(
            reverse("admin:certificates_certificate_change", args=[object_id])
        )

    @action(description=_("Download PDF"), url_path="download-link", permissions=["view"])
    def download_link(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return HttpResponseRedirect(reverse("student_pwa:certificate_download", args=[object_id]))


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(ConsoleModelAdmin):
    list_display = ["name", "is_default", "updated_at"]
    fields = ["name", "is_default", "html"]
    actions_detail = ["preview_link"]

    @action(description=_("Preview PDF"), url_path="preview-link", permissions=["view"])
    def preview_link(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The saved template drawn with sample values (a Hindi name among them); writes
        nothing."""
        template = get_object_or_404(CertificateTemplate, pk=object_id)
        response = HttpResponse(
            certificate_preview_pdf(template_html=template.html), content_type="application/pdf"
        )
        response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
        return response


# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 68,
        "title": _("Certificates"),
        "collapsible": True,
        "items": [
            {
                "title": _("Certificates"),
                "icon": "verified",
                "link": reverse_lazy("admin:certificates_certificate_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Certificate templates"),
                "icon": "design_services",
                "link": reverse_lazy("admin:certificates_certificatetemplate_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
