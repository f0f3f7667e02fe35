"""The import engine: checks rows and writes them a batch at a time.

Each batch costs a fixed number of queries, whatever its size: the people, groups, courses,
memberships and enrollments it names are fetched with one query each (by the batch's keys),
and the writes are bulk_create / bulk_update. Enrolling goes through the learning rules
(`enroll_people`) and group memberships through the groups' service (`cohorts_add_members`,
whose event the group chats follow): the two places that ask another context to write.
"""

import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from lms.accounts import services as accounts_services
from lms.accounts.models import CONSOLE_ROLES, Cohort, CohortMembership, Role, User, phone_validator
from lms.catalog.models import Course
from lms.learning.models import ACCESS_STATUSES, Enrollment
from lms.people.parsing import ImportRow

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
UPDATABLE_FIELDS = ("full_name", "role", "phone", "preferred_language", "timezone")


@dataclass(frozen=True)
class ImportOptions:
    update_existing: bool = False
    create_cohorts: bool = False
    all_or_nothing: bool = False
    send_welcome: bool = True


@dataclass
class RowPlan:
    """What importing one row does (or would do)."""

    row: ImportRow
    status: str = NEW
    errors: list[str] = field(default_factory=list)
    note: str = ""
    user: User | None = None
    changed_fields: list[str] = field(default_factory=list)
    cohort_keys: list[str] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    new_values: dict = field(default_factory=dict)

    def result(self) -> dict:
        result = {
            "row": self.row.number,
            "status": self.status,
            "email": self.row.values["email"],
            "errors": self.errors,
        }
        if self.note:
            result["note"] = self.note
        if self.status == ERROR:
            result["values"] = self.row.values
        return result


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@dataclass(frozen=True)
class Vocabulary:
    """The words a cell may use for a role or a language (codes, or labels in the active
    language), built once per batch: lazy translations are slow to turn into text."""

    roles: dict[str, str]
    languages: dict[str, str]

    @classmethod
    def build(cls) -> "Vocabulary":
        roles = {str(label).lower(): role for role, label in Role.choices}
        roles.update({role.lower(): role for role in Role.values})
        languages = {str(name).lower(): code for code, name in settings.LANGUAGES}
        languages.update({code.lower(): code for code, _name in settings.LANGUAGES})
        return cls(roles=roles, languages=languages)


def duplicate_errors(rows: Iterable[ImportRow]) -> dict[int, str]:
    """Rows whose email already appeared higher up the file, with the first row's number."""
    first_row: dict[str, int] = {}
    errors = {}
    for row in rows:
        if not row.email:
            continue
        if row.email in first_row:
            errors[row.number] = _("This email is already in row %(row)d.") % {
                "row": first_row[row.email]
            }
        else:
            first_row[row.email] = row.number
    return errors


def _cell_errors(row: ImportRow, vocabulary: Vocabulary) -> tuple[list[str], dict]:
    """Checks that need no database; returns the errors and the cleaned values."""
    values, errors, clean = row.values, [], {}
    if not row.email:
        errors.append(_("The email is missing."))
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            errors.append(_("“%(value)s” is not a valid email address.") % {"value": row.email})
    if len(values["full_name"]) > 150:
        errors.append(_("The name is longer than 150 characters."))
    clean["full_name"] = values["full_name"]
    if values["role"]:
        clean["role"] = vocabulary.roles.get(values["role"].lower())
        if clean["role"] is None:
            errors.append(
                _("Unknown role “%(value)s”: use student, instructor or admin.")
                % {"value": values["role"]}
            )
    if values["language"]:
        clean["preferred_language"] = vocabulary.languages.get(values["language"].lower())
        if clean["preferred_language"] is None:
            codes = ", ".join(code for code, _name in settings.LANGUAGES)
            errors.append(
                _("Unknown language “%(value)s”: use one of %(codes)s.")
                % {"value": values["language"], "codes": codes}
            )
    if values["timezone"]:
        clean["timezone"] = values["timezone"]
        if values["timezone"] not in _time_zones():
            errors.append(
                _("Unknown time zone “%(value)s”; write it like Asia/Kolkata.")
                % {"value": values["timezone"]}
            )
    if values["phone"]:
        clean["phone"] = values["phone"]
        try:
            phone_validator(values["phone"])
        except ValidationError:
            errors.append(
                _("“%(value)s” is not a phone number: use 8 to 20 digits, optionally after +.")
                % {"value": values["phone"]}
            )
    return errors, clean


