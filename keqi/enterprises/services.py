"""Enterprise profile writes (P5): keyword-only, atomic, audited with old → new values."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from keqi.core import audit
from keqi.enterprises.models import (
    PROFILE_FIELDS,
    Contact,
    Enterprise,
    InfoChangeRequest,
    Qualification,
    ReviewStatus,
    Shareholder,
)
from keqi.enterprises.process import INFO_CHANGE, ChangeState
from keqi.enterprises.selectors import confirmed_qualifications
from keqi.files import services as files
from keqi.formkit.spec import Slot
from keqi.reference.models import Region
from keqi.workflow.services import transition

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
    if kind == "qualification" and any(row.status == Qualification.Status.CONFIRMED for row in rows):
        raise ValidationError({"__all__": CONFIRMED_IS_A_DECISION.format(verb="删除")})
    for row in rows:
        audit.record(actor=actor, action=f"delete_{kind}", target=row, enterprise_id=enterprise.pk)
        if kind == "qualification":
            for evidence in files.live_attachments(row):  # no file outlives its claim
                files.delete(actor=actor, attachment=evidence)
        row.delete()
    return len(rows)


# Qualification claims (issue 11 item 6) -------------------------------------------------------

EVIDENCE = Slot(
    key="evidence",
    label="资质证明材料",
    types=("pdf", "image"),
    max_bytes=10 * 1024 * 1024,
    help="资质证书、认定文件或公示名单截图，PDF或图片，不超过10M",
)
CONFIRMED_IS_A_DECISION = "已确认的资质是主管部门的确认结果，企业不能{verb}；如有变化请新增一条并上传证明材料"
QUALIFICATION_FIELDS = ["kind", "number", "year", "issued_on", "valid_until"]


@transaction.atomic
def claim_qualification(*, actor, enterprise: Enterprise, values: dict, evidence=None, pk: int | None = None):
    """An enterprise's own qualification entry: a claim with evidence, counted nowhere until its
    district confirms it. Editing a claim (or a refused one) puts it back in the queue."""
    values = {name: values[name] for name in QUALIFICATION_FIELDS if name in values}
    if pk is None:
        if evidence is None:
            raise ValidationError({"file": "请上传资质证书或认定文件作为证明材料"})
        row = Qualification.objects.create(enterprise=enterprise, status=Qualification.Status.CLAIMED, **values)
        changes = {name: [None, audit.jsonable(value)] for name, value in values.items()}
        action = "claim_qualification"
    else:
        row = Qualification.objects.select_for_update().get(pk=pk, enterprise=enterprise)
        if row.status == Qualification.Status.CONFIRMED:
            raise ValidationError({"__all__": CONFIRMED_IS_A_DECISION.format(verb="修改")})
        fields = [*values, "status"]
        before = audit.snapshot(row, fields)
        for name, value in values.items():
            setattr(row, name, value)
        row.status = Qualification.Status.CLAIMED
        row.decided_by, row.decided_at, row.decision_note = None, None, ""
        row.save()
        changes = audit.diff(before, audit.snapshot(row, fields))
        action = "update_qualification_claim"
        if evidence is None and not files.live_attachments(row):
            raise ValidationError({"file": "请上传资质证书或认定文件作为证明材料"})
    if evidence is not None:
        files.store(actor=actor, enterprise=enterprise, owner=row, slot=EVIDENCE, upload=evidence, replace=True)
    audit.record(actor=actor, action=action, target=row, changes=changes, enterprise_id=enterprise.pk)
    return row


@transaction.atomic
def decide_qualification(*, actor, qualification: Qualification, confirm: bool, note: str = "", ip_address=None):
    """The district's confirmation (or refusal, with the reason) of a claimed qualification."""
    from keqi.enterprises.selectors import qualification_claims

    row = qualification_claims(actor).select_for_update(of=("self",)).filter(pk=qualification.pk).first()
    if row is None:
        raise PermissionDenied("该资质不在您的待确认范围内")
    note = (note or "").strip()
    if not confirm and not note:
        raise ValidationError({"note": "请填写不通过的原因"})
    if len(note) > 500:
        raise ValidationError({"note": "确认意见不能超过500字"})
    status = Qualification.Status.CONFIRMED if confirm else Qualification.Status.REFUSED
    row.status, row.decided_by, row.decided_at, row.decision_note = status, actor, timezone.now(), note
    row.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        actor=actor,
        action="confirm_qualification" if confirm else "refuse_qualification",
        target=row,
        changes={"status": [Qualification.Status.CLAIMED, status], "note": note},
        enterprise_id=row.enterprise_id,
        ip_address=ip_address,
    )
    return row


