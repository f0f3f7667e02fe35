from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class JwtScheme(SimpleJWTScheme):
    """The API's own authentication classes (lms.api.authentication) are described as the
    ones they extend: the schema's security schemes stay `jwtAuth` and `cookieAuth`."""

    target_class = "lms.api.authentication.JwtAuthentication"


class CookieScheme(SessionScheme):
    target_class = "lms.api.authentication.SessionAuthentication"


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable, for programs: `invalid`, `not_found`..."))
    message = serializers.CharField(help_text=_("For people, in the requested language."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per input name; empty when the error is not about one field."),
    )


class ErrorSerializer(serializers.Serializer):
    """The one shape of every API error (lms.core.errors.error_body)."""

    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    "400": _("The input is not valid: `fields` names each problem."),
    "401": _("No valid access token (missing, expired or revoked)."),
    "403": _("Signed in, but not allowed to do this."),
    "404": _("Not found, or not visible to you."),
    "409": _("Conflicts with the current state (already done, taken, sold out...)."),
    "413": _("The body is larger than the server accepts."),
    "415": _("The body is not in a format this operation reads."),
    "429": _("Too many requests: wait for the time in `Retry-After`."),
}


class AutoSchema(SpectacularAutoSchema):
    """Names nested serializers after their view, so every `<Entity><Action>Api` can keep its
    own `InputSerializer`/`OutputSerializer` without clashing in the schema
    (`TokenObtainApi.InputSerializer` becomes the component `TokenObtainApiInput`).

    Declares the error answers of every operation once, here, in the error shape, so that no
    view has to repeat them and clients can rely on the schema for every status."""

    def get_serializer_name(self, serializer, direction) -> str:
        qualified = serializer.__class__.__qualname__
        if "." in qualified:
            return qualified.replace(".", "").removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, declared in list(responses.items()):
            if str(code).startswith("4") and "$ref" not in _json_schema(declared):
                # A view that describes an error status by hand keeps its words; the body
                # is still the one error shape.
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = declared.get("description") or _json_schema(declared).get(
                    "description", str(ERROR_DESCRIPTIONS.get(str(code), ""))
                )
                responses[code] = response
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = str(ERROR_DESCRIPTIONS[code])
                responses[code] = response
        return responses

    def _get_filter_parameters(self):
        # An empty filter value means "no filter" (as from an HTML form), whatever its type.
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            if parameter["in"] == "query" and parameter["schema"].get("type") != "string":
                parameter["allowEmptyValue"] = True
        return parameters

    def _declares_query_parameters(self) -> bool:
        """Query parameters a view declares with @extend_schema (not a filterset): a bad
        value there is a 400 too."""
        return any(
            getattr(parameter, "location", None) == "query"
            for parameter in self.get_override_parameters()
        )

    def _error_codes(self) -> list[str]:
        """The error statuses this operation can answer, from what the view declares. A view
        adds those it alone can tell in `error_statuses` (a token refused by an open view,
        an object named in the body that does not exist)."""
        view = self.view
        has_body = self.method in UNSAFE_METHODS and self.method != "DELETE"
        has_query = bool(
            self._get_filter_parameters()
            or self._get_pagination_parameters()
            or self._declares_query_parameters()
        )
        has_path_parameters = "{" in self.path
        open_to_all = all(isinstance(permission, AllowAny) for permission in view.get_permissions())
        codes = []
        if has_body or has_query:
            codes.append("400")
        if view.get_authenticators():
            codes.append("401")  # a bad or expired token is refused even where none is needed
        if not open_to_all:
            codes.append("403")
        if has_path_parameters or self._is_list_view():
            codes.append("404")  # unknown ids, and pages past the last
        if self.method in UNSAFE_METHODS:
            codes.append("409")
        if has_body:
            codes += ["413", "415"]
        if view.get_throttles():
            codes.append("429")
        extra = [str(code) for code in getattr(view, "error_statuses", ())]
        return sorted(set(codes) | set(extra))


def _json_schema(response: dict) -> dict:
    return response.get("content", {}).get("application/json", {}).get("schema", {})
