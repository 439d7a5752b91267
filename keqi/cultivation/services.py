"""Writes for 梯度培育: keyword-only, atomic, audited. Scores come from keqi.policy, files go
through the files engine, qualifications through the enterprises service."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from keqi import policy
from keqi.accounts import mobile
from keqi.accounts.models import Role, User
from keqi.accounts.sms import send_sms
from keqi.core import audit
from keqi.core.identifiers import mobile_error, resident_id_error, uscc_error
from keqi.cultivation import selectors
from keqi.cultivation.models import (
    Announcement,
    AnnouncementFile,
    BatchEntry,
    DigitalAssessment,
    RecognitionBatch,
    Verification,
)
from keqi.cultivation.tiers import TIERS, VALID_YEARS
from keqi.enterprises import services as enterprises
from keqi.enterprises.models import Enterprise
from keqi.files import services as files
from keqi.formkit.spec import Slot

# 所属行业 → questionnaire (seed 003: 制造业 / 生产性服务业 / 其他行业). 生产性服务业 is taken as the
# GB/T 4754 sections whose activities serve production (交通运输、信息、金融、租赁和商务、科研技术).
PRODUCTIVE_SERVICES = {"G", "I", "J", "L", "M"}
LICENCE_SLOT = Slot(
    key="licence",
    label="授权书或营业执照扫描件",
    types=("pdf", "image"),
    max_bytes=5 * 1024 * 1024,
    help="PDF或图片，不超过5M",
)


def questionnaire_for(enterprise) -> str:
    section = enterprise.industry_section
    if section == "C":
        return "manufacturing"
    return "productive_services" if section in PRODUCTIVE_SERVICES else "other"


def _fields(errors: list[dict]) -> dict[str, str]:
    found: dict[str, str] = {}
    for error in errors:
        found.setdefault(error["field"] or "__all__", error["message"])
    return found


# ---------------------------------------------------------------- 数字化水平评测


@transaction.atomic
def take_assessment(*, actor, data: dict) -> DigitalAssessment:
    """Score one attempt with the ruleset in force today and keep it; retakes add attempts."""
    enterprise = actor.enterprise if actor.is_enterprise_user else None
    if enterprise is None:
        raise PermissionDenied("只有企业用户可以进行数字化水平评测")
    today = timezone.localdate()
    form = questionnaire_for(enterprise)
    try:
        result = policy.assess("digital_level", {**data, "industry": form, "as_of": today.isoformat()}, what_if=False)
    except policy.PolicyInputError as error:
        raise ValidationError(_fields(error.errors)) from error
    attempt = DigitalAssessment.objects.create(
        enterprise=enterprise,
        ruleset=result["ruleset"],
        questionnaire=form,
        answers={key: value for key, value in data.items() if value is not None},
        total=Decimal(str(result["total"])),
        dimensions={"scores": result["scores"], "dimensions": result.get("dimensions", {}), "ratios": result["ratios"]},
        platform_level=result.get("level"),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="digital_assessment.take",
        target=attempt,
        changes={"total": str(result["total"]), "level": result.get("level")},
        enterprise_id=enterprise.pk,
    )
    return attempt


# ---------------------------------------------------------------- 实名认证


def _identity_errors(name: str, id_number: str, uscc: str) -> dict[str, str]:
    errors = {}
    if not name:
        errors["name"] = "请填写法定代表人姓名"
    if message := resident_id_error(id_number):
        errors["id_number"] = message
    if message := uscc_error(uscc):
        errors["uscc"] = message
    return errors


def _store_licence(actor, enterprise, verification, upload) -> None:
    files.store(actor=actor, enterprise=enterprise, owner=verification, slot=LICENCE_SLOT, upload=upload)


@transaction.atomic
def request_verification(*, actor, name: str, id_number: str, uscc: str, upload, manual: bool = False) -> Verification:
    """法人实名认证: matched against the profile (name = 法定代表人, USCC = the account's enterprise);
    when it does not match, `manual` queues it for the province's officer (人工实名认证)."""
    enterprise = actor.enterprise if actor.is_enterprise_user else None
    if enterprise is None:
        raise PermissionDenied("只有企业法人账号可以进行法人实名认证")
    name, id_number, uscc = name.strip(), id_number.strip().upper(), uscc.strip().upper()
    if selectors.verified(enterprise):
        raise ValidationError({"__all__": "本企业已完成法人实名认证"})
    if selectors.pending_verification(enterprise):
        raise ValidationError({"__all__": "人工实名认证正在审核中，请等待省级主管部门审核"})
    errors = _identity_errors(name, id_number, uscc)
    if "uscc" not in errors and uscc != enterprise.uscc:
        if Enterprise.objects.filter(uscc=uscc).exists():
            errors["uscc"] = (
                "该统一社会信用代码已存在：说明企业已有注册账户，可使用统一社会信用代码登录，或在登录页点击【账号找回】"
            )
        else:
            errors["uscc"] = "统一社会信用代码与本账号注册的企业不一致"
    if upload is None:
        errors["file"] = "请上传授权书或营业执照扫描件"
    if errors:
        raise ValidationError(errors)
    expected = (enterprise.legal_representative or "").strip()
    mismatch = (
        ""
        if expected and expected == name
        else ("法定代表人姓名与企业信息不一致" if expected else "企业信息中未填写法定代表人")
    )
    if mismatch and not manual:
        raise ValidationError(
            {"__all__": f"自动核验未通过：{mismatch}。请核对后重新提交，或点击【人工实名认证】提交省级主管部门人工审核"}
        )
    verification = Verification.objects.create(
        kind=Verification.Kind.LEGAL_PERSON,
        user=actor,
        enterprise=enterprise,
        name=name,
        id_number=id_number,
        uscc=uscc,
        status=Verification.Status.PENDING if mismatch else Verification.Status.AUTO,
        mismatch=mismatch,
        region_path=enterprise.region_path,
    )
    _store_licence(actor, enterprise, verification, upload)
    audit.record(
        actor=actor,
        action="verification.request",
        target=verification,
        changes={"status": verification.status},
        enterprise_id=enterprise.pk,
    )
    return verification


@transaction.atomic
def decide_verification(*, actor, verification: Verification, approve: bool, reason: str = "") -> Verification:
    """人工实名认证 / 人工核验: the province's officer approves or rejects with a reason."""
    locked = (
        selectors.verification_queue(actor, status="")
        .select_for_update(of=("self",))
        .filter(pk=verification.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied("无权审核该实名认证申请")
    if locked.status != Verification.Status.PENDING:
        raise ValidationError({"__all__": f"该申请已处理（{locked.get_status_display()}）"})
    reason = (reason or "").strip()[:200]
    if not approve and not reason:
        raise ValidationError({"reason": "请填写不通过的原因"})
    locked.status = Verification.Status.APPROVED if approve else Verification.Status.REJECTED
    locked.reason = reason
    locked.reviewer = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "reason", "reviewer", "decided_at"])
    if approve and locked.kind == Verification.Kind.MOBILE and locked.user_id:
        account = User.objects.select_for_update().get(pk=locked.user_id)
        if message := mobile.new_mobile_error(account, locked.new_mobile):
            raise ValidationError({"__all__": f"新手机号不能使用：{message}"})
        mobile.apply(account, locked.new_mobile, actor=actor, how="人工核验（营业执照扫描件）")
    audit.record(
        actor=actor,
        action="verification.decide",
        target=locked,
        changes={"status": locked.status, "reason": reason},
        enterprise_id=locked.enterprise_id,
    )
    return locked


def enterprise_account(uscc: str) -> tuple[Enterprise | None, User | None]:
    enterprise = Enterprise.objects.filter(uscc=uscc.strip().upper()).first()
    if enterprise is None:
        return None, None
    return enterprise, User.objects.filter(enterprise=enterprise, role=Role.ENTERPRISE).order_by("id").first()


@transaction.atomic
def request_mobile_change(*, uscc: str, name: str, id_number: str, new_mobile: str, upload) -> Verification:
    """手机号修改 by 人工核验 (seed 003 FAQ 1 and 3): the business-licence scan goes to the province's queue."""
    uscc, id_number, new_mobile = uscc.strip().upper(), id_number.strip().upper(), new_mobile.strip()
    errors = _identity_errors(name.strip(), id_number, uscc)
    if message := mobile_error(new_mobile):
        errors["new_mobile"] = message
    elif User.objects.filter(mobile=new_mobile).exists():
        errors["new_mobile"] = "该手机号已绑定其他账号"
    if upload is None:
        errors["file"] = "请上传营业执照扫描件"
    enterprise, account = enterprise_account(uscc) if "uscc" not in errors else (None, None)
    if not errors and account is None:
        errors["uscc"] = "信息有误：未找到该统一社会信用代码注册的账号，请先注册"
    if errors:
        raise ValidationError(errors)
    verification = Verification.objects.create(
        kind=Verification.Kind.MOBILE,
        user=account,
        enterprise=enterprise,
        name=name.strip(),
        id_number=id_number,
        uscc=uscc,
        new_mobile=new_mobile,
        status=Verification.Status.PENDING,
        region_path=enterprise.region_path,
    )
    _store_licence(None, enterprise, verification, upload)
    audit.record(actor=None, action="verification.mobile_request", target=verification, enterprise_id=enterprise.pk)
    return verification


def recover_account(*, uscc: str, name: str, id_number: str) -> str:
    """账号找回: an enterprise whose legal person is verified gets its login name by SMS on the
    bound mobile. Returns the masked number; "信息有误" otherwise (FAQ 3)."""
    enterprise, account = enterprise_account(uscc)
    matched = (
        enterprise is not None
        and account is not None
        and account.mobile
        and Verification.objects.filter(
            enterprise=enterprise,
            kind=Verification.Kind.LEGAL_PERSON,
            status__in=selectors.VERIFIED,
            name=name.strip(),
            id_number=id_number.strip().upper(),
        ).exists()
    )
    if not matched:
        raise ValidationError(
            {
                "__all__": "信息有误：请核对统一社会信用代码、法定代表人姓名和身份证号；仍无法找回可点击【手机号修改】选择人工核验"
            }
        )
    send_sms(account.mobile, f"【科企通】您的登录名为{account.username}，也可使用统一社会信用代码登录。")
    audit.record(actor=None, action="account.recover", target=account, enterprise_id=enterprise.pk)
    return f"{account.mobile[:3]}****{account.mobile[-4:]}"


# ---------------------------------------------------------------- 公告


def _ensure_announcer(actor) -> None:
    if not selectors.is_province_officer(actor):
        raise PermissionDenied("只有部级、省级主管部门可以发布公告")


def _owned(actor, announcement: Announcement) -> Announcement:
    found = selectors.managed_announcements(actor).select_for_update(of=("self",)).filter(pk=announcement.pk).first()
    if found is None:
        raise PermissionDenied("无权管理该公告")
    return found


@transaction.atomic
def save_announcement(*, actor, title: str, body: str, announcement: Announcement | None = None) -> Announcement:
    _ensure_announcer(actor)
    title, body = title.strip(), body.strip()
    errors = {}
    if not title:
        errors["title"] = "请填写公告标题"
    elif len(title) > 200:
        errors["title"] = "公告标题不能超过200个字"
    if not body:
        errors["body"] = "请填写公告正文"
    if errors:
        raise ValidationError(errors)
    if announcement is None:
        ministry = actor.region.level == "country"
        announcement = Announcement.objects.create(
            level=Announcement.Level.MINISTRY if ministry else Announcement.Level.PROVINCE,
            region=actor.region,
            publisher="工业和信息化部" if ministry else f"{actor.region.full_name}中小企业主管部门",
            title=title,
            body=body,
            author=actor,
        )
        action = "announcement.create"
    else:
        announcement = _owned(actor, announcement)
        announcement.title, announcement.body = title, body
        announcement.save(update_fields=["title", "body", "updated_at"])
        action = "announcement.edit"
    audit.record(actor=actor, action=action, target=announcement, changes={"title": title})
    return announcement


@transaction.atomic
def announcement_action(*, actor, announcement: Announcement, action: str) -> Announcement:
    """发布 / 撤回 / 置顶 / 取消置顶."""
    found = _owned(actor, announcement)
    if action == "publish":
        if found.status == Announcement.Status.PUBLISHED:
            raise ValidationError({"__all__": "该公告已发布"})
        found.status, found.published_at = Announcement.Status.PUBLISHED, timezone.now()
    elif action == "withdraw":
        if found.status != Announcement.Status.PUBLISHED:
            raise ValidationError({"__all__": "只有已发布的公告可以撤回"})
        found.status = Announcement.Status.WITHDRAWN
    elif action in ("pin", "unpin"):
        found.pinned = action == "pin"
    else:
        raise ValidationError({"__all__": "不支持的操作"})
    found.save(update_fields=["status", "published_at", "pinned", "updated_at"])
    audit.record(actor=actor, action=f"announcement.{action}", target=found)
    return found


ANNOUNCEMENT_SLOT = Slot(
    key="announcement", label="公告附件", types=("pdf", "office", "image", "zip"), max_bytes=20 * 1024 * 1024
)


@transaction.atomic
def attach_file(*, actor, announcement: Announcement, upload) -> AnnouncementFile:
    found = _owned(actor, announcement)
    if upload is None:
        raise ValidationError({"file": "请选择要上传的附件"})
    sniffed, _listing = files.inspect(
        upload, types=ANNOUNCEMENT_SLOT.types, max_bytes=ANNOUNCEMENT_SLOT.max_bytes, label=ANNOUNCEMENT_SLOT.label
    )
    name = files.display_name(upload.name, sniffed)
    upload.seek(0)
    item = AnnouncementFile(announcement=found, original_name=name, size=upload.size, content_type=sniffed.mime)
    item.file.save(f"{found.pk}-{timezone.now():%Y%m%d%H%M%S%f}.{sniffed.extension}", upload, save=False)
    item.save()
    audit.record(actor=actor, action="announcement.attach", target=found, changes={"file": name})
    return item


# ---------------------------------------------------------------- 认定批次


def _date(value, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({label: "日期格式不正确（如 2026-07-01）"}) from None


@transaction.atomic
def create_batch(
    *, actor, program, title: str, publicity_from, publicity_to, submission_ids: list[int]
) -> RecognitionBatch:
    """名单公示: the final level lists approved declarations of its region with the publicity dates."""
    if program.series not in TIERS or not selectors.can_recognise(actor, program):
        raise PermissionDenied("无权发布该类认定名单")
    errors = {}
    start, end = _date(publicity_from, "publicity_from"), _date(publicity_to, "publicity_to")
    if end < start:
        errors["publicity_to"] = "公示截止日期不能早于开始日期"
    if not title.strip():
        errors["title"] = "请填写批次名称"
    chosen = list(selectors.recognisable(actor, program).filter(pk__in=submission_ids))
    if not chosen:
        errors["submissions"] = "请勾选审核通过、尚未列入名单的企业"
    if errors:
        raise ValidationError(errors)
    batch = RecognitionBatch.objects.create(
        program=program,
        region=actor.region,
        title=title.strip()[:120],
        publicity_from=start,
        publicity_to=end,
        created_by=actor,
    )
    BatchEntry.objects.bulk_create(BatchEntry(batch=batch, submission=s, enterprise=s.enterprise) for s in chosen)
    audit.record(
        actor=actor,
        action="recognition.publicity",
        target=batch,
        changes={"submissions": [s.pk for s in chosen], "from": str(start), "to": str(end)},
    )
    return batch


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def recognise(*, actor, batch: RecognitionBatch) -> RecognitionBatch:
    """认定: after the publicity period the batch grants each enterprise its qualification, valid 3 years."""
    locked = selectors.batches(actor).select_for_update(of=("self",)).filter(pk=batch.pk).first()
    if locked is None or not selectors.can_recognise(actor, locked.program):
        raise PermissionDenied("无权认定该批次")
    if locked.status != RecognitionBatch.Status.PUBLICITY:
        raise ValidationError({"__all__": "该批次已认定"})
    today = timezone.localdate()
    if today <= locked.publicity_to:
        raise ValidationError({"__all__": f"公示期至{locked.publicity_to:%Y-%m-%d}，公示期满后才能认定"})
    kind = TIERS[locked.program.series]["kind"]
    valid_until = _add_years(today, VALID_YEARS) - timedelta(days=1)
    for entry in locked.entries.select_related("enterprise"):
        entry.qualification = enterprises.grant_qualification(
            actor=actor,
            enterprise=entry.enterprise,
            kind=kind,
            number=locked.title,
            issued_on=today,
            valid_until=valid_until,
        )
        entry.save(update_fields=["qualification"])
    locked.status, locked.recognised_on = RecognitionBatch.Status.RECOGNISED, today
    locked.save(update_fields=["status", "recognised_on"])
    audit.record(actor=actor, action="recognition.recognise", target=locked, changes={"valid_until": str(valid_until)})
    return locked
