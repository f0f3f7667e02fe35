"""Who may open which console page (#7): every URL of every registered ModelAdmin (list, add,
change, delete, history, export, custom URLs, detail actions, autocomplete) and of the site,
requested by each kind of person, with real objects that belong to someone else.

The table below is the expected outcome. A console URL without a row fails the test, and so
does a row without a URL, so a page added later must say who may open it. Every request also
records database writes: a console GET never changes data. This is the seed of the role ×
route matrix of the whole app."""

from dataclasses import dataclass

import pytest
from django.test import Client

from tests.url_walk import all_routes, build_world, get_recording_writes, urls_for

pytestmark = pytest.mark.django_db

LOGIN = "redirect to sign-in"
DENIED = "403"
MISSING = "404"
OK = "200"
REDIRECT = "redirect elsewhere"
NOT_ALLOWED = "405"

ROLES = (
    "anonymous",
    "unverified",
    "student",
    "other_student",
    "disabled",
    "instructor",
    "other_instructor",
    "admin",
)


@dataclass(frozen=True)
class Expect:
    """The outcome per role. Anonymous people, students (verified or not, the owner of the
    world's objects or not) and disabled accounts never enter the console (sign-in page);
    `instructor` teaches the course the objects belong to, `other_instructor` another one."""

    instructor: str
    other_instructor: str
    admin: str
    anonymous: str = LOGIN
    unverified: str = LOGIN
    student: str = LOGIN
    other_student: str = LOGIN
    disabled: str = LOGIN


ADMIN_ONLY = Expect(instructor=DENIED, other_instructor=DENIED, admin=OK)
ADMIN_ONLY_REDIRECT = Expect(instructor=DENIED, other_instructor=DENIED, admin=REDIRECT)
NOBODY = Expect(instructor=DENIED, other_instructor=DENIED, admin=DENIED)  # read-only data
EVERY_STAFF = Expect(instructor=OK, other_instructor=OK, admin=OK)
# Catalog pages of one course: its instructors and admins; another instructor gets 403.
STAFF_REDIRECT = Expect(instructor=REDIRECT, other_instructor=REDIRECT, admin=REDIRECT)
# An object of a course the instructor does not teach: the console sends them back to its list.
NOT_THEIRS_ADMIN_OK = Expect(instructor=REDIRECT, other_instructor=REDIRECT, admin=OK)
COURSE_TEAM = Expect(instructor=OK, other_instructor=DENIED, admin=OK)
COURSE_TEAM_REDIRECT = Expect(instructor=REDIRECT, other_instructor=DENIED, admin=REDIRECT)
# A post of a course the instructor teaches; another instructor is sent back to the list.
MODERATORS = Expect(instructor=OK, other_instructor=REDIRECT, admin=OK)
COURSE_TEAM_OBJECT = Expect(instructor=OK, other_instructor=REDIRECT, admin=OK)
POST_ONLY = Expect(instructor=NOT_ALLOWED, other_instructor=NOT_ALLOWED, admin=NOT_ALLOWED)
# An app's index page lists only the pages one may open, and is 404 when there are none.
ADMIN_ONLY_APP = Expect(instructor=MISSING, other_instructor=MISSING, admin=OK)


def model_pages(*, changelist, add, change, delete, history=None):
    """The five pages Django gives every ModelAdmin; history follows change by default."""
    return {
        "changelist": changelist,
        "add": add,
        "change": change,
        "delete": delete,
        "history": history or change,
    }


ADMIN_ONLY_MODEL = model_pages(
    changelist=ADMIN_ONLY, add=ADMIN_ONLY, change=ADMIN_ONLY, delete=ADMIN_ONLY
)
READ_ONLY_MODEL = model_pages(changelist=ADMIN_ONLY, add=NOBODY, change=ADMIN_ONLY, delete=NOBODY)

