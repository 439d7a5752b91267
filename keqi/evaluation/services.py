"""Evaluation writes (S1.2–S1.16): keyword-only, atomic, audited in the same transaction."""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from keqi.core import audit
from keqi.documents import services as generated
from keqi.enterprises.models import Enterprise, Qualification
from keqi.enterprises.selectors import confirmed_qualifications, valid_qualifications
from keqi.evaluation import selectors
from keqi.evaluation.declaration import (
    EVALUATION_FORM,
    ip_counts,
    rd_projects,
    rd_totals,
    staff_average,
    staff_quarters,
)
from keqi.evaluation.documents import COVER
from keqi.evaluation.models import Evaluation
from keqi.evaluation.process import EVALUATION_PROCESS
from keqi.files import services as files
from keqi.files.models import Attachment
from keqi.formkit import engine
from keqi.formkit.spec import Slot
from keqi.policy import PolicyInputError, assess
from keqi.workflow import services as workflow

DUPLICATE_MESSAGE = "本年度已存在评价信息表，请勿重复添加"
STALE_MESSAGE = "该评价信息已在其他页面保存过（版本已更新），为避免覆盖，本次未保存。请复制您的修改，刷新页面后再保存。"
NOT_EDITABLE = "当前状态（{status}）下评价信息不可修改"
COVER_SLOT = COVER.signed
OTHER_SLOT = Slot(
    "attachments", "其他附件", types=("pdf", "image"), max_bytes=3 * 1024 * 1024, max_count=5, required=False
)
STEP4_SLOTS = {COVER_SLOT.key: COVER_SLOT, OTHER_SLOT.key: OTHER_SLOT}
PROFILE_REQUIRED = (
    ("name", "企业名称"),
    ("registration_type", "企业注册类型"),
    ("industry", "企业所属行业"),
    ("legal_representative", "法定代表人姓名"),
    ("established_date", "成立日期"),
    ("tax_collection_method", "征收方式"),
    ("address", "住所"),
)
OWNER_TYPE = "evaluation.evaluation"


class FormErrors(ValidationError):
    """Field errors from the form engine, with what was typed so nothing is lost."""

    def __init__(self, errors: dict[str, str], raw: dict):
        super().__init__({key: [message] for key, message in errors.items()})
        self.errors = errors
        self.raw = raw


def current_year() -> int:
    return timezone.localdate().year


def profile_snapshot(enterprise: Enterprise) -> dict:
    today = timezone.localdate()
    high_tech = valid_qualifications(today).filter(enterprise=enterprise, kind="high_tech").exists()
    awards = [
        {"name": q.number, "year": q.year}
        for q in confirmed_qualifications().filter(enterprise=enterprise, kind="national_st_award")
        if q.year is None or q.year >= today.year - 5
    ]
    return {
        "name": enterprise.name,
        "uscc": enterprise.uscc,
        "registration_type": enterprise.registration_type,
        "industry": str(enterprise.industry) if enterprise.industry_id else "",
        "legal_representative": enterprise.legal_representative,
        "established_date": enterprise.established_date.isoformat() if enterprise.established_date else "",
        "region": enterprise.region.full_name,
        "region_code": enterprise.region.code,
        "tax_collection_method": enterprise.tax_collection_method,
        "address": enterprise.address,
        "high_tech": "yes" if high_tech else "no",
        "awards": awards,
    }


def profile_gaps(enterprise: Enterprise) -> list[str]:
    return [
        label
        for field, label in PROFILE_REQUIRED
        if not getattr(enterprise, field if field != "industry" else "industry_id")
    ]


def _ensure_editable(evaluation: Evaluation) -> None:
    if evaluation.status not in EVALUATION_PROCESS.editable_states:
        raise ValidationError({"__all__": NOT_EDITABLE.format(status=evaluation.get_status_display())})


def _ensure_owner(actor, evaluation: Evaluation) -> None:
    if not (actor.is_platform_admin or (actor.is_enterprise_user and actor.enterprise_id == evaluation.enterprise_id)):
        raise PermissionDenied("只有本企业用户可以修改评价信息")


