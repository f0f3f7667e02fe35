"""/api/v1/: one module of views per context, wired here."""

from django.urls import path

from lms.api import accounts, assessment_imports, assessments, catalog, commerce, learning

app_name = "api"

urlpatterns = [
    path("auth/register", accounts.UserRegisterApi.as_view(), name="auth-register"),
    path("auth/token", accounts.TokenObtainApi.as_view(), name="auth-token"),
    path("auth/token/refresh", accounts.TokenRefreshApi.as_view(), name="auth-token-refresh"),
    path("auth/logout", accounts.LogoutApi.as_view(), name="auth-logout"),
    path("auth/email/verify", accounts.EmailVerifyApi.as_view(), name="auth-email-verify"),
    path(
        "auth/email/resend", accounts.EmailVerificationResendApi.as_view(), name="auth-email-resend"
    ),
    path("auth/password/reset", accounts.PasswordResetApi.as_view(), name="auth-password-reset"),
    path(
        "auth/password/reset/confirm",
        accounts.PasswordResetConfirmApi.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("me", accounts.MeApi.as_view(), name="me"),
    path("me/password", accounts.PasswordChangeApi.as_view(), name="me-password"),
    *catalog.urlpatterns,
    *learning.urlpatterns,
    *commerce.urlpatterns,
    *assessments.urlpatterns,
    *assessment_imports.urlpatterns,
]
