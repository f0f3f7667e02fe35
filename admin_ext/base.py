"""What every console ModelAdmin shares: each of its views follows the permission of its list.

Django's own views already do (change, delete, history and autocomplete ask the ModelAdmin's
`has_*_permission`), but two kinds of view do not by themselves:
- django-import-export's export and import pages allow anyone with console access unless a
  global permission code is set, and that code is a Django model permission, which our
  role-based admins (instructors hold no model permissions) do not use;
- custom URLs from `get_urls` run whatever check their view remembers to make.
So export follows view, import follows add + change, and a custom URL is declared with the
permission it needs (`console_path`).

Saves go through services (`save_model`, `save_formset`, `delete_model` call them). A rule a
service refuses with an `ApplicationError` is shown on the form, and nothing of that save is
kept (Django runs the change form in one transaction; see `changeform_view`). Put `ConsoleAdminMixin` first among the bases so it
wins over import-export's mixins; `ConsoleModelAdmin` is the plain case."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.urls import path
from unfold.admin import ModelAdmin

from lms.core.errors import ApplicationError, PermissionDeniedError


class ConsoleAdminMixin:
    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_actions(self, request):
        # Bulk actions that declare no permission (some come from allauth and axes) need
        # the change permission, not just access to the list.
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            return actions
        return {
            name: action
            for name, action in actions.items()
            if getattr(action[0], "allowed_permissions", None)
        }

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Django's change form, whose save a service may refuse: the refusal leaves Django's
        transaction (so the form's writes are undone) and the same POST is shown again with
        the service's messages on the form."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except ApplicationError as error:
            if request.method != "POST" or getattr(request, "_console_refusal", None):
                raise
            request._console_refusal = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "_console_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                refusal_show(self, refusal)

        return RefusedForm

    def console_path(self, route: str, view: Callable, name: str, *, permission: str):
        """A custom console URL: signed-in staff only (the admin site's check, with CSRF
        on POST), then `has_<permission>_permission(request)` of this ModelAdmin."""

        @wraps(view)
        def checked(request, *args, **kwargs):
            if not getattr(self, f"has_{permission}_permission")(request):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        checked.console_permission = permission
        return path(route, self.admin_site.admin_view(checked), name=name)


class ConsoleModelAdmin(ConsoleAdminMixin, ModelAdmin):
    """The base of the console's ModelAdmins."""


def refusal_show(form: BaseForm, error: ApplicationError) -> None:
    """A service's refusal as form errors: each named field that the form has gets its
    messages, the rest (and the sentence itself, unless a field already says it) go on top."""
    shown = set()
    for field, messages in error.fields.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
            shown.add(message)
    if error.message not in shown:
        form.add_error(None, error.message)