CONSOLE_MODELS = {
    "accounts_user": {
        **ADMIN_ONLY_MODEL,
        "resume": ADMIN_ONLY,
        # The person's page (read-only) and the change page's link to it.
        "overview": ADMIN_ONLY,
        "overview_link": ADMIN_ONLY_REDIRECT,
        "export": ADMIN_ONLY,
        "import": ADMIN_ONLY,
        "import_people": ADMIN_ONLY_REDIRECT,  # the list's Import button, to the upload page
        "import_template": ADMIN_ONLY,
        "import_detail": ADMIN_ONLY,
        "import_refused": ADMIN_ONLY,
        # POST only: a GET is refused before anything else is looked at.
        "import_confirm": Expect(
            instructor=NOT_ALLOWED, other_instructor=NOT_ALLOWED, admin=NOT_ALLOWED
        ),
        "points_link": ADMIN_ONLY_REDIRECT,  # to the person's points page
    },
    "accounts_cohort": ADMIN_ONLY_MODEL,
    "account_emailaddress": ADMIN_ONLY_MODEL,
    "socialaccount_socialapp": ADMIN_ONLY_MODEL,
    "axes_accessattempt": {**ADMIN_ONLY_MODEL, "add": NOBODY},
    "sites_site": ADMIN_ONLY_MODEL,
    "token_blacklist_outstandingtoken": {**ADMIN_ONLY_MODEL, "add": NOBODY, "delete": NOBODY},
    "token_blacklist_blacklistedtoken": ADMIN_ONLY_MODEL,
    "catalog_course": {
        **model_pages(
            changelist=EVERY_STAFF, add=EVERY_STAFF, change=COURSE_TEAM, delete=ADMIN_ONLY
        ),
        # Review actions follow the course's state (admin_ext/tests/test_course_states.py):
        # the world's course is published, so only unpublishing is valid; the others are
        # refused to everybody at their URL as well as hidden.
        "submit_detail": NOBODY,
        "approve_detail": NOBODY,
        "publish_detail": NOBODY,
        "unpublish_detail": ADMIN_ONLY,  # the confirmation page; the POST unpublishes
        "reject_detail": NOBODY,
        "view_as_student": COURSE_TEAM_REDIRECT,
        # The course builder (admin_ext/course_builder.py): the tree and an item's form are
        # the course team's; every write is a POST (a GET is refused before anything else).
        "builder": COURSE_TEAM,
        "builder_add": POST_ONLY,
        **{
            f"builder_{kind}_{page}": COURSE_TEAM if page == "edit" else POST_ONLY
            for kind in ("modules", "lessons", "tasks")
            for page in ("edit", "delete", "move")
        },
    },
    "catalog_module": model_pages(
        changelist=EVERY_STAFF, add=EVERY_STAFF, change=COURSE_TEAM, delete=COURSE_TEAM
    ),
    "catalog_lesson": {
        **model_pages(
            changelist=EVERY_STAFF, add=EVERY_STAFF, change=COURSE_TEAM, delete=COURSE_TEAM
        ),
        # The mentor's study tools: confirmation pages; the POST queues the job.
        "summarize_detail": COURSE_TEAM,
        "draft_questions_detail": COURSE_TEAM,
    },
    "catalog_instructorapplication": {**ADMIN_ONLY_MODEL, "add": NOBODY},
    "commerce_coupon": {
        **ADMIN_ONLY_MODEL,
        "export": ADMIN_ONLY,  # was 200 for instructors: every code, unused 100 % ones too
        "batch": ADMIN_ONLY,
        "batch_csv": ADMIN_ONLY,
        "generate_batch": ADMIN_ONLY_REDIRECT,
    },
    "commerce_order": {**READ_ONLY_MODEL, "refund_one": ADMIN_ONLY},
    "commerce_webhookevent": READ_ONLY_MODEL,
    "core_sitecontent": {**READ_ONLY_MODEL, "add": NOBODY},
    "learning_enrollment": {
        **model_pages(changelist=ADMIN_ONLY, add=ADMIN_ONLY, change=ADMIN_ONLY, delete=NOBODY),
        "revoke_detail": ADMIN_ONLY,
        "reactivate_detail": ADMIN_ONLY,
    },
    "learning_taskcompletion": READ_ONLY_MODEL,
    # Assignments of a course: its instructors and admins; deleting one with submissions
    # archives it (the confirmation page says so).
    "assignments_assignment": model_pages(
        changelist=EVERY_STAFF, add=EVERY_STAFF, change=COURSE_TEAM, delete=COURSE_TEAM
    ),
    # The review queue: submissions are written by students, reviewed here, never added or
    # deleted in the console.
    "assignments_submission": model_pages(
        changelist=EVERY_STAFF, add=NOBODY, change=COURSE_TEAM, delete=NOBODY
    ),
    # A student's daily work: admins, and instructors of a course the student studies.
    "assignments_dailyentry": model_pages(
        changelist=EVERY_STAFF, add=NOBODY, change=COURSE_TEAM, delete=NOBODY
    ),
    "learning_lessonprogress": READ_ONLY_MODEL,
    # The world's quiz is in a course neither instructor teaches; the question bank is
    # shared by all staff.
    "assessments_category": model_pages(
        changelist=EVERY_STAFF, add=EVERY_STAFF, change=EVERY_STAFF, delete=EVERY_STAFF
    ),
    "assessments_question": {
        **model_pages(
            changelist=EVERY_STAFF, add=EVERY_STAFF, change=EVERY_STAFF, delete=EVERY_STAFF
        ),
        "import": EVERY_STAFF,
        "import_template": EVERY_STAFF,
        "import_questions": STAFF_REDIRECT,
        # An import job is its author's (the admin's here).
        "import_job": Expect(instructor=MISSING, other_instructor=MISSING, admin=OK),
    },
    "assessments_assessment": {
        **model_pages(
            changelist=EVERY_STAFF,
            add=EVERY_STAFF,
            change=NOT_THEIRS_ADMIN_OK,
            delete=NOT_THEIRS_ADMIN_OK,
        ),
        "draw": ADMIN_ONLY,
        "results": ADMIN_ONLY,
        "results_csv": ADMIN_ONLY,
        "draw_preview_link": STAFF_REDIRECT,
        "results_link": STAFF_REDIRECT,
    },
    "assessments_attempt": {
        **model_pages(
            changelist=EVERY_STAFF, add=NOBODY, change=NOT_THEIRS_ADMIN_OK, delete=NOBODY
        ),
    },
    # The audit log: admins read and export it; nobody adds, changes or deletes an entry.
    "audit_auditentry": {**READ_ONLY_MODEL, "export": ADMIN_ONLY},
    "meetings_meeting": {**ADMIN_ONLY_MODEL, "attendance": ADMIN_ONLY, "export": ADMIN_ONLY},
    "meetings_feedbackcriterion": ADMIN_ONLY_MODEL,
    "meetings_interviewfeedback": ADMIN_ONLY_MODEL,
    # Moderation: the world's flagged answer is in the course `instructor` teaches; another
    # instructor's list does not hold it (sent back to the list). Nobody adds or deletes posts.
    "community_flaggedpost": model_pages(
        changelist=EVERY_STAFF, add=NOBODY, change=MODERATORS, delete=NOBODY
    ),
    "community_post": model_pages(
        changelist=EVERY_STAFF, add=NOBODY, change=MODERATORS, delete=NOBODY
    ),
    # Report exports: each person sees their own (admins all); nobody edits one. The reports
    # are GET pages (instructors: their courses); an export job starts with a POST only;
    # the world's export is the admin's and still running, so its file is not ready (403).
    "reports_reportexport": model_pages(
        changelist=EVERY_STAFF, add=NOBODY, change=NOT_THEIRS_ADMIN_OK, delete=NOBODY
    ),
    # Suspensions start from a post in the queue; deleting one lifts it (admins).
    "community_postingsuspension": model_pages(
        changelist=ADMIN_ONLY, add=NOBODY, change=ADMIN_ONLY, delete=ADMIN_ONLY
    ),
    # One settings row: never added twice nor deleted.
    "mentor_mentorsettings": {**ADMIN_ONLY_MODEL, "add": NOBODY, "delete": NOBODY},
    "mentor_dailyusage": READ_ONLY_MODEL,
    # Off by the academy's privacy setting in the world: nobody reads conversations.
    "mentor_conversation": model_pages(changelist=NOBODY, add=NOBODY, change=NOBODY, delete=NOBODY),
    # The staff's study jobs and summaries: the lesson's course team; the other instructor's
    # list does not hold the object, so its page sends them back.
    "mentor_studyjob": model_pages(
        changelist=EVERY_STAFF, add=NOBODY, change=COURSE_TEAM_OBJECT, delete=NOBODY
    ),
    "mentor_lessonsummary": model_pages(
        changelist=EVERY_STAFF,
        add=NOBODY,
        change=COURSE_TEAM_OBJECT,
        delete=COURSE_TEAM_OBJECT,
    ),
    # Conversations: admins see them and create group chats; nothing is deleted here.
    "chat_conversation": model_pages(
        changelist=ADMIN_ONLY, add=ADMIN_ONLY, change=ADMIN_ONLY, delete=NOBODY
    ),
    # The ledger is append-only: rows come from services (awards, adjustments).
    "gamification_pointsentry": {
        **READ_ONLY_MODEL,
        "leaderboard": ADMIN_ONLY,
        "person": ADMIN_ONLY,
        "adjust_group": ADMIN_ONLY,
    },
    "gamification_pointsrule": ADMIN_ONLY_MODEL,
    # One curve (it exists, so there is nothing to add) that is never deleted.
    "gamification_levelcurve": model_pages(
        changelist=ADMIN_ONLY, add=NOBODY, change=ADMIN_ONLY, delete=NOBODY
    ),
    "gamification_badge": ADMIN_ONLY_MODEL,
    "gamification_badgeaward": model_pages(
        changelist=ADMIN_ONLY, add=NOBODY, change=ADMIN_ONLY, delete=ADMIN_ONLY
    ),
    # Issued by a job, revoked (never deleted) so that the serial keeps answering.
    "certificates_certificate": {
        **READ_ONLY_MODEL,
        "revoke": ADMIN_ONLY,
        "revoke_link": ADMIN_ONLY_REDIRECT,
        "reissue": ADMIN_ONLY,  # a GET only asks; the POST re-issues
        "download_link": ADMIN_ONLY_REDIRECT,
    },
    "certificates_certificatetemplate": {**ADMIN_ONLY_MODEL, "preview_link": ADMIN_ONLY},
}

