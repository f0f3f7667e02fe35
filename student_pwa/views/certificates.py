"""Certificates: the student's list and downloads (a private file, after the permission
check), and the public verification page (no sign-in) that the QR code points to."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from lms.certificates import selectors
from lms.core.errors import PermissionDeniedError
from lms.core.private_files import file_response
from student_pwa.decorators import student_required
from student_pwa.views.learning import _file_user
from student_pwa.views.shared import render_page


@require_GET
@student_required
def my_certificates(request: HttpRequest) -> HttpResponse:
    context = {"certificates": list(selectors.my_certificates(user=request.user))}
    return render_page(request, "student_pwa/certificates/list.html", context)


@require_http_methods(["GET", "HEAD"])
def certificate_download(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """The PDF, for its owner (session or an API client's bearer token) and admins; 404 for
    anyone else."""
    try:
        user = _file_user(request)
    except PermissionDeniedError as error:
        return HttpResponse(error.message, status=401)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = selectors.certificate_for_download(user=user, certificate_id=certificate_id)
    return file_response(request, certificate.file, as_attachment=True)


@require_GET
def certificate_verify(request: HttpRequest, serial: str) -> HttpResponse:
    """Anyone may check a serial: valid, revoked, or unknown (404)."""
    certificate = selectors.certificate_by_serial(serial=serial)
    status = 200 if certificate is not None else 404
    return render(
        request,
        "student_pwa/certificates/verify.html",
        {"certificate": certificate, "serial": serial},
        status=status,
    )
