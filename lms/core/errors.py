"""The one error type services raise for a rule a person broke; every face turns it into a
clear message (a form error, a toast, or the API's JSON error shape)."""


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