@transaction.atomic
def create_evaluation(*, actor, enterprise: Enterprise, year: int | None = None) -> Evaluation:
    """S1.2: one evaluation per enterprise per year."""
    year = year or current_year()
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
    if Evaluation.objects.filter(enterprise=enterprise, year=year).exists():
        raise ValidationError({"__all__": DUPLICATE_MESSAGE})
    gaps = profile_gaps(enterprise)
    if gaps:
        raise ValidationError(
            {"__all__": f"企业“{'、'.join(gaps)}”信息不完善，请先前往“企业基本信息”中完善后再新增评价信息"}
        )
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                enterprise=enterprise,
                year=year,
                form_key=EVALUATION_FORM.key,
                form_version=EVALUATION_FORM.version,
                profile=profile_snapshot(enterprise),
                created_by=actor,
                answers={"hr_quarters": [{"_uid": f"q{i}"} for i in range(1, 5)]},
            )
    except IntegrityError:
        raise ValidationError({"__all__": DUPLICATE_MESSAGE}) from None
    evaluation.serial = f"{year}{enterprise.region.code[:6]}{evaluation.pk:06d}"
    evaluation.save(update_fields=["serial"])
    audit.record(actor=actor, action="evaluation.create", target=evaluation, enterprise_id=enterprise.pk)
    return evaluation


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update().select_related("enterprise", "enterprise__region").get(pk=evaluation.pk)
    )


@transaction.atomic
def sync_profile(*, actor, evaluation: Evaluation) -> Evaluation:
    """S1.17: pull the (approved) profile into an editable evaluation."""
    _ensure_owner(actor, evaluation)
    locked = _locked(evaluation)
    _ensure_editable(locked)
    before = locked.profile
    locked.profile = profile_snapshot(locked.enterprise)
    if before != locked.profile:
        locked.version += 1
        _invalidate_cover(actor, locked)
    locked.save()
    audit.record(
        actor=actor,
        action="evaluation.sync_profile",
        target=locked,
        changes=audit.diff(before, locked.profile),
        enterprise_id=locked.enterprise_id,
    )
    return locked


def sync_open_evaluations(*, actor, enterprise: Enterprise) -> list[Evaluation]:
    """企业信息同步 at the top of the 评价信息 list (seed 001 图31): refresh every evaluation of
    the enterprise that can still be edited; returns the ones whose copy changed."""
    changed = []
    for evaluation in Evaluation.objects.filter(
        enterprise=enterprise, status__in=EVALUATION_PROCESS.editable_states
    ).order_by("id"):
        before = evaluation.version
        synced = sync_profile(actor=actor, evaluation=evaluation)
        if synced.version != before:
            changed.append(synced)
    return changed


@transaction.atomic
def acknowledge(*, actor, evaluation: Evaluation) -> Evaluation:
    _ensure_owner(actor, evaluation)
    locked = _locked(evaluation)
    if locked.acknowledged_at is None:
        locked.acknowledged_at = timezone.now()
        locked.save(update_fields=["acknowledged_at"])
        audit.record(actor=actor, action="evaluation.acknowledge", target=locked, enterprise_id=locked.enterprise_id)
    return locked


def _promote(evaluation: Evaluation) -> None:
    answers = evaluation.answers
    evaluation.employees = staff_average(answers, "emp")
    evaluation.tech_staff = staff_average(answers, "tech")
    evaluation.sales_revenue = engine.dec(answers.get("sales_revenue"))
    evaluation.main_revenue = engine.dec(answers.get("main_revenue"))
    evaluation.total_assets = engine.dec(answers.get("total_assets"))
    evaluation.rd_expense = rd_totals(answers)["counted"] if answers.get("rd_projects") else None
    for name in ("employees", "tech_staff"):
        value = getattr(evaluation, name)
        if value is not None:
            setattr(evaluation, name, value.quantize(Decimal("0.01")))


def _invalidate_cover(actor, evaluation: Evaluation) -> None:
    """S1.15: editing after the cover was downloaded voids the signed copy (status "void", the
    page asks for a new download); the evaluation also deletes the void scan."""
    generated.discard_void(actor=actor, record=evaluation, kinds=[COVER])


@transaction.atomic
def save_answers(*, actor, evaluation: Evaluation, raw: dict, expected_version: int, ip_address=None) -> Evaluation:
    """P7: save a draft. Stale versions are refused with a clear message; field errors raise
    FormErrors carrying what was typed."""
    _ensure_owner(actor, evaluation)
    locked = _locked(evaluation)
    _ensure_editable(locked)
    if locked.version != expected_version:
        raise FormErrors({"__all__": STALE_MESSAGE}, raw)
    answers, errors = engine.validate(EVALUATION_FORM, raw, base=locked.answers)
    if errors:
        raise FormErrors(errors, raw)
    changed = sorted(key for key in set(answers) | set(locked.answers) if answers.get(key) != locked.answers.get(key))
    if changed:
        locked.answers = answers
        locked.version += 1
        locked.form_version = EVALUATION_FORM.version
        _promote(locked)
        _invalidate_cover(actor, locked)
        locked.save()
        audit.record(
            actor=actor,
            action="evaluation.save",
            target=locked,
            changes={"fields": changed, "version": locked.version},
            enterprise_id=locked.enterprise_id,
            ip_address=ip_address,
        )
    return locked


