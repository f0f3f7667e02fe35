from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Cohort, Role, User
from lms.accounts.permissions import is_author
from lms.core.prepared import PreparedValues, concrete_values, instance_from_row


def user_has_verified_email(*, user: User) -> bool:
    if not user.is_authenticated:
        return False
    # Loaded with the user at the start of the request (`user_with_email_state_get`, the
    # API's authentication). Only a yes is trusted: an address verified during this request
    # is then still found below.
    if getattr(user, "has_verified_email", False):
        return True
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def verified_email_exists() -> Exists:
    """`user_has_verified_email` as an annotation, to load a person and the answer in one
    query."""
    return Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))


def _user_with_email_state(*, user_id: int) -> QuerySet:
    return (
        User._default_manager.filter(pk=user_id)
        .annotate(has_verified_email=verified_email_exists())
        .values(*concrete_values(User), "has_verified_email")
    )


# Every signed-in request loads its person: the SQL is built once per process.
_USER_WITH_EMAIL_STATE = PreparedValues(_user_with_email_state, user_id=int)
_LARGEST_ID = 2**63 - 1


def user_with_email_state_get(*, user_id) -> User | None:
    """The user with `has_verified_email` (one query), or None, also for an id that is no
    number."""
    try:
        user_id = int(user_id)
    except (ValueError, TypeError):
        return None
    if not 0 < user_id <= _LARGEST_ID:
        return None
    rows = _USER_WITH_EMAIL_STATE.rows(user_id=user_id)
    return instance_from_row(User, rows[0]) if rows else None


def first_admin_needed() -> bool:
    """True while nobody holds the admin role: then the app offers the first-admin link."""
    return not User.objects.filter(role=Role.ADMIN, is_active=True).exists()


def landing_url_for(*, user: User) -> str:
    """Where someone goes after logging in: the console for staff, the app for students
    (through onboarding first when their profile is missing what courses need)."""
    if is_author(user):
        return reverse("admin:index")
    if user.needs_onboarding:
        return reverse("student_pwa:onboarding")
    return reverse("student_pwa:home")


def people_summary_get() -> dict[str, int]:
    """Counts for the console dashboard, in two aggregate queries. The email-address join
    can repeat a person's row, so every count is distinct."""
    now = timezone.now()
    counts = User.objects.aggregate(
        users=Count("pk", distinct=True),
        joined_last_7_days=Count(
            "pk", distinct=True, filter=Q(date_joined__gte=now - timedelta(days=7))
        ),
        active_students=Count(
            "pk",
            distinct=True,
            filter=Q(role=Role.STUDENT, is_active=True, last_login__gte=now - timedelta(days=30)),
        ),
        verified_students=Count(
            "pk",
            distinct=True,
            filter=Q(role=Role.STUDENT, emailaddress__verified=True, emailaddress__primary=True),
        ),
    )
    counts["groups"] = Cohort.objects.count()
    return counts
