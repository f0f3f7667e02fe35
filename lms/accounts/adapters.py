"""How django-allauth fits the LMS: role-based landing, a code beside the link in the
verification email, and Google sign-ins that become verified students."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from lms.accounts.models import Role
from lms.accounts.selectors import landing_url_for
from lms.accounts.services import email_verification_code_issue, user_password_set
from lms.core.client_address import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's own limits (email cooldowns) count the same visitor as every other limit.
        return client_address(request)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return landing_url_for(user=request.user)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return landing_url_for(user=request.user)

    def send_confirmation_mail(self, request: HttpRequest, emailconfirmation, signup: bool) -> None:
        address: EmailAddress = emailconfirmation.email_address
        context = {
            "user": address.user,
            "key": emailconfirmation.key,
            "activate_url": self.get_email_confirmation_url(request, emailconfirmation),
            "code": email_verification_code_issue(email_address=address),
            "code_minutes": settings.LMS_EMAIL_CODE_MINUTES,
            "site_name": settings.LMS_SITE_NAME,
        }
        template = (
            "account/email/email_confirmation_signup"
            if signup
            else "account/email/email_confirmation"
        )
        self.send_mail(template, address.email, context)

    def set_password(self, user, password: str) -> None:
        # allauth's change and reset pages: same rule as the API (apps signed out).
        user_password_set(user=user, password=password)

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user.role = Role.STUDENT
        return super().save_user(request, user, form, commit=commit)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request: HttpRequest, provider, client_id=None):
        # A provider with no app (Google before its keys are entered) is not offered on the
        # sign-in page; its URLs are then simply not found instead of a crash.
        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as error:
            raise Http404(_("This sign-in method is not set up.")) from error

    def populate_user(self, request: HttpRequest, sociallogin, data: dict):
        user = super().populate_user(request, sociallogin, data)
        user.role = Role.STUDENT
        name = data.get("name") or " ".join(
            filter(None, [data.get("first_name"), data.get("last_name")])
        )
        user.full_name = (name or "").strip()
        return user
