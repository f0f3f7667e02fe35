"""The console's tests drive refunds, so they share the commerce tests' local gateway fake."""

from lms.commerce.tests.conftest import _fake_gateway_server, gateway_fake  # noqa: F401