# Info-change requests (P5, S1.17, S2.1) ------------------------------------------------------

# Registration (工商登记) info: once the enterprise is 入库 these change only through a request
# its district approves. Personnel, industry, tax method and the child tables stay self-service.
REGISTRATION_FIELDS = [
    "name",
    "registration_type",
    "legal_representative",
    "established_date",
    "region",
    "zone",
    "address",
    "registered_capital",
    "business_scope",
]
PENDING_MESSAGE = "已有一条待审核的工商登记信息变更申请，审核完成前不能再次修改这些信息"

# Receivers: profile_changed.connect(handler) with handler(sender, enterprise, fields, actor, **kwargs).
# Sent inside the approving transaction after the profile is updated, so the evaluation app can
# offer "企业信息同步" to the enterprise's open drafts atomically with the approval.
profile_changed = Signal()
# Receivers: handler(sender, change_request, decision, actor, **kwargs), after a district decision.
change_request_decided = Signal()
# Receivers: handler(sender, qualification, event, actor, reason, **kwargs) with event one of
# "granted", "extended", "cancelled", "renamed" (the inbox tells the enterprise).
qualification_changed = Signal()


def registration_locked(enterprise: Enterprise) -> bool:
    """入库 (a tech_sme qualification, any year) puts registration info under district review."""
    return confirmed_qualifications().filter(enterprise=enterprise, kind="tech_sme").exists()


# The registered region decides which district sees and reviews the enterprise (P1): moving it
# is never a self-service save once a district holds the enterprise (issue 11 item 8).
SCOPE_FIELDS = ["region", "zone"]


def reviewed_fields(enterprise: Enterprise) -> list[str]:
    """Fields whose change goes to the district as an info-change request."""
    if registration_locked(enterprise):
        return REGISTRATION_FIELDS
    # the stored region, not the instance's: a bound ModelForm has already written the new one onto it
    stored = Enterprise.objects.filter(pk=enterprise.pk).values_list("region__level", flat=True).first()
    if stored in (Region.Level.COUNTY, Region.Level.ZONE):
        return SCOPE_FIELDS
    return []  # registered under a city or province code: the first pick of a county is free


def _stored(field: str, value):
    """A value as kept in the request's JSON (FKs by id, dates ISO, money as text)."""
    if isinstance(value, models.Model):
        return value.pk
    return audit.jsonable(value)


def _changed(enterprise: Enterprise, values: dict, fields: list[str] = REGISTRATION_FIELDS) -> dict:
    before = audit.snapshot(enterprise, REGISTRATION_FIELDS)
    changes = {}
    for field in fields:
        if field not in values:
            continue
        new = _stored(field, values[field])
        old = before[field]
        if isinstance(old, str) and old and field == "registered_capital":
            same = new is not None and Decimal(old) == Decimal(str(new))
        else:
            same = (old if old not in ("",) else None) == (new if new not in ("",) else None)
        if not same:
            changes[field] = [old, new]
    return changes


@transaction.atomic
def save_profile(*, actor, enterprise: Enterprise, values: dict, expected_version: int, ip_address=None):
    """The enterprise saves its profile: free fields now; the reviewed fields (all registration
    fields of a 入库 enterprise, the registered region and zone of any enterprise whose district
    is known) become an info-change request. Returns (enterprise, request or None)."""
    reviewed = reviewed_fields(enterprise)
    if not reviewed:
        return update_profile(
            actor=actor, enterprise=enterprise, values=values, expected_version=expected_version, ip_address=ip_address
        ), None
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.version != expected_version:
        raise ValidationError({"__all__": STALE_MESSAGE})
    changes = _changed(locked, values, reviewed)
    if changes and InfoChangeRequest.objects.filter(enterprise=locked, status=ChangeState.PENDING).exists():
        raise ValidationError({field: PENDING_MESSAGE for field in changes})
    free = {field: value for field, value in values.items() if field not in reviewed}
    _check_personnel(free)
    updated = locked
    if free:
        updated = update_profile(
            actor=actor, enterprise=locked, values=free, expected_version=expected_version, ip_address=ip_address
        )
    request = None
    if changes:
        request = _submit(actor=actor, enterprise=updated, changes=changes, ip_address=ip_address)
        updated.refresh_from_db()
    return updated, request


def _submit(*, actor, enterprise: Enterprise, changes: dict, ip_address=None) -> InfoChangeRequest:
    request = InfoChangeRequest.objects.create(
        enterprise=enterprise,
        submitted_by=actor,
        changes=changes,
        base_version=enterprise.version,
        status=ChangeState.NEW,
    )
    request = transition(actor=actor, process=INFO_CHANGE, obj=request, name="submit", ip_address=ip_address)
    Enterprise.objects.filter(pk=enterprise.pk).update(review_status=ReviewStatus.PENDING)
    return request


