from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

PAGE_PARAMETERS = ("page", "page_size")


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (capped), for every list in the API. Both are positive
    integers: anything else is a 400 naming the parameter, not a silent default."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        _validate_positive_integers(request)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in PAGE_PARAMETERS:
                parameter["schema"]["minimum"] = 1
        return parameters


def _validate_positive_integers(request) -> None:
    errors = {}
    for name in PAGE_PARAMETERS:
        if name not in request.query_params:
            continue
        value = request.query_params[name]
        if not (value.isascii() and value.isdigit() and int(value) >= 1):
            errors[name] = [_("A whole number of 1 or more.")]
    if errors:
        raise ValidationError(errors)
