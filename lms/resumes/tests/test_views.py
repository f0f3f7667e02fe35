"""The resume builder in the student app."""

import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.resumes.models import ResumeProject
from lms.resumes.tests.factories import ResumeProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, student):
    client.force_login(student)
    return client


def test_add_and_remove_a_project_then_download(signed_in, student):
    signed_in.post("/app/resume/projects/", {"title": "Weather app", "technologies": "Flask"})
    project = ResumeProject.objects.get(user=student)
    assert "Weather app" in signed_in.get("/app/resume/").content.decode()
    response = signed_in.get("/app/resume.pdf?template=modern")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    signed_in.post(f"/app/resume/projects/{project.pk}/delete/")
    assert not ResumeProject.objects.exists()


def test_a_bad_link_is_refused_with_a_message(signed_in):
    response = signed_in.post(
        "/app/resume/projects/", {"title": "X", "link": "not a link"}, follow=True
    )
    assert not ResumeProject.objects.exists()
    assert "Check the highlighted fields" in response.content.decode()


def test_another_students_project_cannot_be_removed(signed_in):
    theirs = ResumeProjectFactory(user=StudentFactory())
    assert signed_in.post(f"/app/resume/projects/{theirs.pk}/delete/").status_code == 404
    assert ResumeProject.objects.filter(pk=theirs.pk).exists()


def test_unknown_template_goes_back_with_a_message(signed_in):
    response = signed_in.get("/app/resume.pdf?template=fancy")
    assert response.status_code == 302
