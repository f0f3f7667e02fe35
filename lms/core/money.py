"""One way to write an amount of money for people: ₹4,999, ₹1,00,000, $12,500.50.

Rupees use Indian digit grouping (the last three digits, then pairs: lakh, crore); other
currencies group by thousands. Whole amounts drop the paise/cents.
"""

from decimal import Decimal

CURRENCY_SYMBOLS = {"INR": "₹", "USD": "$", "EUR": "€", "GBP": "£"}


def group_indian(digits: str) -> str:
    """ "10000000" → "1,00,00,000"."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    pairs = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    if head:
        pairs.insert(0, head)
    return ",".join(pairs + [tail])


def group_thousands(digits: str) -> str:
    """ "1000000" → "1,000,000"."""
    return f"{int(digits):,}"


def format_money(amount: Decimal | int | str | float | None, currency: str = "INR") -> str:
    """The amount with its symbol (or code) and the grouping its currency's readers expect."""
    value = Decimal(str(amount if amount is not None else 0))
    sign = "-" if value < 0 else ""
    value = abs(value)
    text = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"
    whole, _sep, fraction = text.partition(".")
    code = (currency or "").upper()
    grouped = group_indian(whole) if code == "INR" else group_thousands(whole)
    number = grouped + (f".{fraction}" if fraction else "")
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {code}".strip()
