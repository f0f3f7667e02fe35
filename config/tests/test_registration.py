"""A context registers itself once per face: its API module's urlpatterns, its routing.py."""

from importlib import import_module

from django.urls import get_resolver

from config.routing import websocket_urlpatterns
from lms.api.urls import API_MODULES


def test_every_api_module_is_mounted_under_the_api_namespace():
    _prefix, api = get_resolver().namespace_dict["api"]
    mounted = {name for name in api.reverse_dict if isinstance(name, str)}
    for module in API_MODULES:
        names = {pattern.name for pattern in import_module(module).urlpatterns}
        assert names and names <= mounted, module


def test_websocket_routes_are_collected_from_each_apps_routing_module():
    routes = [str(pattern.pattern) for pattern in websocket_urlpatterns()]
    assert "ws/notifications/" in routes
