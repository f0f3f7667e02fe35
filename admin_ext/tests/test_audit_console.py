"""The audit log in the console: admins read, filter, search and export it; nobody (a
superuser included) adds, changes or deletes an entry, by any URL or POST."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from lms.accounts.tests.factories import AdminFactory, InstructorFactory, StudentFactory
from lms.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(admin_user):
    person = StudentFactory(email="target@example.com")
    other_admin = AdminFactory(email="other@example.com")
    return [
        AuditEntry.objects.create(
            actor=admin_user,
            actor_label=admin_user.email,
            action="user.disable",
            target_type=ContentType.objects.get_for_model(person),
            target_id=str(person.pk),
            target_label=str(person),
            changes={"is_active": [True, False]},
        ),
        AuditEntry.objects.create(
            actor=other_admin,
            actor_label=other_admin.email,
            action="coupon.delete",
            target_label="SPRING",
            changes={"code": "SPRING"},
        ),
    ]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_lists_filters_and_searches(admin_user, entries):
    client = signed_in(admin_user)
    url = reverse("admin:audit_auditentry_changelist")
    assert admin_user.is_superuser

    def listed(**query) -> set[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return {entry.action for entry in response.context["cl"].result_list}

    assert listed() == {"user.disable", "coupon.delete"}
    assert listed(action="coupon.delete") == {"coupon.delete"}
    assert listed(actor=str(entries[0].actor_id)) == {"user.disable"}
    assert listed(q="spring") == {"coupon.delete"}
    assert listed(q="target@example.com") == {"user.disable"}
    assert listed(created_at_from="2000-01-01", created_at_to="2000-01-02") == set()
    user_type = ContentType.objects.get_for_model(admin_user)
    response = client.get(url)
    spec = next(s for s in response.context["cl"].filter_specs if s.title == "target type")
    assert listed(**{spec.lookup_kwarg: str(user_type.pk)}) == {"user.disable"}


def test_an_entry_page_shows_its_changes_and_no_save_or_delete(admin_user, entries):
    page = signed_in(admin_user).get(reverse("admin:audit_auditentry_change", args=[entries[0].pk]))
    assert page.status_code == 200
    assert "is_active" in page.text
    assert 'name="_save"' not in page.text
    assert reverse("admin:audit_auditentry_delete", args=[entries[0].pk]) not in page.text


def test_nobody_adds_changes_or_deletes_an_entry_even_by_post(admin_user, entries):
    client = signed_in(admin_user)
    entry = entries[0]
    before = list(AuditEntry.objects.order_by("pk").values())
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    attempts = [
        client.get(reverse("admin:audit_auditentry_add")),
        client.post(reverse("admin:audit_auditentry_add"), {"action": "forged"}),
        client.post(change, {"action": "forged", "changes": "{}", "_save": "Save"}),
        client.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])),
        client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}),
    ]
    assert [response.status_code for response in attempts] == [403] * 5
    # The bulk delete action is not offered, and a forged one is refused.
    response = client.post(
        reverse("admin:audit_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert list(AuditEntry.objects.order_by("pk").values()) == before


def test_instructors_cannot_see_the_log(entries):
    client = signed_in(InstructorFactory())
    for url in (
        reverse("admin:audit_auditentry_changelist"),
        reverse("admin:audit_auditentry_change", args=[entries[0].pk]),
        reverse("admin:audit_auditentry_export"),
    ):
        assert client.get(url).status_code == 403
    assert "Audit log" not in client.get(reverse("admin:index")).text


def test_export_as_csv_and_xlsx(admin_user, entries):
    client = signed_in(admin_user)
    url = reverse("admin:audit_auditentry_export")
    page = client.get(url)
    assert page.status_code == 200
    formats = {
        label.strip().lower(): value
        for value, label in page.context["form"].fields["format"].choices
        if value != ""
    }
    response = client.post(url, {"format": formats["csv"], "resource": "0"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["action"] for row in rows} == {"user.disable", "coupon.delete"}
    assert '"is_active": [true, false]' in next(
        row["changes"] for row in rows if row["action"] == "user.disable"
    )
    xlsx = client.post(url, {"format": formats["xlsx"], "resource": "0"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert AuditEntry.objects.count() == 2  # exporting writes nothing


def test_a_console_action_records_who_and_from_where(admin_user, settings):
    settings.LMS_TRUSTED_PROXIES = 0
    person = StudentFactory()
    client = signed_in(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "disable_users", "_selected_action": [person.pk]},
        REMOTE_ADDR="198.51.100.23",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="user.disable")
    assert (entry.actor, entry.target_id, entry.client_address) == (
        admin_user,
        str(person.pk),
        "198.51.100.23",
    )
