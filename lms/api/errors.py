"""One JSON error shape for every API error: {"error": {"code", "message", "fields"}}."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from lms.api.authentication import email_unverified_refusal
from lms.core.errors import ApplicationError, error_body, invalid_fields_error


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(key): [str(item) for item in (value if isinstance(value, list) else [value])]
            if not isinstance(value, dict)
            else [str(v) for values in _flatten(value).values() for v in values]
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {}


def exception_handler(exc, context):
    if isinstance(exc, exceptions.NotAuthenticated):
        # Signed in, but as an account whose email is not verified (lms.api.authentication).
        exc = email_unverified_refusal(context.get("request")) or exc
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        error = invalid_fields_error(exc)
        return Response(error_body(error.code, error.message, error.fields), status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = error_body("invalid", _("Check the highlighted fields."), _flatten(exc.detail))
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        message = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        if isinstance(code, dict):
            code = code.get("detail", getattr(exc, "default_code", "error"))
        body = error_body(str(code) if not isinstance(code, list) else str(code[0]), message)
    response.data = body
    return response


def json_bad_request(request, exception=None):
    """What Django refuses before any view runs: a body over DATA_UPLOAD_MAX_MEMORY_SIZE
    (413), too many fields or files, a malformed request (400)."""
    if isinstance(exception, RequestDataTooBig):
        message = _("The request body is larger than this server accepts.")
        return JsonResponse(error_body("too_large", message), status=413)
    message = _("The request could not be read.")
    return JsonResponse(error_body("bad_request", message), status=status.HTTP_400_BAD_REQUEST)


def json_not_found(request, exception=None):
    return JsonResponse(error_body("not_found", _("Not found.")), status=status.HTTP_404_NOT_FOUND)


def json_service_unavailable(request, message: str):
    return JsonResponse(
        error_body("service_unavailable", message),
        status=status.HTTP_503_SERVICE_UNAVAILABLE,
    )


def json_server_error(request):
    return JsonResponse(
        error_body("server_error", _("Something went wrong on our side. Please try again.")),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
