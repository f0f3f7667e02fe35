"""Counted limits on sign-in, sign-up, email codes and password resets.

A limit is a budget of `count` per fixed window of `seconds` for one key (an account, an
address, a target email). `limit_take` spends one unit or says the budget is gone; a
caller that only wants to count failures takes a unit before the check and gives it back
when the check succeeds, so concurrent attempts can never overshoot (the budget is taken
before anyone learns the answer) and successes never count.

The counters live in the database (AttemptCounter): a Redis outage must not lift them.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from lms.accounts.models import AttemptCounter


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # 0 or less: no limit
    seconds: int


@dataclass(frozen=True)
class Taken:
    """One unit taken from a budget, to give back when the attempt turns out fine."""

    limit: Limit
    key: str
    window: int


def _key(key: str) -> str:
    return hashlib.sha256(key.strip().lower().encode()).hexdigest()


def _now() -> float:
    return time.time()


def _window(limit: Limit) -> int:
    return int(_now() // limit.seconds) * limit.seconds


def _spend(limit: Limit, key: str, window: int) -> bool:
    return bool(
        AttemptCounter.objects.filter(
            name=limit.name, key=key, window=window, count__lt=limit.count
        ).update(count=F("count") + 1)
    )


def limit_take(*, limit: Limit, key: str) -> Taken | None:
    """Spend one unit of `key`'s budget in the current window; None when it is spent."""
    hashed, window = _key(key), _window(limit)
    taken = Taken(limit=limit, key=hashed, window=window)
    if limit.count <= 0:
        return taken
    with transaction.atomic():
        if _spend(limit, hashed, window):
            return taken
        try:
            with transaction.atomic():
                AttemptCounter.objects.create(name=limit.name, key=hashed, window=window, count=1)
        except IntegrityError:
            # Someone else opened this window first: spend from their row if it has room.
            return taken if _spend(limit, hashed, window) else None
        AttemptCounter.objects.filter(name=limit.name, window__lt=window - limit.seconds).delete()
        return taken


def limit_give_back(*, taken: Taken) -> None:
    """Return a unit taken by `limit_take` (the attempt succeeded, or did not happen)."""
    if taken.limit.count > 0:
        AttemptCounter.objects.filter(
            name=taken.limit.name, key=taken.key, window=taken.window, count__gt=0
        ).update(count=F("count") - 1)


def limit_take_all(*, limits: list[tuple[Limit, str]]) -> list[Taken] | None:
    """Take one unit from each budget, or from none of them when one is spent."""
    taken: list[Taken] = []
    for limit, key in limits:
        unit = limit_take(limit=limit, key=key)
        if unit is None:
            for earlier in taken:
                limit_give_back(taken=earlier)
            return None
        taken.append(unit)
    return taken


def limit_clear(*, limit: Limit, key: str) -> None:
    """Forget `key`'s count (the owner proved who they are)."""
    AttemptCounter.objects.filter(name=limit.name, key=_key(key)).delete()


def limit_seconds_left(*, limit: Limit) -> int:
    return max(1, _window(limit) + limit.seconds - int(_now()))


# --- The limits of the LMS (numbers in settings, LMS_* with defaults) ----------------------


def _minutes(value: int) -> int:
    return value * 60


def signin_failures_per_account() -> Limit:
    return Limit(
        "signin-account",
        settings.LMS_SIGNIN_FAILURES_PER_ACCOUNT,
        _minutes(settings.LMS_SIGNIN_LOCK_MINUTES),
    )


def signin_failures_per_address() -> Limit:
    return Limit(
        "signin-address",
        settings.LMS_SIGNIN_FAILURES_PER_ADDRESS,
        _minutes(settings.LMS_SIGNIN_LOCK_MINUTES),
    )


def signups_per_address_hour() -> Limit:
    return Limit("signup-address-hour", settings.LMS_SIGNUPS_PER_ADDRESS_PER_HOUR, 3600)


def signups_per_address_day() -> Limit:
    return Limit("signup-address-day", settings.LMS_SIGNUPS_PER_ADDRESS_PER_DAY, 86400)


def email_code_failures_per_address() -> Limit:
    return Limit(
        "email-code-address",
        settings.LMS_EMAIL_CODE_FAILURES_PER_ADDRESS,
        _minutes(settings.LMS_SIGNIN_LOCK_MINUTES),
    )


def password_resets_per_email() -> Limit:
    return Limit("reset-email", settings.LMS_PASSWORD_RESETS_PER_EMAIL_PER_HOUR, 3600)


def password_resets_per_address() -> Limit:
    return Limit("reset-address", settings.LMS_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR, 3600)
