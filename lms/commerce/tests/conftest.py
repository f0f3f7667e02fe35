import pytest

from lms.commerce.tests import fake_gateways as fake


@pytest.fixture(scope="session")
def _fake_gateway_server():
    with fake.FakeGatewayServer() as state:
        yield state


@pytest.fixture
def gateway_fake(_fake_gateway_server, settings):
    """Both gateways configured with test keys and pointed at the local fake."""
    state = _fake_gateway_server
    state.reset()
    settings.RAZORPAY_KEY_ID = fake.RAZORPAY_KEY_ID
    settings.RAZORPAY_KEY_SECRET = fake.RAZORPAY_KEY_SECRET
    settings.RAZORPAY_WEBHOOK_SECRET = fake.RAZORPAY_WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = fake.STRIPE_SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = fake.STRIPE_WEBHOOK_SECRET
    settings.LMS_RAZORPAY_API_BASE = state.base_url
    settings.LMS_STRIPE_API_BASE = state.base_url
    return state


@pytest.fixture(autouse=True)
def _no_gateway_keys_by_default(settings):
    """Tests start with no gateway configured, whatever the environment holds."""
    for name in (
        "RAZORPAY_KEY_ID",
        "RAZORPAY_KEY_SECRET",
        "RAZORPAY_WEBHOOK_SECRET",
        "STRIPE_SECRET_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "STRIPE_WEBHOOK_SECRET",
    ):
        setattr(settings, name, "")
