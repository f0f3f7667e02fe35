"""What every console ModelAdmin shares: each of its views follows the permission of its list.

Django's own views already do (change, delete, history and autocomplete ask the ModelAdmin's
`has_*_permission`), but two kinds of view do not by themselves:
- django-import-export's export and import pages allow anyone with console access unless a
  global permission code is set, and that code is a Django model permission, which our
  role-based admins (instructors hold no model permissions) do not use;
- custom URLs from `get_urls` run whatever check their view remembers to make.
So export follows view, import follows add + change, and a custom URL is declared with the
permission it needs (`console_path`).

Saves go through services (`save_model`, `save_formset`, `delete_model`, `delete_queryset`
call them). A rule a service refuses with an `ApplicationError` is shown on the form (on a
delete: as an error message, nothing deleted), and nothing of that save is
kept (Django runs the change form in one transaction; see `changeform_view`). Put `ConsoleAdminMixin` first among the bases so it
wins over import-export's mixins; `ConsoleModelAdmin` is the plain case."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpResponseRedirect
from django.urls import path, reverse
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
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_refusable, name, description)
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

    def delete_view(self, request, object_id, extra_context=None):
        """Django's delete page, whose delete (`delete_model`, a service) may refuse: the
        refusal undoes the delete page's transaction (its log entry included) and comes back
        as an error message on the object's page."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
            opts = self.opts
            return HttpResponseRedirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[object_id],
                    current_app=self.admin_site.name,
                )
            )

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


@wraps(delete_selected)
def delete_selected_refusable(modeladmin, request, queryset):
    """Django's "Delete selected" whose `delete_queryset` (a service) may refuse: all or
    nothing, the refusal an error message on the list (the log entries are undone too)."""
    try:
        with transaction.atomic():
            return delete_selected(modeladmin, request, queryset)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        modeladmin.message_user(request, error.message, messages.ERROR)
        return None


class ConsoleModelAdmin(ConsoleAdminMixin, ModelAdmin):
    """The base of the console's ModelAdmins."""


def refusal_show(form: BaseForm, error: ApplicationError) -> None:
    """A service's refusal as form errors: each named field that the form has gets its
    messages, the rest (and the sentence itself, unless a field already says it) go on top."""
    shown = set()
    for field, texts in error.fields.items():
        for message in texts:
            form.add_error(field if field in form.fields else None, message)
            shown.add(message)
    if error.message not in shown:
        form.add_error(None, error.message)


def once_per_request(request, key: str, compute: Callable[[], bool]) -> bool:
    """A console page asks the same question many times while it draws (the sidebar, the app
    list, the page itself): answer it from the database once per request."""
    answers = request.__dict__.setdefault("_console_answers", {})
    if key not in answers:
        answers[key] = compute()
    return answers[key]


def int_or_none(value) -> int | None:
    """An object id from a URL or a form as an int; None when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
