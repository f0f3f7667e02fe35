"""Certificates: issued once on completion, a PDF that holds the name, course and serial
(Hindi too), revoke and re-issue by admins."""

import io

import pypdf
import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import build_course
from lms.certificates import services
from lms.certificates.models import Certificate, CertificateTemplate
from lms.certificates.tests.factories import completed_enrollment, issued_certificate
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.learning import services as learning_services
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of

pytestmark = pytest.mark.django_db


def pdf_text(certificate: Certificate) -> str:
    with certificate.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_fonts(certificate: Certificate) -> set[str]:
    with certificate.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def test_completing_a_course_issues_one_certificate(django_capture_on_commit_callbacks):
    student = StudentFactory(full_name="Asha Verma")
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=2, title="Data 101")
    EnrollmentFactory(user=student, course=course)
    (lesson,) = lessons_in_order(course)
    for task in tasks_of(lesson):
        with django_capture_on_commit_callbacks(execute=True):
            learning_services.task_complete(user=student, task=task)
    certificate = Certificate.objects.get(user=student)
    text = pdf_text(certificate)
    assert "Asha Verma" in text and "Data 101" in text and certificate.serial in text
    # The event delivered again (or a second job) issues nothing new.
    again = services.certificate_issue(enrollment_id=certificate.enrollment_id)
    assert again.pk == certificate.pk
    assert Certificate.objects.count() == 1


def test_a_hindi_name_renders_in_the_devanagari_font():
    certificate = issued_certificate(user=StudentFactory(full_name="प्रिया कुमारी"))
    text = pdf_text(certificate)
    # pypdf may split Devanagari clusters with spaces (glyph positioning): compare without.
    assert "प्रियाकुमारी" in "".join(text.split())
    assert "प्रिया" in text
    assert certificate.serial in text
    assert any("Noto-Sans-Devanagari" in font for font in pdf_fonts(certificate))


def test_no_certificate_before_completion():
    enrollment = EnrollmentFactory()
    assert services.certificate_issue(enrollment_id=enrollment.pk) is None
    assert not Certificate.objects.exists()


def test_serials_are_unique_and_readable():
    serials = {issued_certificate().serial for _ in range(3)}
    assert len(serials) == 3
    assert all(len(s) == 14 and s.count("-") == 2 for s in serials)


def test_the_admin_template_and_its_placeholders_are_used():
    CertificateTemplate.objects.update(is_default=False)
    CertificateTemplate.objects.create(
        name="Plain",
        is_default=True,
        html="<p>Bravo {{ name }} for {{course}} ({{ serial }}) {{ unknown }}</p>{{ qr_code }}",
    )
    certificate = issued_certificate(user=StudentFactory(full_name="Ravi <b>Rao</b>"))
    text = pdf_text(certificate)
    assert "Bravo Ravi <b>Rao</b> for" in text  # escaped, so shown as typed
    assert "{{ unknown }}" in text
    assert certificate.template.name == "Plain"


def test_revoke_and_reissue(admin_user):
    certificate = issued_certificate(user=StudentFactory(full_name="Old Name"))
    old_file = certificate.file.name
    services.certificate_revoke(certificate=certificate, by=admin_user, reason="Cheating")
    certificate.refresh_from_db()
    assert not certificate.is_valid and certificate.revoked_reason == "Cheating"
    with pytest.raises(ApplicationError):
        services.certificate_revoke(certificate=certificate, by=admin_user, reason="Again")
    certificate.user.full_name = "New Name"
    certificate.user.save()
    reissued = services.certificate_reissue(certificate=certificate, by=admin_user)
    assert reissued.is_valid and reissued.serial == certificate.serial
    assert reissued.file.name != old_file
    assert "New Name" in pdf_text(reissued)


@pytest.mark.parametrize("action", ["revoke", "reissue"])
def test_only_admins_revoke_or_reissue(action, instructor):
    certificate = issued_certificate()
    with pytest.raises(PermissionDeniedError):
        if action == "revoke":
            services.certificate_revoke(certificate=certificate, by=instructor, reason="x")
        else:
            services.certificate_reissue(certificate=certificate, by=instructor)


def test_a_revoked_enrollment_keeps_its_certificate_row_unique():
    enrollment = completed_enrollment()
    first = services.certificate_issue(enrollment_id=enrollment.pk)
    second = services.certificate_issue(enrollment_id=enrollment.pk)
    assert first.pk == second.pk
