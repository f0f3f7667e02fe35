from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.api.errors import json_bad_request, json_not_found, json_server_error
from lms.core.selectors import system_health_get


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every part works; 503 naming the parts that are down. Open to anyone (load
    balancers call it) and says nothing but the state of each part."""
    states = system_health_get()
    down = [name for name, state in states.items() if state != "ok"]
    body = {"status": "down" if down else "ok", "down": down, "checks": states}
    return JsonResponse(body, status=503 if down else 200)


def bad_request(request: HttpRequest, exception=None):
    if request.path.startswith("/api/"):
        return json_bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        message = _("This upload is larger than the server accepts. Choose a smaller file.")
        title = _("Too large")
        page = format_html(
            "<!doctype html><title>{}</title><h1>{}</h1><p>{}</p>", title, title, message
        )
        return HttpResponse(page, status=413)
    from django.views.defaults import bad_request as html_bad_request

    return html_bad_request(request, exception)


def not_found(request: HttpRequest, exception=None):
    if request.path.startswith("/api/"):
        return json_not_found(request, exception)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request: HttpRequest):
    if request.path.startswith("/api/"):
        return json_server_error(request)
    from django.views.defaults import server_error as html_server_error

    return html_server_error(request)