def _apply(enterprise: Enterprise, changes: dict) -> dict:
    """Write the approved new values onto the (locked) enterprise; returns {field: [old, new]}."""
    fields = REGISTRATION_FIELDS + [f for f in changes if f not in REGISTRATION_FIELDS]
    before = audit.snapshot(enterprise, fields)
    for field, (_old, new) in changes.items():
        model_field = Enterprise._meta.get_field(field)
        if model_field.is_relation:
            setattr(enterprise, model_field.attname, int(new) if new not in (None, "") else None)
        elif field == "established_date":
            setattr(enterprise, field, date.fromisoformat(new) if new else None)
        elif field == "registered_capital":
            setattr(enterprise, field, Decimal(str(new)) if new not in (None, "") else None)
        elif isinstance(model_field, models.PositiveIntegerField):
            setattr(enterprise, field, int(new) if new not in (None, "") else None)
        else:
            setattr(enterprise, field, new or "")
    enterprise.region = Region.objects.get(pk=enterprise.region_id)
    enterprise.zone = Region.objects.get(pk=enterprise.zone_id) if enterprise.zone_id else None
    enterprise.version = F("version") + 1
    enterprise.save()
    enterprise.refresh_from_db()
    return audit.diff(before, audit.snapshot(enterprise, fields))


@transaction.atomic
def review_change_request(
    *, actor, change_request: InfoChangeRequest, decision: str, opinion: str = "", ip_address=None
) -> InfoChangeRequest:
    """A district officer approves or rejects (with an opinion) a pending request (S2.1).

    Approval writes the new values to the profile (audited as update_profile) and sends
    profile_changed; the review record and the audit row are written by workflow.transition."""
    if decision not in ("approve", "reject"):
        raise ValidationError({"decision": "请选择审核通过或审核不通过"})

    def before_move(locked, item):
        now = timezone.now()
        locked.decided_at, locked.decided_by, locked.opinion = now, actor, (opinion or "").strip()
        enterprise = Enterprise.objects.select_for_update().get(pk=locked.enterprise_id)
        if item.name == "approve":
            applied = _apply(enterprise, locked.changes)
            if applied:
                audit.record(
                    actor=actor,
                    action="update_profile",
                    target=enterprise,
                    changes=applied,
                    enterprise_id=enterprise.pk,
                    ip_address=ip_address,
                )
            Enterprise.objects.filter(pk=enterprise.pk).update(review_status=ReviewStatus.APPROVED)
            profile_changed.send(sender=Enterprise, enterprise=enterprise, fields=sorted(applied), actor=actor)
        else:
            Enterprise.objects.filter(pk=enterprise.pk).update(review_status=ReviewStatus.REJECTED)

    decided = transition(
        actor=actor,
        process=INFO_CHANGE,
        obj=change_request,
        name=decision,
        opinion=opinion,
        before_move=before_move,
        ip_address=ip_address,
    )
    change_request_decided.send(sender=InfoChangeRequest, change_request=decided, decision=decision, actor=actor)
    return decided


# Yearly 信息更新 of a recognised enterprise (S3.6) ---------------------------------------------


def _changed_profile(enterprise: Enterprise, values: dict) -> dict:
    """{field: [old, new]} over every profile field (the yearly update covers them all)."""
    before = audit.snapshot(enterprise, PROFILE_FIELDS)
    changes = {}
    for field in PROFILE_FIELDS:
        if field not in values:
            continue
        old, new = before[field], _stored(field, values[field])
        if field == "registered_capital" and old not in (None, "") and new not in (None, ""):
            same = Decimal(str(old)) == Decimal(str(new))
        else:
            same = (old if old != "" else None) == (new if new != "" else None)
        if not same:
            changes[field] = [old, new]
    return changes


