import sys

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.api.errors import (
    json_bad_request,
    json_not_found,
    json_server_error,
    json_service_unavailable,
)
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


# Seconds a client is asked to wait when the database cannot be reached.
DATABASE_RETRY_AFTER = 30


def database_unavailable(error: BaseException | None) -> bool:
    """The database cannot be reached: refused or dropped connections, a restart, and the
    connection pool's timeout (psycopg_pool.PoolTimeout, which Django raises as an
    OperationalError). Errors of a query itself (IntegrityError, ProgrammingError...)
    stay 500s."""
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request: HttpRequest):
    """Django's 500 handler. A database that cannot be reached is a 503 with a sentence (in
    the API's error shape under /api/) and Retry-After, rendered without touching the
    database; the pool hands out a fresh connection once it is back, no restart needed."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    if request.path.startswith("/api/"):
        return json_server_error(request)
    from django.views.defaults import server_error as html_server_error

    return html_server_error(request)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        message = _("The service cannot reach its database just now. Try again in a minute.")
        response = json_service_unavailable(request, message)
    else:
        # No request context: context processors could query the database that is down.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response
