from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(
    request: HttpRequest, template: str, context: dict, fragment: str = "content", **kwargs
) -> HttpResponse:
    """The whole page normally; only its `fragment` partial for an htmx request (not boosted).
    Sends `Vary: HX-Request` because the same URL answers with a page or a fragment."""
    name = f"{template}#{fragment}" if request.htmx and not request.htmx.boosted else template
    response = render(request, name, context, **kwargs)
    response["Vary"] = "HX-Request"
    return response
