"""Tamper-evident records (X4, ADR 0016): hash chains over audit rows, review decisions and snapshots.

An app registers a model with the chain each new row belongs to; every row created afterwards is
sealed in the same transaction: the SHA-256 of its stored content goes into a `RecordSeal` that
carries the previous link's hash. `verify()` recomputes everything and names the first broken link.
"""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import models, transaction
from django.db.models.signals import post_save

from keqi.core.models import ChainHead, RecordSeal


@dataclass(frozen=True)
class Sealed:
    model: type[models.Model]
    chain: Callable[[models.Model], str]
    label: str  # Chinese name of the record kind, for messages


REGISTRY: dict[str, Sealed] = {}


def register(model: type[models.Model], *, chain: Callable[[models.Model], str], label: str) -> None:
    """Seal every row of `model` created from now on, in the chain `chain(row)` names."""
    REGISTRY[model._meta.label_lower] = Sealed(model, chain, label)
    post_save.connect(_on_save, sender=model, dispatch_uid=f"seal-{model._meta.label_lower}")


def _on_save(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seal(instance)


def _plain(value):
    if isinstance(value, float) and value.is_integer():
        # jsonb gives 1e20 back as the integer its text names (not the float's binary value): hash that
        return int(Decimal(repr(value)))
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _fields(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def content_hash(values: dict) -> str:
    text = json.dumps(_plain(values), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def link_hash(*, chain: str, sequence: int, record_type: str, record_id: int, content: str, prev: str) -> str:
    text = f"{chain}\n{sequence}\n{record_type}\n{record_id}\n{content}\n{prev}"
    return hashlib.sha256(text.encode()).hexdigest()


def _stored(model, pk) -> dict | None:
    """What the database holds: what `verify` hashes."""
    return model._default_manager.filter(pk=pk).values(*_fields(model)).first()


def _as_stored(instance: models.Model) -> dict:
    """The row just saved, as `_stored` will read it back, without the round trip: each value passes
    the conversions a save and a read apply (JSON through its encoder, decimals to their places,
    times to UTC). core/tests/test_records.py holds the two equal for every sealed model."""
    values = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if value is None:
            pass
        elif isinstance(field, models.JSONField):
            value = json.loads(json.dumps(value, cls=field.encoder))
        else:
            value = field.to_python(value)
            if isinstance(field, models.DecimalField):
                value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
            elif isinstance(value, datetime) and value.tzinfo is not None:
                value = value.astimezone(UTC)
        values[field.attname] = value
    return values


@transaction.atomic(savepoint=False)
def seal(instance: models.Model) -> RecordSeal:
    """Three queries once the chain exists: lock its head, add the link, move the head."""
    entry = REGISTRY[instance._meta.label_lower]
    key = entry.chain(instance)[:120]
    head = ChainHead.objects.select_for_update().filter(key=key).first()  # one writer per chain at a time
    if head is None:
        ChainHead.objects.get_or_create(key=key)  # two first writers: the unique key lets one create it
        head = ChainHead.objects.select_for_update().get(key=key)
    record_type = instance._meta.label_lower
    content = content_hash(_as_stored(instance))
    sequence = head.length + 1
    digest = link_hash(
        chain=key,
        sequence=sequence,
        record_type=record_type,
        record_id=instance.pk,
        content=content,
        prev=head.last_hash,
    )
    link = RecordSeal.objects.create(
        chain=key,
        sequence=sequence,
        record_type=record_type,
        record_id=instance.pk,
        content_hash=content,
        prev_hash=head.last_hash,
        hash=digest,
    )
    head.length, head.last_hash = sequence, digest
    head.save(update_fields=["length", "last_hash"])
    return link


@dataclass(frozen=True)
class Break:
    chain: str
    sequence: int | None
    message: str  # Chinese, names the record

    def __str__(self) -> str:
        return self.message


def _label(record_type: str) -> str:
    entry = REGISTRY.get(record_type)
    return entry.label if entry else record_type


def verify_chain(key: str) -> Break | None:
    """The first broken link of one chain, or None when it is whole."""
    head = ChainHead.objects.filter(key=key).first()
    links = list(RecordSeal.objects.filter(chain=key).order_by("sequence"))
    prev = ""
    for position, link in enumerate(links, start=1):
        where = f"第{position}环（{_label(link.record_type)}编号{link.record_id}）"
        if link.sequence != position:
            return Break(key, position, f"记录链“{key}”{where}缺失或顺序被改动")
        if link.prev_hash != prev or link.hash != link_hash(
            chain=key,
            sequence=link.sequence,
            record_type=link.record_type,
            record_id=link.record_id,
            content=link.content_hash,
            prev=link.prev_hash,
        ):
            return Break(key, position, f"记录链“{key}”{where}的链接摘要不符，封存记录被改动")
        entry = REGISTRY.get(link.record_type)
        values = _stored(entry.model, link.record_id) if entry else None
        if values is None:
            return Break(key, position, f"记录链“{key}”{where}的记录已被删除")
        if content_hash(values) != link.content_hash:
            return Break(key, position, f"记录链“{key}”{where}的内容与封存摘要不符，记录被改动")
        prev = link.hash
    if head is None and links:
        return Break(key, None, f"记录链“{key}”的链头缺失")
    if head is not None and (head.length != len(links) or head.last_hash != prev):
        return Break(key, None, f"记录链“{key}”末尾的记录被删除（链头记有{head.length}环，现存{len(links)}环）")
    return None


def chains() -> Iterable[str]:
    keys = set(ChainHead.objects.values_list("key", flat=True))
    keys |= set(RecordSeal.objects.values_list("chain", flat=True).distinct())
    return sorted(keys)


def unsealed() -> Break | None:
    """A registered record that has no seal was written around the services (or before sealing began)."""
    for record_type, entry in REGISTRY.items():
        sealed = set(RecordSeal.objects.filter(record_type=record_type).values_list("record_id", flat=True))
        for pk in entry.model._default_manager.order_by("pk").values_list("pk", flat=True).iterator():
            if pk not in sealed:
                return Break("", None, f"{entry.label}编号{pk}没有封存记录（绕过系统写入或封存前的旧记录）")
    return None


def verify() -> Break | None:
    for key in chains():
        problem = verify_chain(key)
        if problem:
            return problem
    return unsealed()


def verify_keys(keys: Iterable[str]) -> Break | None:
    for key in keys:
        problem = verify_chain(key)
        if problem:
            return problem
    return None


def adopt_unsealed() -> int:
    """Seal records written before sealing began (run once after the upgrade), oldest first."""
    count = 0
    for record_type, entry in REGISTRY.items():
        sealed = set(RecordSeal.objects.filter(record_type=record_type).values_list("record_id", flat=True))
        for instance in entry.model._default_manager.order_by("pk").iterator():
            if instance.pk not in sealed:
                seal(instance)
                count += 1
    return count
