"""The resume PDF holds the student's data (also in Hindi), on one page, in two templates;
it is made again when the data changes."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader
from rest_framework_simplejwt.tokens import RefreshToken

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.core.errors import ApplicationError
from lms.learning.models import EnrollmentStatus
from lms.learning.tests.factories import EnrollmentFactory
from lms.resumes import pdf as resume_pdf
from lms.resumes.services import project_create, project_delete
from lms.resumes.tests.factories import ResumeProjectFactory


def _text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture
def profile(student):
    student.full_name = "Asha Verma"
    student.college = "Delhi Technological University"
    student.branch = "Computer Engineering"
    student.year = 3
    student.skills = ["Python", "SQL"]
    student.save()
    ResumeProjectFactory(user=student, title="Attendance tracker", technologies="Django")
    course = CourseFactory(title="Data Structures")
    EnrollmentFactory(
        user=student, course=course, status=EnrollmentStatus.COMPLETED, completed_at=timezone.now()
    )
    CourseFactory(title="Unfinished Course")
    return student


@pytest.mark.parametrize("template", ["classic", "modern"])
def test_pdf_holds_the_profile_projects_and_completed_courses(profile, template):
    text, pages = _text(resume_pdf.resume_pdf_get(user=profile, template=template))
    assert pages == 1
    for expected in [
        "Asha Verma",
        "Delhi Technological University",
        "Python",
        "Attendance tracker",
        "Data Structures",
    ]:
        assert expected in text
    assert "Unfinished Course" not in text


def test_hindi_text_renders(student):
    student.full_name = "आशा वर्मा"
    student.skills = ["पायथन"]
    student.save()
    project_create(user=student, title="उपस्थिति ट्रैकर", description="छात्रों के लिए")
    data = resume_pdf.resume_pdf_get(user=student, template="modern")
    text, _pages = _text(data)
    # Extracted Devanagari comes back as the same code points when a font with the glyphs
    # was embedded (a missing font would give no text or boxes).
    assert "आशा" in text.replace(" ", "") or "आशा" in text
    fonts = {
        font["/BaseFont"]
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
        for font in [font.get_object()]
    }
    assert any("Devanagari" in str(name) for name in fonts)


def test_pdf_is_made_again_when_data_changes(profile):
    first = resume_pdf.resume_pdf_get(user=profile)
    assert resume_pdf.resume_pdf_get(user=profile) == first  # from the cache
    project = project_create(user=profile, title="Chess engine")
    assert "Chess engine" in _text(resume_pdf.resume_pdf_get(user=profile))[0]
    project_delete(project=project, user=profile)
    assert "Chess engine" not in _text(resume_pdf.resume_pdf_get(user=profile))[0]


def test_unknown_template_is_refused(student):
    with pytest.raises(ApplicationError):
        resume_pdf.resume_pdf_get(user=student, template="fancy")


def test_api_pdf_and_projects(api_client, profile):
    token = RefreshToken.for_user(profile).access_token
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api_client.get("/api/v1/me/resume.pdf?template=modern")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Asha Verma" in _text(response.content)[0]
    assert api_client.get("/api/v1/me/resume.pdf?template=nope").status_code == 400
    created = api_client.post(
        "/api/v1/me/resume/projects/", {"title": "Quiz bot", "link": "https://example.com"}
    )
    assert created.status_code == 201
    titles = [p["title"] for p in api_client.get("/api/v1/me/resume/projects/").json()]
    assert titles == ["Attendance tracker", "Quiz bot"]


def test_another_students_project_is_404(api_client, student):
    theirs = ResumeProjectFactory(user=StudentFactory())
    api_client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(student).access_token}"
    )
    assert api_client.delete(f"/api/v1/me/resume/projects/{theirs.pk}/").status_code == 404
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
    with pytest.raises(ApplicationError):
        project_delete(project=theirs, user=student)


def test_signed_out_is_401(api_client):
    assert api_client.get("/api/v1/me/resume.pdf").status_code == 401


def test_pdf_lists_valid_certificates_with_their_link_and_badges(profile):
    from lms.accounts.tests.factories import AdminFactory
    from lms.catalog.tests.factories import CourseFactory
    from lms.certificates.services import certificate_revoke
    from lms.certificates.tests.factories import issued_certificate
    from lms.gamification.models import BadgeAward
    from lms.gamification.tests.factories import BadgeFactory

    valid = issued_certificate(user=profile, course=CourseFactory(title="Algorithms"))
    revoked = issued_certificate(user=profile, course=CourseFactory(title="Withdrawn Course"))
    certificate_revoke(certificate=revoked, by=AdminFactory(), reason="Issued by mistake")
    BadgeAward.objects.create(user=profile, badge=BadgeFactory(name="Streak Master"))
    text = _text(resume_pdf.resume_pdf_get(user=profile, template="classic"))[0]
    flat = " ".join(text.split())
    assert "Algorithms" in flat and valid.serial in flat
    assert f"/certificates/verify/{valid.serial}/" in flat.replace(" ", "")
    assert revoked.serial not in flat  # its course is still listed as completed
    assert "Streak Master" in flat
