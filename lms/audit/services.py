"""The one way to write the audit log."""

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest

from lms.audit.models import AuditEntry
from lms.core.client_address import client_address


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Record that `actor` (a user, or None for the system: a webhook, a job) did `action`
    (a dotted name such as "enrollment.revoke") to `target`, with `changes` (a JSON-able
    dict: {"field": [old, new]} for edits, or the facts of the action). The client address
    is taken from `request` when the caller has one.

    Call it inside the transaction of the service that makes the change (it refuses to run
    outside one): when that service rolls back, its entry goes too, so the log never tells
    of a change that did not happen."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record runs inside the transaction of the change it records.")
    actor_pk = getattr(actor, "pk", None)
    return AuditEntry.objects.create(
        actor_id=actor_pk,
        actor_label=(getattr(actor, "email", "") or str(actor or ""))[:254] if actor_pk else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        changes=_jsonable(changes or {}),
        client_address=(client_address(request) or None) if request is not None else None,
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{"field": [old, new]} for the fields whose value differs, to pass as `changes`."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _jsonable(value: Any) -> Any:
    """Plain JSON: model instances by primary key, dates and decimals as text, sets as lists."""
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value
