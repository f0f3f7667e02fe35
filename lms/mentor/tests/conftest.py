import pytest

from lms.mentor.models import MentorSettings
from lms.mentor.tests.fake_provider import FakeProvider

SECRET_KEY = "sk-test-never-shown-1234567890"


@pytest.fixture(scope="session")
def _fake_provider_server():
    server = FakeProvider()
    yield server
    server.close()


@pytest.fixture
def fake_provider(_fake_provider_server, db):
    """The fake provider, configured in the console's settings as an admin would."""
    _fake_provider_server.reset()
    MentorSettings.objects.update_or_create(
        pk=1,
        defaults={
            "base_url": _fake_provider_server.base_url,
            "model": "fake-model",
            "api_key": SECRET_KEY,
            "provider_name": "Fake AI",
            "timeout_seconds": 1,
        },
    )
    return _fake_provider_server


@pytest.fixture(autouse=True)
def _no_provider_from_environment(settings):
    settings.LMS_MENTOR_BASE_URL = ""
    settings.LMS_MENTOR_MODEL = ""
    settings.LMS_MENTOR_API_KEY = ""
