from decimal import Decimal

import pytest

from lms.core.money import format_money


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("0"), "INR", "₹0"),
        (Decimal("999"), "INR", "₹999"),
        (Decimal("4999"), "INR", "₹4,999"),
        (Decimal("100000"), "INR", "₹1,00,000"),
        (Decimal("12345678.5"), "INR", "₹1,23,45,678.50"),
        (Decimal("4999.00"), "inr", "₹4,999"),
        (Decimal("100000"), "USD", "$100,000"),
        (Decimal("1234.5"), "EUR", "€1,234.50"),
        (Decimal("1500"), "JPY", "1,500 JPY"),
        (Decimal("-250"), "INR", "-₹250"),
    ],
)
def test_format_money(amount, currency, expected):
    assert format_money(amount, currency) == expected


def test_money_filter_and_include_use_the_same_formatter():
    from django.template import Context, Template

    rendered = Template(
        '{% load catalog_tags %}{{ a|money:"INR" }}|'
        '{% include "student_pwa/commerce/money.html" with amount=a currency="INR" %}'
    ).render(Context({"a": Decimal("100000")}))
    assert rendered == "₹1,00,000|₹1,00,000"
