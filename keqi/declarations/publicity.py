"""公示 and 入库登记 in batches, declared in the program's data (seed 001, issue 9 item 7):

    "on_decision": {"publicity": {"label": "科技型中小企业入库公示"}, "approved": {…}}

With it, the final level's approval no longer registers at once: that level's officer lists
approved declarations of their region in a batch with the publicity period (the enterprise sees
it on its declaration); only after the period ends does 入库登记 give each its 登记编号 and apply
`on_decision` (e.g. grant the qualification). Registered batches form the public 公告."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from keqi.core import audit
from keqi.declarations import numbers, outcomes
from keqi.declarations.models import Program, PublicityBatch, Submission


def declares(program: Program) -> bool:
    return bool((program.on_decision or {}).get("publicity"))


def can_publicise(user, program: Program) -> bool:
    """The officer of the program's last level (or an administrator)."""
    if user.is_platform_admin:
        return True
    level = (program.levels or [{}])[-1]
    region = getattr(user, "region", None)
    return bool(region and user.role in level.get("roles", ()) and region.level == level.get("region_level"))


def programs_for(user) -> QuerySet[Program]:
    rows = Program.objects.exclude(status=Program.Status.DRAFT).order_by("-year", "name")
    return rows.filter(pk__in=[p.pk for p in rows if declares(p) and can_publicise(user, p)])


def candidates(user, program: Program) -> QuerySet[Submission]:
    """Approved declarations of the officer's region not yet in a batch."""
    if not can_publicise(user, program):
        return Submission.objects.none()
    rows = Submission.objects.filter(program=program, status="approved", batch=None).select_related("enterprise")
    return rows if user.is_platform_admin else rows.filter(region_path__startswith=user.region.path)


def batches(user) -> QuerySet[PublicityBatch]:
    rows = PublicityBatch.objects.select_related("program", "region")
    if user.is_platform_admin:
        return rows
    if not getattr(user, "region_id", None):
        return rows.none()
    return rows.filter(region__path__startswith=user.region.path, program__in=programs_for(user))


def announcements() -> QuerySet[PublicityBatch]:
    """公告: registered batches, newest first (public)."""
    return PublicityBatch.objects.filter(status=PublicityBatch.Status.REGISTERED).select_related("program")


def _day(value, name: str) -> date:
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({name: "日期格式不正确（如 2026-07-01）"}) from None


@transaction.atomic
def create_batch(*, actor, program: Program, title: str, publicity_from, publicity_to, ids: list) -> PublicityBatch:
    if not declares(program) or not can_publicise(actor, program):
        raise PermissionDenied("无权发布该活动的公示")
    errors = {}
    start, end = _day(publicity_from, "publicity_from"), _day(publicity_to, "publicity_to")
    if end < start:
        errors["publicity_to"] = "公示截止日期不能早于开始日期"
    if not (title or "").strip():
        errors["title"] = "请填写批次名称"
    chosen = list(candidates(actor, program).select_for_update(of=("self",)).filter(pk__in=ids))
    if not chosen:
        errors["ids"] = "请勾选审核通过、尚未列入公示的企业"
    if errors:
        raise ValidationError(errors)
    region = actor.region if actor.region_id else program.region
    batch = PublicityBatch.objects.create(
        program=program,
        region=region,
        title=title.strip()[:120],
        publicity_from=start,
        publicity_to=end,
        created_by=actor,
    )
    Submission.objects.filter(pk__in=[s.pk for s in chosen]).update(batch=batch)
    audit.record(
        actor=actor,
        action="declaration.publicity",
        target=batch,
        changes={"submissions": [s.pk for s in chosen], "from": str(start), "to": str(end)},
    )
    return batch


@transaction.atomic
def register(*, actor, batch: PublicityBatch) -> PublicityBatch:
    """入库登记 after the publicity period: numbers and `on_decision` for every declaration listed."""
    locked = batches(actor).select_for_update(of=("self",)).filter(pk=batch.pk).first()
    if locked is None or not can_publicise(actor, locked.program):
        raise PermissionDenied("无权办理该批次的入库登记")
    if locked.status != PublicityBatch.Status.PUBLICITY:
        raise ValidationError({"__all__": "该批次已办理入库登记"})
    today = timezone.localdate()
    if today <= locked.publicity_to:
        raise ValidationError({"__all__": f"公示期至{locked.publicity_to:%Y-%m-%d}，公示期满后才能办理入库登记"})
    for submission in locked.submissions.select_related("program", "enterprise__region").order_by("id"):
        numbers.assign(submission, "registration")
        submission.save(update_fields=["registration_number"])
        outcomes.apply(actor=actor, submission=submission, deferred=False)
    locked.status, locked.registered_on = PublicityBatch.Status.REGISTERED, today
    locked.save(update_fields=["status", "registered_on"])
    audit.record(actor=actor, action="declaration.register", target=locked, changes={"date": str(today)})
    return locked
