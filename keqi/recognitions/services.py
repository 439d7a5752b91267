"""Writes of life after recognition: the yearly 信息更新 (S3.6) and 企业重大变更 (S3.9)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keqi.core import audit
from keqi.enterprises import services as enterprise_services
from keqi.files import services as files
from keqi.files.models import Attachment
from keqi.formkit.spec import Slot
from keqi.inbox import services as inbox
from keqi.recognitions import rules, selectors
from keqi.recognitions.models import MajorChange
from keqi.recognitions.process import APPROVED, MAJOR_CHANGE, REJECTED
from keqi.workflow.services import transition

RENAME = "rename"  # the 变更类型 whose approval renames the enterprise and its certificates
EVIDENCE = Slot("evidence", "证明材料", types=("pdf", "image"), max_bytes=10 * 1024 * 1024, max_count=3)


def today():
    return timezone.localdate()


# 信息更新 ------------------------------------------------------------------------------------


def update_refusal(enterprise, day) -> str:
    if not selectors.is_recognised(enterprise, day):
        return "未认定的企业请在企业基本信息页面直接编辑"
    if not rules.update_window(day.year).is_open(day):
        return f"当前不在信息更新期内，不能提交。{rules.update_window_message(day)}"
    return ""


def submit_yearly_update(*, actor, enterprise, values: dict, expected_version: int, ip_address=None):
    """A recognised enterprise's 信息更新, only inside the window; its district reviews it."""
    day = today()
    reason = update_refusal(enterprise, day)
    if reason:
        raise ValidationError({"__all__": reason})
    return enterprise_services.submit_yearly_update(
        actor=actor,
        enterprise=enterprise,
        values=values,
        expected_version=expected_version,
        year=day.year,
        ip_address=ip_address,
    )


# 企业重大变更 --------------------------------------------------------------------------------


def _ensure_owner(actor, change: MajorChange) -> None:
    if not actor.is_enterprise_user or actor.enterprise_id != change.enterprise_id:
        raise PermissionDenied("只能操作本企业的变更记录")


def _clean(values: dict, day) -> dict:
    errors = {}
    types = dict(selectors.change_types())
    change_type = (values.get("change_type") or "").strip()
    if change_type not in types:
        errors["change_type"] = "请从列表中选择变更类型"
    for key, label in (("before", "变更前"), ("after", "变更后")):
        text = (values.get(key) or "").strip()
        if not text:
            errors[key] = f"请填写{label}的内容"
        elif len(text) > 1000:
            errors[key] = f"{label}的内容不能超过1000字"
    changed_on = values.get("changed_on")
    if changed_on is None:
        errors["changed_on"] = "请填写变更日期"
    elif changed_on > day:
        errors["changed_on"] = f"变更日期不能晚于今天（{day:%Y-%m-%d}），请填写变更实际发生的日期"
    if len(values.get("description") or "") > 2000:
        errors["description"] = "变更说明不能超过2000字"
    if errors:
        raise ValidationError(errors)
    return {
        "change_type": change_type,
        "before": values["before"].strip(),
        "after": values["after"].strip(),
        "changed_on": changed_on,
        "description": (values.get("description") or "").strip(),
    }


@transaction.atomic
def save_change(*, actor, values: dict, change: MajorChange | None = None) -> MajorChange:
    """新增 or 编辑 a draft (暂存)."""
    if not actor.is_enterprise_user or actor.enterprise_id is None:
        raise PermissionDenied("只有企业用户可以申报重大变更")
    enterprise = actor.enterprise
    if change is None and not selectors.is_recognised(enterprise, today()):
        raise ValidationError({"__all__": "未认定的企业无需申报重大变更，请在企业基本信息页面修改企业信息"})
    cleaned = _clean(values, today())
    if change is None:
        change = MajorChange.objects.create(
            enterprise=enterprise,
            region_path=enterprise.region_path,
            zone_path=enterprise.zone_path,
            created_by=actor,
            **cleaned,
        )
        audit.record(actor=actor, action="major_change.create", target=change, enterprise_id=enterprise.pk)
        return change
    _ensure_owner(actor, change)
    locked = MajorChange.objects.select_for_update().get(pk=change.pk)
    if locked.status not in MAJOR_CHANGE.editable_states:
        raise ValidationError({"__all__": f"当前状态（{MAJOR_CHANGE.label(locked.status)}）下不能编辑，只能查看详情"})
    before = audit.snapshot(locked, list(cleaned))
    for key, value in cleaned.items():
        setattr(locked, key, value)
    locked.save()
    audit.record(
        actor=actor,
        action="major_change.update",
        target=locked,
        changes=audit.diff(before, audit.snapshot(locked, list(cleaned))),
        enterprise_id=locked.enterprise_id,
    )
    return locked


