"""The console: revoke (with a reason, on POST) and re-issue (after a confirmation)."""

import pytest
from django.urls import reverse

from lms.certificates.tests.factories import issued_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(client, admin_user):
    client.force_login(admin_user)
    return client


def test_revoke_asks_for_a_reason_then_revokes(console):
    certificate = issued_certificate()
    url = reverse("admin:certificates_certificate_revoke", args=[certificate.pk])
    assert console.get(url).status_code == 200
    certificate.refresh_from_db()
    assert certificate.is_valid  # a GET changes nothing
    assert console.post(url, {"reason": ""}).status_code == 200
    response = console.post(url, {"reason": "Payment refunded"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert not certificate.is_valid and certificate.revoked_reason == "Payment refunded"


def test_reissue_confirms_first(console):
    certificate = issued_certificate()
    old_file = certificate.file.name
    url = reverse("admin:certificates_certificate_reissue", args=[certificate.pk])
    console.get(url)
    certificate.refresh_from_db()
    assert certificate.file.name == old_file and certificate.reissued_at is None
    assert console.post(url).status_code == 302
    certificate.refresh_from_db()
    assert certificate.reissued_at is not None and certificate.file.name != old_file


def test_template_preview_is_a_pdf_and_writes_nothing(console):
    from lms.certificates.models import Certificate, CertificateTemplate

    template = CertificateTemplate.objects.get(is_default=True)
    response = console.get(
        reverse("admin:certificates_certificatetemplate_preview_link", args=[template.pk])
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not Certificate.objects.exists()
