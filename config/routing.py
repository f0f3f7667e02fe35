"""WebSocket routes: each installed app that has a `routing.py` with `websocket_urlpatterns`
contributes its routes, the way `admin.autodiscover()` finds `admin.py`. A new context adds
its consumers in its own `routing.py`; nothing central changes."""

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def websocket_urlpatterns() -> list:
    patterns: list = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "routing"):
            module = import_module(f"{app_config.name}.routing")
            patterns.extend(getattr(module, "websocket_urlpatterns", []))
    return patterns
