"""Helpers shared by the console's bulk actions."""

from django.template.response import TemplateResponse

from lms.core.errors import ApplicationError


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
    context = {
        **model_admin.admin_site.each_context(request),
        "title": heading,
        "heading": heading,
        "form": form,
        "queryset": queryset,
        "action_name": action_name,
        "submit_label": submit_label,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin_ext/bulk_action_form.html", context)
