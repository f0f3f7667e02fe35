"""HTTP and WebSocket in one application, served by daphne."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")
django_http = get_asgi_application()  # before anything that imports models

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from lms.accounts.websocket import JwtAuthMiddleware  # noqa: E402


def _daphne_leaves_bodies_to_django() -> None:
    """Twisted, under daphne, parses every POSTed form for its own use (daphne never reads
    the result) and answers a malformed multipart body with a bare, empty 400 before the
    request reaches Django. Turned off, Django parses the body once and refuses it in the
    app's own words (the API's error shape)."""
    try:
        from daphne.http_protocol import WebRequest
    except ImportError:  # served by another ASGI server
        return
    if getattr(WebRequest, "_lms_form_parsing_off", False):
        return
    original_init = WebRequest.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self._parsePOSTFormSubmission = False

    WebRequest.__init__ = __init__
    WebRequest._lms_form_parsing_off = True


_daphne_leaves_bodies_to_django()

application = ProtocolTypeRouter(
    {
        "http": django_http,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(JwtAuthMiddleware(URLRouter(websocket_urlpatterns())))
        ),
    }
)
