"""The public verification page and the student's certificates (list, download)."""

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import StudentFactory
from lms.certificates import services
from lms.certificates.tests.factories import issued_certificate

pytestmark = pytest.mark.django_db


def verify_url(serial: str) -> str:
    return reverse("student_pwa:certificate_verify", args=[serial])


def test_verify_valid_without_signing_in(client):
    certificate = issued_certificate(user=StudentFactory(full_name="Meena Iyer"))
    response = client.get(verify_url(certificate.serial))
    assert response.status_code == 200
    assert b'data-status="valid"' in response.content
    assert "Meena Iyer" in response.content.decode()


def test_verify_revoked(client, admin_user):
    certificate = issued_certificate()
    services.certificate_revoke(certificate=certificate, by=admin_user, reason="Refunded")
    response = client.get(verify_url(certificate.serial.lower()))
    assert response.status_code == 200
    assert b'data-status="revoked"' in response.content


def test_verify_unknown(client):
    response = client.get(verify_url("AAAA-BBBB-CCCC"))
    assert response.status_code == 404
    assert b'data-status="unknown"' in response.content


def test_student_lists_and_downloads_their_own(client):
    certificate = issued_certificate()
    client.force_login(certificate.user)
    listing = client.get(reverse("student_pwa:my_certificates"))
    assert certificate.serial in listing.content.decode()
    response = client.get(reverse("student_pwa:certificate_download", args=[certificate.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_students_certificate_is_404(client):
    certificate = issued_certificate()
    client.force_login(StudentFactory())
    response = client.get(reverse("student_pwa:certificate_download", args=[certificate.pk]))
    assert response.status_code == 404


def test_download_needs_sign_in(client):
    certificate = issued_certificate()
    response = client.get(reverse("student_pwa:certificate_download", args=[certificate.pk]))
    assert response.status_code == 302