@dataclass
class BatchLookups:
    """Everything in the database that a batch's rows name, fetched one query per kind."""

    users: dict[str, User]
    cohorts: dict[str, Cohort]
    courses: dict[str, Course]
    memberships: set[tuple[int, int]]
    enrollments: set[tuple[int, int]]

    @classmethod
    def fetch(cls, rows: list[ImportRow]) -> "BatchLookups":
        emails = {row.email for row in rows if row.email}
        cohort_keys = {name.lower() for row in rows for name in row.cohorts}
        slugs = {slug for row in rows for slug in row.courses}
        users = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
        cohorts = {
            cohort.key: cohort
            for cohort in Cohort.objects.annotate(key=Lower("name")).filter(key__in=cohort_keys)
        }
        courses = {course.slug: course for course in Course.objects.filter(slug__in=slugs)}
        user_ids = [user.pk for user in users.values()]
        memberships = set(
            CohortMembership.objects.filter(
                user_id__in=user_ids, cohort_id__in=[c.pk for c in cohorts.values()]
            ).values_list("user_id", "cohort_id")
        )
        enrollments = set(
            Enrollment.objects.filter(
                user_id__in=user_ids,
                course_id__in=[c.pk for c in courses.values()],
                status__in=ACCESS_STATUSES,
            ).values_list("user_id", "course_id")
        )
        return cls(users, cohorts, courses, memberships, enrollments)


def batch_plan(
    rows: list[ImportRow],
    *,
    options: ImportOptions,
    acting_user: User,
    duplicates: dict[int, str],
) -> list[RowPlan]:
    """What each row of a batch would do; nothing is written."""
    lookups = BatchLookups.fetch(rows)
    vocabulary = Vocabulary.build()
    return [_row_plan(row, lookups, vocabulary, options, acting_user, duplicates) for row in rows]


def _row_plan(row, lookups, vocabulary, options, acting_user, duplicates) -> RowPlan:
    plan = RowPlan(row=row)
    plan.errors, clean = _cell_errors(row, vocabulary)
    if row.number in duplicates:
        plan.errors.append(duplicates[row.number])
    for slug in row.courses:
        if slug not in lookups.courses:
            plan.errors.append(_("Unknown course “%(value)s”.") % {"value": slug})
    if not options.create_cohorts:
        for name in row.cohorts:
            if name.lower() not in lookups.cohorts:
                plan.errors.append(
                    _("Group “%(value)s” does not exist; tick “create missing groups” to add it.")
                    % {"value": name}
                )
    existing = lookups.users.get(row.email)
    if plan.errors:
        plan.status = ERROR
        return plan
    if existing is None:
        return _new_user_plan(plan, clean, lookups)
    plan.user = existing
    if not options.update_existing:
        plan.status = UNCHANGED
        plan.note = _("Already has an account; left as it is.")
        return plan
    changes = {
        name: clean[name]
        for name in UPDATABLE_FIELDS
        if clean.get(name) and getattr(existing, name) != clean[name]
    }
    plan.changed_fields = list(changes)
    plan.cohort_keys = [
        key
        for key in (name.lower() for name in row.cohorts)
        if key not in lookups.cohorts
        or (existing.pk, lookups.cohorts[key].pk) not in lookups.memberships
    ]
    plan.courses = [
        lookups.courses[slug]
        for slug in row.courses
        if (existing.pk, lookups.courses[slug].pk) not in lookups.enrollments
    ]
    changed = plan.changed_fields or plan.cohort_keys or plan.courses
    plan.status = UPDATED if changed else UNCHANGED
    if changed and existing.pk == acting_user.pk:
        plan.status = ERROR
        plan.errors.append(_("This is your own account: change it on its page, not by import."))
        return plan
    for name, value in changes.items():
        setattr(existing, name, value)
    return plan