ANSWERED = {"yes": True, "no": False}
ADMISSION_QUESTIONS = (("products_scope", "产品及服务范围"), ("credit", "企业信用"))


def policy_input(evaluation: Evaluation) -> dict:
    """The figures keqi.policy needs, from the saved answers (never re-implementing scoring)."""
    answers = evaluation.answers
    counts = ip_counts(answers)
    data = {
        "employees_quarters": staff_quarters(answers, "emp"),
        "tech_staff_quarters": staff_quarters(answers, "tech"),
        "sales_revenue": answers.get("sales_revenue"),
        "cost_total": answers.get("cost_total"),
        "total_assets": answers.get("total_assets"),
        "rd_projects": rd_projects(answers),
        "ip_class1": counts["class1"],
        "ip_class2": counts["class2"],
        "resident_enterprise": True,
        # Unanswered is not "不符合": left out, so it is never a failure reason (issue 10).
        "products_allowed": ANSWERED.get(answers.get("products_scope")),
        "credit_ok": ANSWERED.get(answers.get("credit")),
        "high_tech_valid": evaluation.profile.get("high_tech") == "yes",
        "national_award_top3_5y": bool(evaluation.profile.get("awards")),
        "provincial_rd_institution": bool(answers.get("institutions")),
        "led_standard_5y": any(row.get("rank") == 1 for row in answers.get("standards") or []),
    }
    return {key: value for key, value in data.items() if value is not None}


POLICY_FIELDS = {
    "employees": "hr_quarters",
    "employees_quarters": "hr_quarters",
    "tech_staff": "hr_quarters",
    "tech_staff_quarters": "hr_quarters",
    "sales_revenue": "sales_revenue",
    "cost_total": "cost_total",
    "total_assets": "total_assets",
    "rd_projects": "rd_projects",
    "rd_expense": "rd_projects",
}


# What to fill in, in the form's words, when the policy engine lacks a figure (its own messages
# name its input keys: "填写 employees 或 employees_quarters").
MISSING_MESSAGES = {
    "employees": "请在“上一年度企业人力资源情况表”中填写四个季度的职工人数（季初、季末）",
    "employees_quarters": "请在“上一年度企业人力资源情况表”中填写四个季度的职工人数（季初、季末）",
    "tech_staff": "请在“上一年度企业人力资源情况表”中填写四个季度的科技人员数（季初、季末）",
    "tech_staff_quarters": "请在“上一年度企业人力资源情况表”中填写四个季度的科技人员数（季初、季末）",
    "sales_revenue": "请填写上一年度销售收入总额",
    "cost_total": "请填写上一年度成本费用总额",
    "total_assets": "请填写上一年度资产总额",
    "rd_expense": "请填写企业研发项目及其当年实际发生费用额",
    "rd_projects": "请填写企业研发项目及其当年实际发生费用额",
}


def _policy_error(item: dict) -> dict:
    name = item["field"].split("[")[0].split(".")[0]
    message = item["message"]
    if message.startswith("缺少必填项") and name in MISSING_MESSAGES:
        message = MISSING_MESSAGES[name]
    message = re.sub(r"（填写 [a-z_]+ 或 [a-z_]+）", "", message)
    return {"field": POLICY_FIELDS.get(name, ""), "message": message}


def compute_assessment(evaluation: Evaluation) -> dict:
    """S1.14: the policy engine's result plus the form's own condition (R&D ledger)."""
    try:
        result = assess("tech_sme", policy_input(evaluation))
    except PolicyInputError as error:
        errors, seen = [], set()
        for item in error.errors:
            entry = _policy_error(item)
            if entry["message"] not in seen:
                seen.add(entry["message"])
                errors.append(entry)
        return {"errors": errors}
    pending = [label for key, label in ADMISSION_QUESTIONS if evaluation.answers.get(key) not in ANSWERED]
    if pending:
        # Cannot say 符合 before the enterprise has answered; "请选择", not a failure reason.
        result["pending"] = pending
        if result.get("qualified"):
            result["qualified"] = None
    if evaluation.answers.get("rd_ledger") == "no":
        result["qualified"] = False
        result.setdefault("unmet", []).append("rd_ledger")
        result.setdefault("reasons", []).append("研发项目立项时没有设置研发支出辅助帐")
    result["ip_counts"] = ip_counts(evaluation.answers)
    return result


