"""Welcome emails for imported people: a one-time link to choose a password.

The link is the sign-in flow's own password-reset link (allauth's key, made by Django's
token generator): it stops working once a password is set, and after PASSWORD_RESET_TIMEOUT.
No password is ever chosen for anyone or sent to them.
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.accounts.models import User


def set_password_url(user: User) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.LMS_PUBLIC_URL.rstrip("/") + path


def _message(user: User) -> EmailMessage:
    context = {
        "user": user,
        "site_name": settings.LMS_SITE_NAME,
        "set_password_url": set_password_url(user),
        "login_url": settings.LMS_PUBLIC_URL.rstrip("/") + reverse("account_login"),
        "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    with translation.override(user.preferred_language):
        subject = render_to_string("people/email/welcome_subject.txt", context).strip()
        body = render_to_string("people/email/welcome_message.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def welcome_emails_send(*, user_ids: list[int]) -> int:
    """Email each of these people (still active, still without a password) their link; the
    messages of one batch leave through one connection (the queued backend: one job)."""
    users = [
        u
        for u in User.objects.filter(pk__in=user_ids, is_active=True)
        if not u.has_usable_password()
    ]
    messages = [_message(user) for user in users]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
