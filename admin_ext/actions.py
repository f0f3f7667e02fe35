"""Helpers shared by the console's actions. Every action that changes data runs only on a
POST behind CSRF: a bulk action that needs input asks for it first (`bulk_action_with_form`),
and a detail or row action (unfold renders those as plain links, so a GET reaches them)
answers a GET with a confirmation page whose button POSTs (`confirm_first`). Both render
`admin_ext/action_form.html`."""

from collections.abc import Callable
from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import reverse

from lms.core.errors import ApplicationError

TEMPLATE = "admin_ext/action_form.html"


def bulk_action_with_form(
    model_admin, request, queryset, *, form_class, action_name, heading, submit_label, apply
):
    """Ask for some input (a group, a role, feedback, people to enroll) before acting on the
    selected rows. `apply(cleaned_data)` calls the service; a rule it reports
    (ApplicationError) is shown on the form instead of a crash."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            apply(form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return None
    context = _context(model_admin, request, heading=heading, submit_label=submit_label)
    context.update(form=form, queryset=queryset, action_name=action_name)
    return TemplateResponse(request, TEMPLATE, context)


def confirm_first(*, question: str, submit_label: str) -> Callable:
    """For a detail or row action that changes data: a GET (a link, an <img>, a link from
    another site) only shows `question` about the object with a button that POSTs back to
    the same URL; the action runs on that POST, which the admin site guards with CSRF.

    Put it under unfold's `@action(...)`, so the permission check still comes first."""

    def decorator(function: Callable) -> Callable:
        @wraps(function)
        def confirmed(model_admin, request, object_id, *args, **kwargs):
            if request.method == "POST":
                return function(model_admin, request, object_id, *args, **kwargs)
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "POST"])
            obj = model_admin.get_object(request, unquote(str(object_id)))
            if obj is None:
                raise Http404
            if not model_admin.has_view_permission(request, obj):
                raise PermissionDenied
            context = _context(model_admin, request, heading=question, submit_label=submit_label)
            context.update(object=obj, original=obj, cancel_url=_change_url(model_admin, obj))
            return TemplateResponse(request, TEMPLATE, context)

        confirmed.confirms_before_acting = True
        return confirmed

    return decorator


def _context(model_admin, request, *, heading, submit_label) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "title": heading,
        "heading": heading,
        "submit_label": submit_label,
        "opts": model_admin.model._meta,
    }


def _change_url(model_admin, obj) -> str:
    opts = model_admin.model._meta
    return reverse(
        f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
    )
