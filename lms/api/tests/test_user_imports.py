"""POST/GET /api/v1/authoring/user-imports/: admins check or import files of people."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.accounts.models import User
from lms.people.tests.helpers import people_csv

pytestmark = pytest.mark.django_db
URL = "/api/v1/authoring/user-imports/"


def upload(rows, name="people.csv"):
    return SimpleUploadedFile(name, people_csv(rows), content_type="text/csv")


def test_a_small_file_is_answered_with_every_row(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    rows = [{"email": "one@example.com", "full_name": "One"}, {"email": "oops"}]
    response = api_client.post(URL, {"file": upload(rows), "dry_run": "true"}, format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"], body["failed"]) == (1, 0, 0, 1)
    assert body["rows"] == [
        {"row": 2, "status": "new", "email": "one@example.com", "errors": []},
        {
            "row": 3,
            "status": "error",
            "email": "oops",
            "errors": ["“oops” is not a valid email address."],
        },
    ]
    assert not User.objects.filter(email="one@example.com").exists()

    response = api_client.post(
        URL,
        {"file": upload(rows), "dry_run": "false", "send_welcome": "false"},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert User.objects.filter(email="one@example.com").exists()


def test_a_large_file_becomes_a_job_to_follow(
    api_client, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.LMS_PEOPLE_IMPORT_INLINE_ROWS = 5
    api_client.force_authenticate(admin_user)
    rows = [{"email": f"p{n}@example.com"} for n in range(12)]
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            URL,
            {"file": upload(rows), "dry_run": "false", "send_welcome": "false"},
            format="multipart",
        )
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "importing" and job["rows"] == []
    followed = api_client.get(job["url"])
    assert followed.status_code == 200
    body = followed.json()
    assert (body["status"], body["progress"], body["created"]) == ("done", 100, 12)
    assert len(body["rows"]) == 12


def test_a_bad_file_is_one_clear_error(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    bad = SimpleUploadedFile("people.csv", b"name\nX\n", content_type="text/csv")
    response = api_client.post(URL, {"file": bad}, format="multipart")
    assert response.status_code == 400
    assert "email" in response.json()["error"]["message"]


@pytest.mark.parametrize("who", ["student", "instructor"])
def test_only_admins(api_client, who, request):
    api_client.force_authenticate(request.getfixturevalue(who))
    response = api_client.post(URL, {"file": upload([{"email": "a@example.com"}])})
    assert response.status_code == 403
    assert api_client.get(f"{URL}1/").status_code == 403
    api_client.force_authenticate(None)
    assert api_client.post(URL, {}).status_code == 401


def test_documented_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/authoring/user-imports/"]["post"]
    body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    assert body.endswith("UserImportCreateApiInputRequest")
    assert set(operation["responses"]) >= {"200", "202"}
    assert "/api/v1/authoring/user-imports/{id}/" in schema["paths"]
