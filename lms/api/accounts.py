"""Sign-in and profile endpoints: register, JWT tokens, email verification, password
reset and the signed-in person's own profile."""

from pathlib import PurePosixPath

from django.contrib.auth import authenticate
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenRefreshView

from lms.accounts import services
from lms.accounts.lockout import lockout_message
from lms.accounts.models import Role, User
from lms.accounts.selectors import user_has_verified_email
from lms.api.throttles import AuthAddressThrottle, TokenOwnerThrottle
from lms.core.errors import ApplicationError

TOKEN_PAIR = inline_serializer(
    "TokenPair", fields={"access": serializers.CharField(), "refresh": serializers.CharField()}
)
DETAIL = inline_serializer("Detail", fields={"detail": serializers.CharField()})


class AuthApi(APIView):
    """Base for endpoints used before sign-in: open to anyone, with a per-address ceiling
    against floods; the limits against guessing are the services' own."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthAddressThrottle]


class UserRegisterApi(AuthApi):
    """Create an account. The answer is the same whether or not the email already has
    one (its owner is emailed instead), so nobody learns which addresses have accounts."""

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(write_only=True, style={"input_type": "password"})
        full_name = serializers.CharField(max_length=150)

    class OutputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        email_verification_required = serializers.BooleanField()
        detail = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer}, tags=["auth"])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_register(request=request._request, **data.validated_data)
        body = {
            "email": data.validated_data["email"].strip().lower(),
            "email_verification_required": True,
            "detail": _("Check your email: we sent you a link and a code to continue."),
        }
        return Response(self.OutputSerializer(body).data, status=status.HTTP_201_CREATED)


class TokenObtainApi(AuthApi):
    """Email + password → a short-lived access token and a refresh token."""

    error_statuses = (401,)  # wrong credentials, or a token refused

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(write_only=True, style={"input_type": "password"})

    @extend_schema(request=InputSerializer, responses={200: TOKEN_PAIR}, tags=["auth"])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        credentials = {
            "email": data.validated_data["email"].lower(),
            "password": data.validated_data["password"],
        }
        django_request = request._request
        user = authenticate(django_request, **credentials)
        refusal = getattr(django_request, "sign_in_refused", None)
        if refusal is not None:
            raise ApplicationError(lockout_message(refusal), code="locked_out", status=429)
        if user is None:
            raise ApplicationError(
                _("The email or password is not correct."), code="invalid_credentials", status=401
            )
        if not user_has_verified_email(user=user):
            raise ApplicationError(
                _("Verify your email address first: use the link or the code we emailed you."),
                code="email_unverified",
                status=403,
            )
        refresh = RefreshToken.for_user(user)
        User.objects.filter(pk=user.pk).update(last_login=refresh.current_time)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class RefreshSerializer(TokenRefreshSerializer):
    """simplejwt's refresh, where a token of a deleted account is a 401 (simplejwt looks the
    user up with `.get()` and would let DoesNotExist escape as a 500)."""

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except User.DoesNotExist as error:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], "no_active_account"
            ) from error


class TokenRefreshApi(TokenRefreshView):
    """A refresh token → a new access token and a new refresh token (the old one is revoked)."""

    error_statuses = (401,)  # wrong credentials, or a token refused

    serializer_class = RefreshSerializer
    throttle_classes = [TokenOwnerThrottle]

    @extend_schema(tags=["auth"])
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class LogoutApi(AuthApi):
    """Revoke a refresh token so it can never be used again."""

    error_statuses = (401,)  # wrong credentials, or a token refused
    throttle_classes = [TokenOwnerThrottle]

    class InputSerializer(serializers.Serializer):
        refresh = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={204: None}, tags=["auth"])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            RefreshToken(data.validated_data["refresh"]).blacklist()
        except TokenError as error:
            raise ApplicationError(
                _("This refresh token is invalid or already revoked."),
                code="token_not_valid",
                status=401,
            ) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailVerifyApi(AuthApi):
    """Verify an email address with the emailed six-digit code, or with the link's key."""

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(required=False)
        code = serializers.RegexField(r"^\s*\d{6}\s*$", required=False)
        key = serializers.CharField(required=False)

        def validate(self, attrs):
            if attrs.get("key") or (attrs.get("email") and attrs.get("code")):
                return attrs
            raise serializers.ValidationError(
                _("Send either the email and the code, or the key from the link.")
            )

    @extend_schema(request=InputSerializer, responses={200: DETAIL}, tags=["auth"])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data.get("key"):
            services.email_verify_with_key(key=data.validated_data["key"], request=request._request)
        else:
            services.email_verify_with_code(
                email=data.validated_data["email"],
                code=data.validated_data["code"],
                request=request._request,
            )
        return Response({"detail": _("Your email address is verified. You can log in now.")})