@transaction.atomic
def run_assessment(*, actor, evaluation: Evaluation) -> Evaluation:
    locked = _locked(evaluation)
    result = compute_assessment(locked)
    locked.assessment = result
    locked.assessed_version = locked.version
    locked.total_score = result.get("total")
    locked.qualified = result.get("qualified") if "errors" not in result else None
    locked.save(update_fields=["assessment", "assessed_version", "total_score", "qualified", "updated_at"])
    audit.record(
        actor=actor,
        action="evaluation.assess",
        target=locked,
        changes={"total": locked.total_score, "qualified": locked.qualified},
        enterprise_id=locked.enterprise_id,
    )
    return locked


def completeness(evaluation: Evaluation) -> dict[str, str]:
    _answers, errors = engine.validate(
        EVALUATION_FORM,
        {},
        base=evaluation.answers,
        complete=True,
        attachment_counts=selectors.attachment_counts(evaluation),
    )
    return errors


def completeness_summary(evaluation: Evaluation) -> dict[str, str]:
    """completeness() for a list away from the inputs: row messages name their quarter or row."""
    return engine.labelled_errors(EVALUATION_FORM, completeness(evaluation))


def slot_for(key: str) -> Slot | None:
    return STEP4_SLOTS.get(key) or EVALUATION_FORM.slot(key)


@transaction.atomic
def mark_cover_printed(*, actor, evaluation: Evaluation) -> Evaluation:
    """The enterprise downloads the cover for signing: its version is the one a signed upload
    must match (keqi.documents)."""
    locked = _locked(evaluation)
    if locked.status in EVALUATION_PROCESS.editable_states and actor.is_enterprise_user:
        generated.record_issue(actor=actor, kind=COVER, record=locked)
    audit.record(actor=actor, action="evaluation.print_cover", target=locked, enterprise_id=locked.enterprise_id)
    return locked


@transaction.atomic
def upload(*, actor, evaluation: Evaluation, slot_key: str, upload_file, row_key: str = "") -> Attachment:
    _ensure_owner(actor, evaluation)
    locked = _locked(evaluation)
    _ensure_editable(locked)
    slot = slot_for(slot_key)
    if slot is None:
        raise ValidationError({"file": "附件类别不存在"})
    if slot.key == COVER_SLOT.key:
        return generated.upload_signed(
            actor=actor, kind=COVER, record=locked, enterprise=locked.enterprise, upload=upload_file
        )
    attachment = files.store(
        actor=actor,
        enterprise=locked.enterprise,
        owner=locked,
        slot=slot,
        upload=upload_file,
        row_key=(row_key or "")[:40],
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor, evaluation: Evaluation, attachment_id: int) -> None:
    _ensure_owner(actor, evaluation)
    locked = _locked(evaluation)
    _ensure_editable(locked)
    attachment = Attachment.objects.filter(pk=attachment_id, owner_type=OWNER_TYPE, owner_id=locked.pk).first()
    if attachment is None:
        raise ValidationError({"file": "附件不存在"})
    files.delete(actor=actor, attachment=attachment)


def submit_problems(evaluation: Evaluation) -> list[str]:
    """Everything standing between this evaluation and submission, in Chinese."""
    problems = []
    if evaluation.acknowledged_at is None:
        problems.append("请先阅读并确认《科技型中小企业填报说明》")
    missing = completeness_summary(evaluation)
    if missing:
        problems.append(
            f"评价信息尚未填写完整（{len(missing)}处），请返回“企业主要数据”补充："
            + "；".join(list(missing.values())[:8])
        )
    result = compute_assessment(evaluation)
    if "errors" in result:
        problems.append("自评无法计算：" + "；".join(e["message"] for e in result["errors"]))
    elif result.get("pending"):
        problems.append("请在“基本准入条件判定”中选择：" + "、".join(result["pending"]))
    elif not result.get("qualified"):
        problems.append("自评结果不符合科技型中小企业条件，不能提交")
    problems.extend(generated.problems(evaluation, [COVER]))
    return problems


