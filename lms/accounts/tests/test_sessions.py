"""Sessions are read through the cache (lms/accounts/sessions.py) and the signed-in person is
loaded with their verified-email state in one query (SignInBackend.get_user): a signed-in
page makes one query for both. The person is still read from the database on every
request, so a disabled account, a new role or a changed password counts at once."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.accounts.models import Role, User
from lms.accounts.sessions import SessionStore, _BoundedCache
from lms.accounts.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def _page(client):
    return client.get(reverse("student_pwa:my_courses"))


def test_a_signed_in_page_loads_session_and_person_in_one_query(client, student):
    client.force_login(student)
    with CaptureQueriesContext(connection) as queries:
        assert _page(client).status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert not any("django_session" in statement for statement in sql)
    loads = [statement for statement in sql if 'FROM "accounts_user"' in statement]
    assert len(loads) == 1
    assert "account_emailaddress" in loads[0]  # the verified email, in the same query
    assert not any(
        statement.startswith('SELECT 1 AS "a" FROM "account_emailaddress"') for statement in sql
    )


def test_without_the_cached_copy_the_session_comes_from_the_database(client, student):
    client.force_login(student)
    cache.clear()  # Redis emptied or restarted
    assert _page(client).status_code == 200
    assert _page(client).status_code == 200


def test_an_unverified_person_is_still_sent_to_verify(client):
    person = StudentFactory()
    person.emailaddress_set.update(verified=False)
    client.force_login(person)
    response = _page(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


def test_a_disabled_account_loses_its_sessions_at_once(client, student):
    client.force_login(student)
    assert _page(client).status_code == 200
    # Even written without signals (as a bulk import or SQL would), the next request sees it.
    User.objects.filter(pk=student.pk).update(is_active=False)
    response = _page(client)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_a_new_role_counts_at_once(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    User.objects.filter(pk=admin_user.pk).update(
        role=Role.STUDENT, is_staff=False, is_superuser=False
    )
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_password_changed_elsewhere_ends_the_session(client, student):
    client.force_login(student)
    assert _page(client).status_code == 200
    student.set_password("another-long-password-42")
    student.save()
    response = _page(client)
    assert response.status_code == 302


def test_signing_out_ends_the_cached_copy_too(client, student):
    client.force_login(student)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert cache.get(KEY_PREFIX + key) is not None
    client.post(reverse("account_logout"))
    assert cache.get(KEY_PREFIX + key) is None
    assert SessionStore(key).get(SESSION_KEY) is None
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # replayed after sign-out
    assert _page(client).status_code == 302


class _Recorder:
    def __init__(self):
        self.timeouts = []

    def set(self, key, value, timeout=None):
        self.timeouts.append(timeout)


def test_a_cached_copy_lives_at_most_the_bound():
    recorder = _Recorder()
    bounded = _BoundedCache(recorder, 60)
    bounded.set("k", {}, 14 * 24 * 3600)
    bounded.set("k", {}, 10)
    bounded.set("k", {}, None)
    assert recorder.timeouts == [60, 10, 60]


@pytest.mark.parametrize("user_id", ["", "abc", "0", "-3", str(2**63), None, "1e3"])
def test_an_id_that_names_nobody_loads_nobody(user_id):
    from lms.accounts.selectors import user_with_email_state_get

    assert user_with_email_state_get(user_id=user_id) is None


def test_the_person_loaded_is_the_whole_person(student):
    from lms.accounts.selectors import user_with_email_state_get

    loaded = user_with_email_state_get(user_id=str(student.pk))
    fresh = User.objects.get(pk=student.pk)
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name
    assert loaded.has_verified_email is True
    assert loaded._state.adding is False and loaded._state.db == "default"
    student.emailaddress_set.update(verified=False)
    assert user_with_email_state_get(user_id=student.pk).has_verified_email is False