class EmailVerificationResendApi(AuthApi):
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()

    @extend_schema(request=InputSerializer, responses={202: DETAIL}, tags=["auth"])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.email_verification_resend(
            email=data.validated_data["email"], request=request._request
        )
        message = _("If that address has an unverified account, a new email is on its way.")
        return Response({"detail": message}, status=status.HTTP_202_ACCEPTED)


class PasswordResetApi(AuthApi):
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()

    @extend_schema(request=InputSerializer, responses={202: DETAIL}, tags=["auth"])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_request(
            email=data.validated_data["email"], request=request._request
        )
        message = _("If that address has an account, a reset link is on its way.")
        return Response({"detail": message}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(AuthApi):
    class InputSerializer(serializers.Serializer):
        key = serializers.CharField(help_text="The last part of the emailed link: <uid>-<token>.")
        new_password = serializers.CharField(write_only=True, style={"input_type": "password"})

    @extend_schema(request=InputSerializer, responses={200: DETAIL}, tags=["auth"])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_confirm(**data.validated_data)
        return Response({"detail": _("Your password is changed. You can log in now.")})


class MeSerializer(serializers.Serializer):
    """A person's own profile. Declared field by field (not a ModelSerializer): this is the
    API's most-called read and building fields from the model on every request costs more
    than the rest of the request."""

    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    phone = serializers.CharField(read_only=True)
    photo = serializers.ImageField(read_only=True, allow_null=True)
    college = serializers.CharField(read_only=True)
    domain = serializers.CharField(read_only=True)
    branch = serializers.CharField(read_only=True)
    year = serializers.IntegerField(read_only=True, allow_null=True)
    skills = serializers.ListField(child=serializers.CharField(), read_only=True)
    # The resume is a private file: its storage address is never handed out, only its name.
    resume = serializers.SerializerMethodField(help_text="File name of the uploaded resume.")
    timezone = serializers.CharField(read_only=True)
    preferred_language = serializers.CharField(read_only=True)
    email_verified = serializers.SerializerMethodField()
    onboarded_at = serializers.DateTimeField(read_only=True, allow_null=True)
    date_joined = serializers.DateTimeField(read_only=True)

    def get_email_verified(self, user: User) -> bool:
        return user_has_verified_email(user=user)

    def get_resume(self, user: User) -> str | None:
        # Stored under a generated name: answer a plain one with the file's kind.
        return f"resume{PurePosixPath(user.resume.name).suffix}" if user.resume else None


class MeApi(APIView):
    """The signed-in person's own profile."""

    permission_classes = [IsAuthenticated]

    class UpdateSerializer(serializers.Serializer):
        full_name = serializers.CharField(max_length=150, required=False)
        phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
        photo = serializers.ImageField(required=False, allow_null=True)
        college = serializers.CharField(max_length=200, required=False, allow_blank=True)
        domain = serializers.CharField(max_length=100, required=False, allow_blank=True)
        branch = serializers.CharField(max_length=100, required=False, allow_blank=True)
        year = serializers.IntegerField(min_value=1, max_value=8, required=False, allow_null=True)
        skills = serializers.ListField(
            child=serializers.CharField(max_length=50), required=False, max_length=50
        )
        resume = serializers.FileField(required=False, allow_null=True)
        timezone = serializers.CharField(max_length=64, required=False)
        preferred_language = serializers.CharField(max_length=10, required=False)

    @extend_schema(responses={200: MeSerializer}, tags=["me"])
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)

    @extend_schema(request=UpdateSerializer, responses={200: MeSerializer}, tags=["me"])
    def patch(self, request):
        data = self.UpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_profile_update(user=request.user, **data.validated_data)
        return Response(MeSerializer(user, context={"request": request}).data)


class PasswordChangeApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        current_password = serializers.CharField(write_only=True)
        new_password = serializers.CharField(write_only=True)

    @extend_schema(request=InputSerializer, responses={200: DETAIL}, tags=["me"])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_password_change(user=request.user, **data.validated_data)
        return Response({"detail": _("Your password is changed.")})


urlpatterns = [
    path("auth/register", UserRegisterApi.as_view(), name="auth-register"),
    path("auth/token", TokenObtainApi.as_view(), name="auth-token"),
    path("auth/token/refresh", TokenRefreshApi.as_view(), name="auth-token-refresh"),
    path("auth/logout", LogoutApi.as_view(), name="auth-logout"),
    path("auth/email/verify", EmailVerifyApi.as_view(), name="auth-email-verify"),
    path("auth/email/resend", EmailVerificationResendApi.as_view(), name="auth-email-resend"),
    path("auth/password/reset", PasswordResetApi.as_view(), name="auth-password-reset"),
    path(
        "auth/password/reset/confirm",
        PasswordResetConfirmApi.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("me", MeApi.as_view(), name="me"),
    path("me/password", PasswordChangeApi.as_view(), name="me-password"),
]
