"""The sign-in models of allauth and axes shown in the console (email addresses, Google
sign-in, failed logins and lockouts), and those it hides."""

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.socialaccount.admin import SocialAppAdmin as AllauthSocialAppAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

# Which browsers a person is signed in on is theirs to manage ("sign out everywhere" in the
# student app); the console does not list them.
from allauth.usersessions.models import UserSession
from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from unfold.admin import ModelAdmin

from admin_ext.base import ConsoleAdminMixin

for model in (
    Group,
    EmailAddress,
    SocialApp,
    SocialAccount,
    SocialToken,
    AccessAttempt,
    AccessLog,
    AccessFailureLog,
    UserSession,  # a person's own signed-in browsers: "sign out everywhere" in the app
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(EmailAddress)
class EmailAddressAdmin(ConsoleAdminMixin, AllauthEmailAddressAdmin, ModelAdmin):
    list_select_related = ["user"]


@admin.register(SocialApp)
class SocialAppAdmin(ConsoleAdminMixin, AllauthSocialAppAdmin, ModelAdmin):
    pass


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ConsoleAdminMixin, AxesAccessAttemptAdmin, ModelAdmin):
    pass