CONSOLE_SITE = {
    "index": EVERY_STAFF,
    "search": EVERY_STAFF,
    "jsi18n": EVERY_STAFF,
    "password_change": EVERY_STAFF,
    "password_change_done": EVERY_STAFF,
    # The sign-in page; the signed-in are sent on to the dashboard.
    "login": Expect(
        instructor=REDIRECT,
        other_instructor=REDIRECT,
        admin=REDIRECT,
        anonymous=OK,
        unverified=OK,
        student=OK,
        other_student=OK,
        disabled=OK,
    ),
    # Signing out is a POST; a GET only sends the signed-out to the console's front door.
    "logout": Expect(
        instructor=NOT_ALLOWED,
        other_instructor=NOT_ALLOWED,
        admin=NOT_ALLOWED,
        anonymous=REDIRECT,
        unverified=REDIRECT,
        student=REDIRECT,
        other_student=REDIRECT,
        disabled=REDIRECT,
    ),
    "view_on_site": COURSE_TEAM_REDIRECT,  # the world's course's public page
    "catch_all": Expect(instructor=MISSING, other_instructor=MISSING, admin=MISSING),
    "app_list:catalog": EVERY_STAFF,
    "app_list:assessments": EVERY_STAFF,
    "app_list:assignments": EVERY_STAFF,
    "app_list:community": EVERY_STAFF,
    "app_list:mentor": EVERY_STAFF,
    "app_list:reports": EVERY_STAFF,
    # Reports (lms/reports): GET pages, instructors see their courses; an export job starts
    # with a POST only; the world's export is the admin's, still running: no file yet (403).
    "reports_index": EVERY_STAFF,
    "reports_report": EVERY_STAFF,
    "reports_export_start": Expect(
        instructor=NOT_ALLOWED, other_instructor=NOT_ALLOWED, admin=NOT_ALLOWED
    ),
    "reports_export_progress": Expect(instructor=MISSING, other_instructor=MISSING, admin=OK),
    "reports_export_download": Expect(instructor=MISSING, other_instructor=MISSING, admin=DENIED),
    **{
        f"app_list:{label}": ADMIN_ONLY_APP
        for label in (
            "account",
            "accounts",
            "audit",
            "axes",
            "certificates",
            "commerce",
            "gamification",
            "core",
            "learning",
            "meetings",
            "chat",
            "sites",
            "socialaccount",
            "token_blacklist",
        )
    },
    # Autocomplete answers for the field's target model with that model's view permission,
    # and only with the rows its list shows (an instructor sees the courses they teach).
    "autocomplete": NOBODY,  # without naming a field
    "autocomplete:learning.enrollment.course": EVERY_STAFF,
    "autocomplete:learning.enrollment.user": ADMIN_ONLY,
}
AUTOCOMPLETE_FIELDS = {
    "learning.enrollment.course": "app_label=learning&model_name=enrollment&field_name=course",
    "learning.enrollment.user": "app_label=learning&model_name=enrollment&field_name=user",
}


