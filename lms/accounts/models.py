import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from lms.core.files import UploadValidator, stored_name


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 \-]{6,18}[0-9]$",
    _("Enter a phone number of 8 to 20 digits, optionally starting with +."),
)


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    INSTRUCTOR = "instructor", _("Instructor")
    STUDENT = "student", _("Student")


# Roles that work in the admin console.
CONSOLE_ROLES = {Role.ADMIN, Role.INSTRUCTOR}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("role", Role.STUDENT)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        """An admin made from the command line; whoever runs it owns the address."""
        from allauth.account.models import EmailAddress

        fields["role"] = Role.ADMIN
        fields.setdefault("onboarded_at", now())
        user = self._create_user(email, password, **fields)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        return user

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)


def resume_path(instance: "User", filename: str) -> str:
    return stored_name(f"private/resumes/{instance.pk or 'new'}", filename)


def photo_path(instance: "User", filename: str) -> str:
    return stored_name(f"public/avatars/{instance.pk or 'new'}", filename)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Email is the login; the role says which face they use.

    `is_staff` and `is_superuser` are derived from the role on every save, so the role is the
    one place that says what someone may do in the console.
    """

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STUDENT)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    photo = models.ImageField(
        _("photo"),
        upload_to=photo_path,
        blank=True,
        validators=[
            UploadValidator(extensions=["jpg", "jpeg", "png", "webp"], max_bytes=2 * 1024 * 1024)
        ],
    )
    college = models.CharField(_("college / university"), max_length=200, blank=True)
    domain = models.CharField(
        _("domain"),
        max_length=100,
        blank=True,
        help_text=_("Field of interest, e.g. Data science."),
    )
    branch = models.CharField(_("branch"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year of study"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    resume = models.FileField(
        _("resume"),
        upload_to=resume_path,
        blank=True,
        validators=[UploadValidator(extensions=["pdf", "doc", "docx"], max_bytes=5 * 1024 * 1024)],
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.LMS_DEFAULT_TIMEZONE,
        validators=[validate_timezone],
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("console access"), default=False, editable=False)
    date_joined = models.DateTimeField(_("joined"), default=now)
    onboarded_at = models.DateTimeField(_("onboarded"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["-date_joined"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]
        indexes = [
            models.Index(fields=["role", "is_active"]),
            models.Index(fields=["date_joined"]),
            models.Index(fields=["last_login"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def save(self, *args, **kwargs) -> None:
        self.is_staff = self.role in CONSOLE_ROLES
        self.is_superuser = self.role == Role.ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split()[0]

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_instructor(self) -> bool:
        return self.role == Role.INSTRUCTOR

    @property
    def is_student(self) -> bool:
        return self.role == Role.STUDENT

    @property
    def needs_onboarding(self) -> bool:
        return self.role == Role.STUDENT and self.onboarded_at is None


class Cohort(models.Model):
    """A group of students taught together (shown to people as "Group")."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CohortMembership", related_name="cohorts", blank=True
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CohortMembership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    joined_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="cohort_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort}"


class FirstAdminInvitation(models.Model):
    """A one-time link that creates the first admin. Only a hash of the token is stored."""

    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("first-admin link")

    def __str__(self) -> str:
        return f"First-admin link created {self.created_at:%Y-%m-%d %H:%M}"


class EmailVerificationCode(models.Model):
    """The short code that API clients submit instead of following the emailed link."""

    email_address = models.OneToOneField(
        "account.EmailAddress", on_delete=models.CASCADE, related_name="verification_code"
    )
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("email verification code")

    def __str__(self) -> str:
        return f"Verification code for {self.email_address_id}"


class AttemptCounter(models.Model):
    """How many times something was tried in one fixed time window (sign-in failures per
    account and per address, sign-ups per address, ...). Kept in the database rather than
    the cache so that the limits hold while Redis is down, and updated with conditional
    UPDATEs so that they are exact under concurrency. `key` is a hash: no address or email
    is stored here."""

    name = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window = models.BigIntegerField(help_text="Start of the window, in seconds since 1970.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attempt counter")
        constraints = [
            models.UniqueConstraint(fields=["name", "key", "window"], name="attempt_counter_unique")
        ]
        indexes = [models.Index(fields=["name", "window"], name="attempt_counter_window")]

    def __str__(self) -> str:
        return f"{self.name} {self.key[:8]}: {self.count}"
