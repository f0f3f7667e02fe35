"""A replaced photo or resume leaves storage once the change commits (and only then); new
files per person are limited per hour."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from lms.accounts import services
from lms.accounts.tests.factories import StudentFactory
from lms.api.tests.test_errors_and_limits import assert_error
from lms.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's on-commit callbacks at its end, as a commit
    would (those registered in a rolled-back block are dropped, as in production)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def png(name: str = "me.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 resume", content_type="application/pdf")


@pytest.fixture
def person(settings):
    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    user = StudentFactory()
    user.photo.save("old.png", ContentFile(png().read()), save=False)
    user.resume.save("old.pdf", ContentFile(b"%PDF-1.4 old"), save=False)
    user.save(update_fields=["photo", "resume"])
    return user


def test_a_replaced_photo_and_resume_leave_storage(person, committed):
    old_photo, old_resume = person.photo.name, person.resume.name
    assert default_storage.exists(old_photo) and default_storage.exists(old_resume)
    with committed():
        services.user_profile_update(user=person, photo=png(), resume=pdf())
    person.refresh_from_db()
    assert not default_storage.exists(old_photo)
    assert not default_storage.exists(old_resume)
    assert default_storage.exists(person.photo.name) and person.photo.name != old_photo
    assert default_storage.exists(person.resume.name) and person.resume.name != old_resume


def test_a_cleared_photo_leaves_storage(person, committed):
    old_photo = person.photo.name
    with committed():
        services.user_profile_update(user=person, photo=None)
    person.refresh_from_db()
    assert not person.photo and not default_storage.exists(old_photo)
    assert default_storage.exists(person.resume.name)  # untouched


def test_a_rolled_back_change_keeps_the_old_file(person, committed):
    old_photo = person.photo.name
    with committed(), transaction.atomic():
        services.user_profile_update(user=person, photo=png())
        transaction.set_rollback(True)
    person.refresh_from_db()
    assert person.photo.name == old_photo
    assert default_storage.exists(old_photo)


def test_changes_without_files_delete_nothing(person, committed):
    with committed():
        services.user_profile_update(user=person, college="IIT")
    assert default_storage.exists(person.photo.name)
    assert default_storage.exists(person.resume.name)


def test_a_deleted_account_takes_its_files(person, committed):
    names = [person.photo.name, person.resume.name]
    with committed():
        person.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_uploads_per_hour_are_limited(person, settings):
    settings.LMS_PROFILE_UPLOADS_PER_HOUR = 3
    services.user_profile_update(user=person, photo=png(), resume=pdf())
    services.user_profile_update(user=person, photo=png())
    kept = person.photo.name
    with pytest.raises(ApplicationError) as refused:
        services.user_profile_update(user=person, resume=pdf())
    assert refused.value.status == 429
    person.refresh_from_db()
    assert person.photo.name == kept and default_storage.exists(kept)
    services.user_profile_update(user=person, college="Still fine")  # no file, no count
    services.user_profile_update(user=person, photo=None)  # clearing is not an upload


def test_the_api_answers_the_upload_limit_in_the_error_shape(api_client, person, settings):
    settings.LMS_PROFILE_UPLOADS_PER_HOUR = 1
    api_client.force_authenticate(person)
    first = api_client.patch("/api/v1/me", {"photo": png()}, format="multipart")
    assert first.status_code == 200
    second = api_client.patch("/api/v1/me", {"photo": png()}, format="multipart")
    assert_error(second, 429, "too_many_uploads")