@transaction.atomic
def submit(*, actor, evaluation: Evaluation, agency_id, ip_address=None) -> Evaluation:
    """S1.16: choose the evaluation agency and submit for formal review."""
    _ensure_owner(actor, evaluation)
    locked = _locked(evaluation)
    agency = selectors.agencies_for(locked.enterprise).filter(pk=agency_id).first() if agency_id else None
    if agency is None:
        raise ValidationError({"agency": "请选择评价机构"})
    problems = submit_problems(locked) if locked.status in EVALUATION_PROCESS.editable_states else []
    if problems:
        raise ValidationError({"__all__": problems})

    def before_move(obj, _transition):
        now = timezone.now()
        result = compute_assessment(obj)
        obj.agency = agency
        obj.submitted_at = now
        obj.first_submitted_at = obj.first_submitted_at or now
        obj.submitted_version = obj.version
        obj.assessment = result
        obj.assessed_version = obj.version
        obj.total_score = result.get("total")
        obj.qualified = result.get("qualified")
        obj.snapshot = {
            "form_version": obj.form_version,
            "version": obj.version,
            "answers": obj.answers,
            "profile": obj.profile,
            "assessment": result,
            "submitted_at": now.isoformat(),
        }

    return workflow.transition(
        actor=actor,
        process=EVALUATION_PROCESS,
        obj=locked,
        name="submit",
        opinion=f"提交至{agency.name}",
        before_move=before_move,
        ip_address=ip_address,
    )


def registration_number(evaluation: Evaluation) -> str:
    return f"{evaluation.year}{evaluation.enterprise.region.code[:6]}{evaluation.pk:08d}"


@transaction.atomic
def decide(*, actor, evaluation: Evaluation, action: str, opinion: str = "", ip_address=None) -> Evaluation:
    """Any non-submit transition (withdraw, agency and province decisions, registration)."""
    if action == "submit":
        raise PermissionDenied("请通过提交操作选择评价机构")

    def before_move(obj, item):
        if item.name == "register":
            today = timezone.localdate()
            obj.registration_number = registration_number(obj)
            obj.registered_on = today
            Qualification.objects.update_or_create(
                enterprise=obj.enterprise,
                kind="tech_sme",
                year=obj.year,
                defaults={
                    "number": obj.registration_number,
                    "issued_on": today,
                    "valid_until": date(obj.year, 12, 31),
                    "status": Qualification.Status.CONFIRMED,  # the platform's own decision
                },
            )

    return workflow.transition(
        actor=actor,
        process=EVALUATION_PROCESS,
        obj=evaluation,
        name=action,
        opinion=opinion,
        before_move=before_move,
        ip_address=ip_address,
    )


@transaction.atomic
def delete_evaluation(*, actor, evaluation: Evaluation) -> None:
    _ensure_owner(actor, evaluation)
    locked = _locked(evaluation)
    if locked.status not in EVALUATION_PROCESS.deletable_states:
        raise ValidationError({"__all__": f"当前状态（{locked.get_status_display()}）下不能删除，请先撤回"})
    for attachment in Attachment.objects.filter(owner_type=OWNER_TYPE, owner_id=locked.pk):
        files.delete(actor=actor, attachment=attachment)
    generated.forget(locked)
    audit.record(
        actor=actor,
        action="evaluation.delete",
        target=locked,
        changes={"serial": locked.serial, "year": locked.year},
        enterprise_id=locked.enterprise_id,
    )
    locked.delete()


def pick_ip(*, actor, evaluation: Evaluation, ids: list[int], expected_version: int) -> Evaluation:
    """S1.10: add IP rows picked from the enterprise's register (no certificate needed)."""
    from keqi.enterprises.models import IntellectualProperty

    with transaction.atomic():
        _ensure_owner(actor, evaluation)
        locked = _locked(evaluation)
        _ensure_editable(locked)
        if locked.version != expected_version:
            raise ValidationError({"__all__": STALE_MESSAGE})
        rows = list(locked.answers.get("ip_rows") or [])
        taken = {row.get("_ref") for row in rows}
        picked = IntellectualProperty.objects.filter(
            enterprise=locked.enterprise, pk__in=ids, is_valid=True
        ).select_related("ip_type")
        added = 0
        for item in picked:
            if item.pk in taken:
                continue
            rows.append(
                {
                    "_uid": f"ip{item.pk}",
                    "_source": "register",
                    "_ref": item.pk,
                    "name": item.name,
                    "ip_type": item.ip_type.code,
                    "granted_on": item.granted_on.isoformat(),
                    "acquisition": item.acquisition,
                    "number": item.number,
                }
            )
            added += 1
        if added:
            locked.answers = {**locked.answers, "ip_rows": rows}
            locked.version += 1
            _invalidate_cover(actor, locked)
            locked.save()
            audit.record(
                actor=actor,
                action="evaluation.pick_ip",
                target=locked,
                changes={"added": added},
                enterprise_id=locked.enterprise_id,
            )
        return locked