def expected_table() -> dict[str, Expect]:
    table = dict(CONSOLE_SITE)
    for model, pages in CONSOLE_MODELS.items():
        table.update({f"{model}_{page}": expect for page, expect in pages.items()})
    return table


def console_paths(world) -> dict[str, str]:
    """Every console URL, keyed like the table."""
    paths = {}
    for route in all_routes():
        if not route.route.startswith("admin/"):
            continue
        for path in urls_for(route, world):
            key = (route.name or "admin:catch_all").removeprefix("admin:")
            if key == "app_list":
                key += ":" + path.strip("/").split("/")[-1]
            paths[key] = path
    for field, query in AUTOCOMPLETE_FIELDS.items():
        paths[f"autocomplete:{field}"] = f"{paths['autocomplete']}?{query}"
    return paths


def outcome(response) -> str:
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith("/admin/login/") else REDIRECT
    return {200: OK, 403: DENIED, 404: MISSING, 405: NOT_ALLOWED}.get(
        response.status_code, str(response.status_code)
    )


@pytest.fixture
def world():
    return build_world()


def test_every_console_url_has_a_row(world):
    paths, table = console_paths(world), expected_table()
    assert sorted(set(paths) - set(table)) == [], "console URLs without a row in the table"
    assert sorted(set(table) - set(paths)) == [], "rows for URLs that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_console_access_by_role(world, role):
    client = Client(raise_request_exception=False)
    person = {
        "unverified": world.unverified,
        "student": world.student,
        "other_student": world.owner,
        "disabled": world.disabled,
        "instructor": world.instructor,
        "other_instructor": world.other_instructor,
        "admin": world.admin,
    }.get(role)
    if person is not None:
        client.force_login(person)
    table = expected_table()
    wrong, writes = {}, {}
    for key, path in console_paths(world).items():
        if key not in table:
            continue  # reported by test_every_console_url_has_a_row
        response, statements = get_recording_writes(client, path)
        expected = getattr(table[key], role)
        if outcome(response) != expected:
            wrong[key] = f"{path}: expected {expected}, got {outcome(response)}"
        if statements:
            writes[key] = statements
    assert wrong == {}
    assert writes == {}
