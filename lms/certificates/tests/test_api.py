"""The certificates API: my certificates and the public verification."""

import pytest
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken

from lms.certificates import services
from lms.certificates.tests.factories import issued_certificate

pytestmark = pytest.mark.django_db


def test_my_certificates_and_the_download_with_a_token(api_client, client):
    certificate = issued_certificate()
    issued_certificate()  # someone else's
    token = f"Bearer {AccessToken.for_user(certificate.user)}"
    api_client.credentials(HTTP_AUTHORIZATION=token)
    body = api_client.get(reverse("api:my-certificates")).json()
    assert [c["serial"] for c in body["results"]] == [certificate.serial]
    assert body["results"][0]["valid"] is True
    download = client.get(body["results"][0]["download_url"], HTTP_AUTHORIZATION=token)
    assert download.status_code == 200


def test_verify_is_public(api_client, admin_user):
    certificate = issued_certificate()
    url = reverse("api:certificate-verify", args=[certificate.serial])
    body = api_client.get(url).json()
    assert body["valid"] is True and body["serial"] == certificate.serial
    services.certificate_revoke(certificate=certificate, by=admin_user, reason="Refund")
    body = api_client.get(url).json()
    assert body["valid"] is False and body["revoked_at"]
    missing = api_client.get(reverse("api:certificate-verify", args=["NOPE-NOPE-NOPE"]))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
