"""Enterprise profile writes (P5): keyword-only, atomic, audited with old → new values."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from keqi.core import audit
from keqi.enterprises.models import Contact, Enterprise, Qualification, Shareholder

PROFILE_FIELDS = [
    "name",
    "registration_type",
    "industry",
    "legal_representative",
    "established_date",
    "region",
    "zone",
    "tax_collection_method",
    "address",
    "registered_capital",
    "business_scope",
    "high_tech_field",
    "employees",
    "tech_staff",
    "rd_staff",
    "graduates",
]
STALE_MESSAGE = "该信息已在其他页面或由其他人修改并保存，请复制您的修改后刷新页面再保存"


def _check_personnel(values: dict) -> None:
    employees = values.get("employees")
    errors = {}
    for field, label in (("tech_staff", "科技人员数"), ("rd_staff", "研发人员数"), ("graduates", "大专及以上学历人数")):
        value = values.get(field)
        if employees is not None and value is not None and value > employees:
            errors[field] = f"{label}不能大于职工总数（{employees}人）"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_profile(
    *, actor, enterprise: Enterprise, values: dict, expected_version: int, ip_address=None
) -> Enterprise:
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.version != expected_version:
        raise ValidationError({"__all__": STALE_MESSAGE})
    _check_personnel(values)
    before = audit.snapshot(locked, PROFILE_FIELDS)
    for field in PROFILE_FIELDS:
        if field in values:
            setattr(locked, field, values[field])
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    changes = audit.diff(before, audit.snapshot(locked, PROFILE_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="update_profile",
            target=locked,
            changes=changes,
            enterprise_id=locked.pk,
            ip_address=ip_address,
        )
    return locked


CHILD_MODELS = {"contact": Contact, "shareholder": Shareholder, "qualification": Qualification}


@transaction.atomic
def save_child(*, actor, enterprise: Enterprise, kind: str, values: dict, pk: int | None = None):
    """Create or update one contact / shareholder / qualification row of the enterprise."""
    model = CHILD_MODELS[kind]
    fields = [name for name in values]
    if pk is None:
        row = model.objects.create(enterprise=enterprise, **values)
        changes = {name: [None, audit.jsonable(value)] for name, value in values.items()}
        action = f"add_{kind}"
    else:
        row = model.objects.select_for_update().get(pk=pk, enterprise=enterprise)
        before = audit.snapshot(row, fields)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        changes = audit.diff(before, audit.snapshot(row, fields))
        action = f"update_{kind}"
    audit.record(actor=actor, action=action, target=row, changes=changes, enterprise_id=enterprise.pk)
    return row


@transaction.atomic
def delete_children(*, actor, enterprise: Enterprise, kind: str, pks: list[int]) -> int:
    model = CHILD_MODELS[kind]
    rows = list(model.objects.filter(enterprise=enterprise, pk__in=pks))
    for row in rows:
        audit.record(actor=actor, action=f"delete_{kind}", target=row, enterprise_id=enterprise.pk)
        row.delete()
    return len(rows)