def evidence_of(change: MajorChange) -> list[Attachment]:
    return files.live_attachments(change)


@transaction.atomic
def upload_evidence(*, actor, change: MajorChange, upload) -> Attachment:
    _ensure_owner(actor, change)
    if change.status not in MAJOR_CHANGE.editable_states:
        raise ValidationError({"file": "已提交的变更不能再上传证明材料"})
    return files.store(actor=actor, enterprise=change.enterprise, owner=change, slot=EVIDENCE, upload=upload)


@transaction.atomic
def delete_change(*, actor, change: MajorChange) -> None:
    _ensure_owner(actor, change)
    locked = MajorChange.objects.select_for_update().get(pk=change.pk)
    if locked.status not in MAJOR_CHANGE.deletable_states:
        raise ValidationError({"__all__": f"已提交的变更（{MAJOR_CHANGE.label(locked.status)}）不能删除，只能查看详情"})
    for attachment in evidence_of(locked):
        files.purge(actor=actor, attachment=attachment)
    audit.record(actor=actor, action="major_change.delete", target=locked, enterprise_id=locked.enterprise_id)
    locked.delete()


@transaction.atomic
def submit_change(*, actor, change: MajorChange, ip_address=None) -> MajorChange:
    _ensure_owner(actor, change)
    if not evidence_of(change):
        raise ValidationError({"file": "请上传证明材料（如变更后的营业执照、工商变更登记通知书）后再提交"})

    def before_move(locked, _item):
        now = timezone.now()
        locked.submitted_at, locked.level = now, 0
        locked.is_late = rules.is_late(locked.changed_on, timezone.localdate(now))

    return transition(
        actor=actor, process=MAJOR_CHANGE, obj=change, name="submit", before_move=before_move, ip_address=ip_address
    )


@transaction.atomic
def decide_change(*, actor, change: MajorChange, action: str, opinion: str = "", ip_address=None) -> MajorChange:
    """The current level passes or rejects; the last level's pass applies the change."""
    if action not in ("pass", "reject"):
        raise ValidationError({"__all__": "请选择审核通过或审核不通过"})

    def before_move(locked, _item):
        locked.last_opinion = (opinion or "").strip()

    decided = transition(
        actor=actor,
        process=MAJOR_CHANGE,
        obj=change,
        name=action,
        opinion=opinion,
        before_move=before_move,
        ip_address=ip_address,
    )
    label = dict(selectors.change_types()).get(decided.change_type, "重大变更")
    if decided.status == APPROVED:
        if decided.change_type == RENAME:
            enterprise_services.rename_enterprise(
                actor=actor, enterprise=decided.enterprise, name=decided.after, ip_address=ip_address
            )
        inbox.send(
            enterprise=decided.enterprise,
            kind="notice",
            title=f"企业重大变更（{label}）审核通过",
            body=f"贵企业申报的{label}（{decided.before} → {decided.after}）已审核通过，企业信息和认定信息已同步更新。",
            reason=f"change:{decided.pk}:approved",
            link=f"/recognitions/changes/{decided.pk}/",
        )
    elif decided.status == REJECTED:
        inbox.send(
            enterprise=decided.enterprise,
            kind="notice",
            title=f"企业重大变更（{label}）审核不通过",
            body=f"贵企业申报的{label}审核不通过。审核意见：{decided.last_opinion}",
            reason=f"change:{decided.pk}:rejected",
            link=f"/recognitions/changes/{decided.pk}/",
        )
    return decided
