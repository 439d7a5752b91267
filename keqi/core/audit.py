"""Audit helpers used by every service that writes (P8)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from keqi.core.models import AuditLog


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """Values of the named concrete fields, keyed by attribute name (FKs by id)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = jsonable(getattr(instance, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {key: [before.get(key), after[key]] for key in after if before.get(key) != after[key]}


def record(
    *,
    actor,
    action: str,
    target: models.Model,
    changes: dict | None = None,
    enterprise_id: int | None = None,
    ip_address: str | None = None,
) -> AuditLog:
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        enterprise_id=enterprise_id,
        changes=changes or {},
        ip_address=ip_address,
    )
