"""Template helpers of the commerce context."""

from django import template

from lms.commerce.gateways import available_gateways

register = template.Library()


@register.simple_tag
def payments_open() -> bool:
    """Whether a payment gateway is configured: without one a paid course says that
    enrollment opens soon instead of offering a button that can only fail."""
    return bool(available_gateways())
