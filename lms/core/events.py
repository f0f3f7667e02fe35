"""Domain events: how a context tells the others that something happened without importing
them (a lower context never calls a higher one).

- An event is a frozen dataclass that subclasses `Event`, declared in the publishing
  context's `events.py` (`lms/learning/events.py`: `TaskCompleted`, ...). It carries ids and
  plain values, not model instances, so a receiver (or the Huey task it queues) reads fresh
  rows.
- A service publishes with `publish(SomeEvent(...))` inside its transaction.
- Another context subscribes in its `receivers.py`, imported from its `AppConfig.ready`, with
  `@receiver(SomeEvent)`. `registry()` lists every event and its receivers
  (`manage.py events` prints it).
- Receivers run after the transaction commits (`transaction.on_commit`), so nobody reacts to
  a write that was rolled back. A receiver that fails is logged and skipped: the write has
  committed and stays. A receiver with slow work (email, push, a recount) queues a Huey task
  and returns.

Plain functions and `on_commit`, no framework: `lms.core` imports no context.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Base class of every domain event (a frozen dataclass of ids and values)."""


E = TypeVar("E", bound=Event)
Receiver = Callable[[Any], None]

_receivers: dict[type[Event], list[Receiver]] = defaultdict(list)


def subscribe(event_type: type[E], function: Callable[[E], None]) -> None:
    """Register `function` to run after commit for each published `event_type` (once, even
    when a module is imported twice)."""
    if not (isinstance(event_type, type) and issubclass(event_type, Event)):
        raise TypeError(f"{event_type!r} is not a domain event (subclass lms.core.events.Event)")
    if function not in _receivers[event_type]:
        _receivers[event_type].append(function)


def unsubscribe(event_type: type[Event], function: Receiver) -> None:
    if function in _receivers.get(event_type, []):
        _receivers[event_type].remove(function)


def receiver(event_type: type[E]) -> Callable[[Callable[[E], None]], Callable[[E], None]]:
    """Decorator form of `subscribe`."""

    def register(function: Callable[[E], None]) -> Callable[[E], None]:
        subscribe(event_type, function)
        return function

    return register


def _deliver(function: Receiver, event: Event) -> None:
    try:
        function(event)
    except Exception:
        # The write has committed; a receiver's failure must not undo it nor stop the others.
        logger.exception(
            "Receiver %s.%s failed on %s",
            function.__module__,
            function.__qualname__,
            event,
        )


def publish(event: Event) -> None:
    """Run every receiver of `event`'s type after the current transaction commits (at once
    when there is no transaction). Nothing runs when the transaction rolls back."""
    if not isinstance(event, Event):
        raise TypeError(f"{event!r} is not a domain event")
    for function in list(_receivers.get(type(event), [])):
        transaction.on_commit(partial(_deliver, function, event))


def registry() -> dict[type[Event], list[Receiver]]:
    """Every declared event (each subclass of `Event` imported so far, so every context's
    `events.py` once apps are ready) with its receivers, in registration order."""
    events: list[type[Event]] = []
    pending = list(Event.__subclasses__())
    while pending:
        event_type = pending.pop(0)
        events.append(event_type)
        pending.extend(event_type.__subclasses__())
    return {
        event_type: list(_receivers.get(event_type, []))
        for event_type in sorted(events, key=lambda e: (e.__module__, e.__name__))
    }


def registry_lines() -> list[str]:
    """The registry as text: `module.Event -> receiver, receiver` per line."""
    lines = []
    for event_type, functions in registry().items():
        names = ", ".join(f"{f.__module__}.{f.__qualname__}" for f in functions) or "(none)"
        lines.append(f"{event_type.__module__}.{event_type.__name__} -> {names}")
    return lines


# --- lms.core's own events --------------------------------------------------------------------


@dataclass(frozen=True)
class DatabaseRestored(Event):
    """`manage.py restore` replaced the database: what was cached from the old one (the
    catalog's pages and outlines, the dashboards under its version) is no longer true."""
