"""Content Security Policy: one strict policy from settings, widened only by the views that
need it (for example a payment page that loads its gateway's script)."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse

CSP_HEADER = "Content-Security-Policy"


def build_policy(policy: dict[str, list[str]], extra: dict[str, list[str]] | None = None) -> str:
    merged = {name: list(sources) for name, sources in policy.items()}
    for name, sources in (extra or {}).items():
        merged.setdefault(name, []).extend(s for s in sources if s not in merged[name])
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in merged.items())


def policy_for(request: HttpRequest, extra: dict[str, list[str]] | None = None) -> str:
    if request.path.startswith("/admin/"):
        return build_policy(settings.LMS_CSP_ADMIN, extra)
    return build_policy(settings.LMS_CSP, extra)


def csp_extend(**sources: list[str]) -> Callable:
    """Decorate a view to allow more sources, e.g. `@csp_extend(script_src=["https://x"])`."""
    extra = {name.replace("_", "-"): list(values) for name, values in sources.items()}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response[CSP_HEADER] = policy_for(request, extra)
            return response

        return wrapped

    return decorator
