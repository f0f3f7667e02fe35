from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from lms.core.csp import CSP_HEADER, policy_for


class ContentSecurityPolicyMiddleware:
    """Adds the strict policy to every response that has not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if CSP_HEADER not in response:
            response[CSP_HEADER] = policy_for(request)
        return response