@transaction.atomic
def submit_yearly_update(
    *, actor, enterprise: Enterprise, values: dict, expected_version: int, year: int, ip_address=None
) -> InfoChangeRequest:
    """The enterprise submits this year's 信息更新 (even with nothing changed: it confirms the
    information); its district reviews it like an info-change request. The caller checks the window."""
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.version != expected_version:
        raise ValidationError({"__all__": STALE_MESSAGE})
    if InfoChangeRequest.objects.filter(enterprise=locked, status=ChangeState.PENDING).exists():
        raise ValidationError({"__all__": "已有一条待审核的信息变更或信息更新，审核完成前不能再次提交"})
    _check_personnel(values)
    request = InfoChangeRequest.objects.create(
        enterprise=locked,
        submitted_by=actor,
        changes=_changed_profile(locked, values),
        base_version=locked.version,
        status=ChangeState.NEW,
        purpose=InfoChangeRequest.Purpose.YEARLY_UPDATE,
        year=year,
    )
    request = transition(actor=actor, process=INFO_CHANGE, obj=request, name="submit", ip_address=ip_address)
    Enterprise.objects.filter(pk=locked.pk).update(review_status=ReviewStatus.PENDING)
    return request


# Recognitions (S3.10): granted, extended by a 复核, cancelled, renamed -------------------------


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def grant_qualification(
    *,
    actor,
    enterprise: Enterprise,
    kind: str,
    issued_on: date,
    number: str = "",
    valid_until: date | None = None,
    years: int = 3,
    year: int | None = None,
) -> Qualification:
    """The one way a recognition becomes the enterprise's qualification (a published batch, an
    approved declaration): valid until `valid_until`, or `years` years from `issued_on`; audited."""
    if valid_until is None:
        valid_until = add_years(issued_on, years) - timedelta(days=1)
    qualification = Qualification.objects.create(
        enterprise=enterprise,
        kind=kind,
        number=number[:64],
        year=year or issued_on.year,
        issued_on=issued_on,
        valid_until=valid_until,
        holder_name=enterprise.name,
    )
    audit.record(
        actor=actor,
        action="qualification.grant",
        target=qualification,
        changes={"kind": kind, "number": number, "valid_until": valid_until.isoformat()},
        enterprise_id=enterprise.pk,
    )
    qualification_changed.send(
        sender=Qualification, qualification=qualification, event="granted", actor=actor, reason=""
    )
    return qualification


@transaction.atomic
def extend_qualification(*, actor, qualification: Qualification, years: int = 3, reason: str = "") -> Qualification:
    """A passed 复核 extends the validity by `years` from the current expiry (NEXT-WAVE-RULES §4.5)."""
    locked = Qualification.objects.select_for_update().get(pk=qualification.pk)
    if locked.cancelled_on is not None:
        raise ValidationError({"__all__": "该认定已取消，不能延长有效期"})
    old = locked.valid_until
    base = old or timezone.localdate()
    locked.valid_until = add_years(base, years)
    locked.save(update_fields=["valid_until"])
    audit.record(
        actor=actor,
        action="qualification.extend",
        target=locked,
        changes={"valid_until": [audit.jsonable(old), audit.jsonable(locked.valid_until)]},
        enterprise_id=locked.enterprise_id,
    )
    qualification_changed.send(sender=Qualification, qualification=locked, event="extended", actor=actor, reason=reason)
    return locked


@transaction.atomic
def cancel_qualification(*, actor, qualification: Qualification, reason: str) -> Qualification:
    """取消认定, with the reason (a failed 复核, a late major change…)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写取消认定的原因"})
    locked = Qualification.objects.select_for_update().get(pk=qualification.pk)
    if locked.cancelled_on is not None:
        return locked
    locked.cancelled_on, locked.cancel_reason = timezone.localdate(), reason[:2000]
    locked.save(update_fields=["cancelled_on", "cancel_reason"])
    audit.record(
        actor=actor,
        action="qualification.cancel",
        target=locked,
        changes={"cancel_reason": [None, locked.cancel_reason]},
        enterprise_id=locked.enterprise_id,
    )
    qualification_changed.send(
        sender=Qualification, qualification=locked, event="cancelled", actor=actor, reason=locked.cancel_reason
    )
    return locked


@transaction.atomic
def rename_enterprise(*, actor, enterprise: Enterprise, name: str, ip_address=None) -> Enterprise:
    """An approved 更名 (S3.9): the profile and every recognition's certificate name change."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"after": "请填写变更后的企业名称"})
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    old = locked.name
    locked.name = name[:200]
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    audit.record(
        actor=actor,
        action="update_profile",
        target=locked,
        changes={"name": [old, locked.name]},
        enterprise_id=locked.pk,
        ip_address=ip_address,
    )
    for qualification in Qualification.objects.filter(enterprise=locked, cancelled_on__isnull=True):
        qualification.holder_name = locked.name
        qualification.save(update_fields=["holder_name"])
        qualification_changed.send(
            sender=Qualification, qualification=qualification, event="renamed", actor=actor, reason=""
        )
    profile_changed.send(sender=Enterprise, enterprise=locked, fields=["name"], actor=actor)
    return locked
