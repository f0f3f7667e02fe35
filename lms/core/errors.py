"""The one error type services raise for a rule a person broke; every face turns it into a
clear message (a form error, a toast, or the API's JSON error shape)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validation_error_fields(error: ValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as the `fields` of the error shape: each field's messages,
    or `non_field_errors` when the error names no field."""
    if hasattr(error, "error_dict"):
        return {
            name: [str(message) for item in errors for message in item.messages]
            for name, errors in error.error_dict.items()
        }
    return {"non_field_errors": [str(message) for message in error.messages]}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The one JSON shape of an error, for the API and for any JSON a page answers with."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


class ApplicationError(Exception):
    """A request that cannot be done as asked. `code` is stable for clients; `message` is
    for people; `fields` maps input names to their messages; `status` is the HTTP answer."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        fields: dict[str, list[str]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.fields = fields or {}
        if status is not None:
            self.status = status


class PermissionDeniedError(ApplicationError):
    status = 403

    def __init__(self, message: str, *, code: str = "permission_denied", **kwargs) -> None:
        super().__init__(message, code=code, **kwargs)


class ConflictError(ApplicationError):
    status = 409

    def __init__(self, message: str, *, code: str = "conflict", **kwargs) -> None:
        super().__init__(message, code=code, **kwargs)


def invalid_fields_error(error: ValidationError, message: str | None = None) -> ApplicationError:
    """A model or form ValidationError as the ApplicationError a service raises."""
    return ApplicationError(
        message or _("Check the highlighted fields."),
        code="invalid",
        fields=validation_error_fields(error),
    )
