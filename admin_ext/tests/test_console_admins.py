"""Rules every console ModelAdmin follows (#7), checked on the registered admins themselves so
that one added later follows them too."""

import pytest
from django.contrib import admin

from admin_ext.base import ConsoleAdminMixin

# Registered by Django's own apps with Django's ModelAdmin; they use model permissions,
# which only admins hold (admin_ext/tests/test_console_access.py checks them per role).
THIRD_PARTY = {"sites.site", "token_blacklist.outstandingtoken", "token_blacklist.blacklistedtoken"}
# Detail or row actions that only read (a redirect), so they need no confirmation page.
READ_ONLY_ACTIONS = {
    "view_as_student",
    "results_link",
    "draw_preview_link",
    "revoke_link",  # to the revoke page, whose form POSTs
    "download_link",
    "points_link",
    "preview_link",
    "overview_link",
}


def console_admins():
    return [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.label_lower not in THIRD_PARTY
    ]


@pytest.mark.parametrize("model_admin", console_admins(), ids=str)
def test_console_admin_uses_the_shared_permissions(model_admin):
    assert isinstance(model_admin, ConsoleAdminMixin)
    # First among the bases, so import-export's own (allow-all) checks never win.
    for name in ("has_export_permission", "has_import_permission"):
        assert getattr(type(model_admin), name) is getattr(ConsoleAdminMixin, name)


def _action_names(model_admin, attribute):
    names = []
    for item in getattr(model_admin, attribute, None) or []:
        names.extend(item["items"] if isinstance(item, dict) else [item])
    return names


@pytest.mark.parametrize("model_admin", console_admins(), ids=str)
def test_every_action_states_who_may_run_it(model_admin):
    for attribute in ("actions", "actions_list", "actions_row", "actions_detail"):
        for name in _action_names(model_admin, attribute):
            if name in READ_ONLY_ACTIONS:
                continue
            method = getattr(model_admin, name)
            if method.__module__.startswith("admin_ext"):
                assert getattr(method, "allowed_permissions", None), f"{model_admin}.{name}"
            # Those of allauth and axes need the change permission (ConsoleAdminMixin).


@pytest.mark.parametrize("model_admin", console_admins(), ids=str)
def test_detail_and_row_actions_confirm_before_acting(model_admin):
    """Unfold renders them as links, so a GET reaches them: each asks first
    (admin_ext.actions.confirm_first) unless it only reads."""
    for attribute in ("actions_row", "actions_detail"):
        for name in _action_names(model_admin, attribute):
            if name not in READ_ONLY_ACTIONS:
                method = getattr(model_admin, name)
                assert getattr(method, "confirms_before_acting", False), f"{model_admin}.{name}"
