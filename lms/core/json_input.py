"""Reading JSON that a client sent: one place that knows its failure modes."""

import json
from typing import Any

from django.utils.translation import gettext_lazy as _

TOO_DEEP_MESSAGE = _("The JSON is nested too deeply.")


class JSONTooDeepError(ValueError):
    """Python's parser recurses per level: a body of 100,000 `[` exhausts the stack
    (RecursionError) instead of failing like any other malformed input."""


def json_loads(data: bytes | str) -> Any:
    """`json.loads` for untrusted input: every failure is a ValueError."""
    try:
        return json.loads(data)
    except RecursionError as error:
        raise JSONTooDeepError(str(TOO_DEEP_MESSAGE)) from error