@functools.cache
def _default(name: str) -> str:
    return User._meta.get_field(name).get_default()


def _new_user_plan(plan: RowPlan, clean: dict, lookups: BatchLookups) -> RowPlan:
    plan.new_values = clean
    plan.cohort_keys = [name.lower() for name in plan.row.cohorts]
    plan.courses = [lookups.courses[slug] for slug in plan.row.courses]
    plan.status = NEW
    return plan


def _new_user(plan: RowPlan) -> User:
    """The person a "new" row creates; built only when writing (a preview needs none)."""
    clean = plan.new_values
    role = clean.get("role") or Role.STUDENT
    # bulk_create skips User.save(), which derives the console flags from the role.
    return User(
        email=plan.row.email,
        full_name=clean["full_name"],
        role=role,
        phone=clean.get("phone", ""),
        preferred_language=clean.get("preferred_language") or _default("preferred_language"),
        timezone=clean.get("timezone") or settings.LMS_DEFAULT_TIMEZONE,
        password=make_password(None),
        is_staff=role in CONSOLE_ROLES,
        is_superuser=role == Role.ADMIN,
    )


def batch_apply(plans: list[RowPlan], *, acting_user: User) -> list[int]:
    """Write a planned batch (call inside a transaction); returns the new people's ids."""
    for plan in plans:
        if plan.status == NEW:
            plan.user = _new_user(plan)
    new_users = [plan.user for plan in plans if plan.status == NEW]
    User.objects.bulk_create(new_users)
    EmailAddress.objects.bulk_create(
        # An account an admin creates is trusted, as in the console's "add user".
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in new_users]
    )
    updated = [plan for plan in plans if plan.status == UPDATED and plan.changed_fields]
    if updated:
        fields = {name for plan in updated for name in plan.changed_fields}
        if "role" in fields:
            for plan in updated:
                plan.user.is_staff = plan.user.role in CONSOLE_ROLES
                plan.user.is_superuser = plan.user.role == Role.ADMIN
            fields |= {"is_staff", "is_superuser"}
        User.objects.bulk_update([plan.user for plan in updated], sorted(fields))
    writing = [plan for plan in plans if plan.status in (NEW, UPDATED)]
    _memberships_add(writing, names={n.lower(): n for p in writing for n in p.row.cohorts})
    by_course: dict[Course, list[User]] = defaultdict(list)
    for plan in writing:
        for course in plan.courses:
            by_course[course].append(plan.user)
    for course, users in by_course.items():
        enroll_people(course=course, users=users, acting_user=acting_user)
    return [user.pk for user in new_users]


def _memberships_add(plans: list[RowPlan], *, names: dict[str, str]) -> None:
    keys = {key for plan in plans for key in plan.cohort_keys}
    if not keys:
        return
    cohorts = {c.key: c for c in Cohort.objects.annotate(key=Lower("name")).filter(key__in=keys)}
    missing = keys - cohorts.keys()
    if missing:
        Cohort.objects.bulk_create(
            [Cohort(name=names[key]) for key in sorted(missing)], ignore_conflicts=True
        )
        cohorts.update(
            (c.key, c) for c in Cohort.objects.annotate(key=Lower("name")).filter(key__in=missing)
        )
    # Through the groups' service, so that each group's chat follows (CohortMembershipChanged).
    members_by_cohort: dict[int, list[int]] = defaultdict(list)
    for plan in plans:
        for key in plan.cohort_keys:
            members_by_cohort[cohorts[key].pk].append(plan.user.pk)
    accounts_services.cohorts_add_members(members_by_cohort=members_by_cohort)


def enroll_people(*, course: Course, users: list[User], acting_user: User) -> None:
    """The import's one call into enrollment. It uses the bulk form of the console's
    "enroll people" rule (`course_enroll_users`): the per-person service costs several
    queries a person, too slow for ten thousand rows."""
    from lms.learning.bulk_enrollment import enrollments_bulk_create

    enrollments_bulk_create(course=course, users=users, source="admin", acting_user=acting_user)
