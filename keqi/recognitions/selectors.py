"""Reads of life after recognition. Every read of "is this enterprise recognised" goes through
`recognitions()` (on enterprises.selectors.valid_qualifications), so the rule lives in one place."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from keqi.core.scope import enterprise_q
from keqi.enterprises.models import Enterprise, InfoChangeRequest, Qualification
from keqi.enterprises.selectors import valid_qualifications
from keqi.recognitions import rules
from keqi.recognitions.models import MajorChange
from keqi.recognitions.process import MAJOR_CHANGE
from keqi.reference.selectors import dictionary_choices

CHANGE_TYPES = "major_change_type"
UPDATED, NOT_YET, OVERDUE = "updated", "not_yet", "overdue"
UPDATE_STATES = {UPDATED: "已更新", NOT_YET: "未更新", OVERDUE: "逾期未更新"}


def kind_label(kind: str) -> str:
    return settings.RECOGNITION_KINDS.get(kind, kind)


def recognitions(day: date | None = None, kinds=None) -> QuerySet[Qualification]:
    """Recognitions that count on `day` (tiers in settings.RECOGNITION_KINDS)."""
    return valid_qualifications(day, kinds=kinds or list(settings.RECOGNITION_KINDS))


def recognitions_of(enterprise, day: date | None = None) -> list[Qualification]:
    return list(recognitions(day).filter(enterprise=enterprise).order_by("valid_until", "id"))


def is_recognised(enterprise, day: date | None = None) -> bool:
    return recognitions(day).filter(enterprise=enterprise).exists()


def profile_lock(enterprise, day: date) -> dict | None:
    """A recognised enterprise edits only through 信息更新 (S3.6): the button and its state
    (registered with enterprises.profile_locks)."""
    if not is_recognised(enterprise, day):
        return None
    return {
        "open": rules.update_window(day.year).is_open(day),
        "message": rules.update_window_message(day),
        "url": reverse("recognitions:update"),
    }


def history_of(enterprise) -> QuerySet[Qualification]:
    """Every recognition the enterprise has held, valid or not (认证到期管理)."""
    return Qualification.objects.filter(enterprise=enterprise, kind__in=list(settings.RECOGNITION_KINDS)).order_by(
        "-issued_on", "-id"
    )


def yearly_updates(enterprise, year: int) -> QuerySet[InfoChangeRequest]:
    return InfoChangeRequest.objects.filter(
        enterprise=enterprise, purpose=InfoChangeRequest.Purpose.YEARLY_UPDATE, year=year
    )


def _updated_q(year: int) -> Q:
    return Q(
        change_requests__purpose=InfoChangeRequest.Purpose.YEARLY_UPDATE,
        change_requests__year=year,
        change_requests__status__in=["pending", "approved"],
    )


def update_status(enterprise, day: date) -> str:
    """updated (submitted or approved this year) / not yet / overdue (window closed, none)."""
    if yearly_updates(enterprise, day.year).filter(status__in=["pending", "approved"]).exists():
        return UPDATED
    return OVERDUE if day > rules.update_window(day.year).closes else NOT_YET


def late_changes(enterprise) -> QuerySet[MajorChange]:
    return MajorChange.objects.filter(enterprise=enterprise, is_late=True).exclude(status=MajorChange.Status.DRAFT)


def review_block_reason(enterprise, day: date, kinds=None) -> str:
    """Why the enterprise may not file a 复核 now, or "" (NEXT-WAVE-RULES §4.5)."""
    held = list(recognitions(day, kinds).filter(enterprise=enterprise))
    if not held:
        return "未查询到有效的认定，未认定的企业不能申请复核"
    if not any(rules.in_final_year(q, day) for q in held):
        first = min(rules.final_year_starts(q.valid_until) for q in held if q.valid_until)
        return f"认定有效期最后一年内才能申请复核（{first:%Y年%-m月%-d日}起）"
    if update_status(enterprise, day) == OVERDUE:
        return f"未在{day.year}年4月30日前完成信息更新，不能申请复核"
    if late_changes(enterprise).exists():
        return "重大变更未在变更后3个月内申报，不能申请复核"
    return ""


# Major changes ------------------------------------------------------------------------------


def change_types() -> list[tuple[str, str]]:
    return dictionary_choices(CHANGE_TYPES)


def changes_of(enterprise, *, change_type: str = "") -> QuerySet[MajorChange]:
    queryset = MajorChange.objects.filter(enterprise=enterprise)
    if change_type:
        queryset = queryset.filter(change_type=change_type)
    return queryset


def visible_changes(user) -> QuerySet[MajorChange]:
    """Officers see submitted changes in their region; an enterprise its own (drafts included)."""
    if user.is_enterprise_user:
        return (
            MajorChange.objects.filter(enterprise_id=user.enterprise_id)
            if user.enterprise_id
            else MajorChange.objects.none()
        )
    return MajorChange.objects.filter(enterprise_q(user, "enterprise__")).exclude(status=MajorChange.Status.DRAFT)


def change_for(user, pk: int) -> MajorChange:
    change = visible_changes(user).select_related("enterprise").filter(pk=pk).first()
    if change is None:
        raise Http404("变更记录不存在")
    return change


def change_queue(user, *, change_type: str = "", status: str = "", keyword: str = "") -> QuerySet[MajorChange]:
    queryset = visible_changes(user).select_related("enterprise")
    if change_type:
        queryset = queryset.filter(change_type=change_type)
    if status:
        queryset = queryset.filter(status=status)
    if keyword:
        queryset = queryset.filter(
            Q(enterprise__name__contains=keyword) | Q(enterprise__uscc__contains=keyword.upper())
        )
    return queryset.order_by("-submitted_at", "-id")


def waiting_for(user) -> int:
    """Changes at this officer's level (工作台)."""
    return sum(
        1 for c in visible_changes(user).filter(status=MajorChange.Status.REVIEW) if MAJOR_CHANGE.allowed(user, c)
    )


# Officers' list of recognised enterprises (S3.6, S3.10) -------------------------------------

EXPIRING_DAYS = 365


LIST_PARAMS = ("q", "kind", "update", "expiring")
KEYWORD_MAX = 100


def list_params(raw) -> tuple[dict[str, str], dict[str, str]]:
    """The officers' list filters (page and export alike): cleaned values and {param: why refused}."""
    params = {name: str(raw.get(name, "") or "")[:KEYWORD_MAX] for name in LIST_PARAMS}
    errors = {}
    if params["kind"] and params["kind"] not in settings.RECOGNITION_KINDS:
        errors["kind"], params["kind"] = "认定类型不存在", ""
    if params["update"] and params["update"] not in UPDATE_STATES:
        errors["update"], params["update"] = "信息更新状态不存在", ""
    return params, errors


def listed_enterprises(user, params: dict, day: date) -> QuerySet[Enterprise]:
    """The list's enterprises for cleaned `params` (see list_params)."""
    return recognised_enterprises(
        user,
        day=day,
        kind=params["kind"],
        update=params["update"],
        expiring=params["expiring"] == "1",
        keyword=params["q"].strip().replace("\x00", ""),
    )


def recognised_enterprises(
    user, *, day: date | None = None, kind: str = "", update: str = "", expiring: bool = False, keyword: str = ""
) -> QuerySet[Enterprise]:
    day = day or timezone.localdate()
    held = recognitions(day, [kind] if kind else None)
    if expiring:
        held = held.filter(valid_until__lte=day + timedelta(days=EXPIRING_DAYS))
    queryset = Enterprise.objects.filter(enterprise_q(user)).filter(Exists(held.filter(enterprise=OuterRef("pk"))))
    if keyword:
        queryset = queryset.filter(Q(name__contains=keyword) | Q(uscc__contains=keyword.upper()))
    updated = Enterprise.objects.filter(_updated_q(day.year)).values("pk")
    if update == UPDATED:
        queryset = queryset.filter(pk__in=updated)
    elif update in (NOT_YET, OVERDUE):
        overdue_now = day > rules.update_window(day.year).closes
        if (update == OVERDUE) != overdue_now:
            return queryset.none()
        queryset = queryset.exclude(pk__in=updated)
    pending = Count("major_changes", filter=Q(major_changes__status=MajorChange.Status.REVIEW), distinct=True)
    return queryset.annotate(pending_changes=pending).order_by("id")


def rows_for(enterprises, day: date) -> list[dict]:
    """One row per enterprise with its recognitions, update status and 复核 in progress."""
    from keqi.declarations.models import Submission

    ids = [e.pk for e in enterprises]
    held: dict[int, list] = {}
    for q in recognitions(day).filter(enterprise_id__in=ids).order_by("valid_until"):
        held.setdefault(q.enterprise_id, []).append(q)
    updated = set(
        InfoChangeRequest.objects.filter(
            enterprise_id__in=ids, purpose="yearly_update", year=day.year, status__in=["pending", "approved"]
        ).values_list("enterprise_id", flat=True)
    )
    reviewing = set(
        Submission.objects.filter(enterprise_id__in=ids, status="review")
        .exclude(program__on_decision={})
        .values_list("enterprise_id", flat=True)
    )
    overdue = day > rules.update_window(day.year).closes
    rows = []
    for enterprise in enterprises:
        status = UPDATED if enterprise.pk in updated else (OVERDUE if overdue else NOT_YET)
        rows.append(
            {
                "enterprise": enterprise,
                "recognitions": [
                    {
                        "label": kind_label(q.kind),
                        "number": q.number,
                        "issued_on": q.issued_on,
                        "valid_until": q.valid_until,
                        "final_year": rules.in_final_year(q, day),
                    }
                    for q in held.get(enterprise.pk, [])
                ],
                "update": status,
                "update_label": UPDATE_STATES[status],
                "pending_changes": getattr(enterprise, "pending_changes", 0),
                "reviewing": enterprise.pk in reviewing,
            }
        )
    return rows


# 复核 (S3.10): programs whose final decision extends or cancels a recognition -------------------


def review_programs(enterprise) -> dict:
    """Published 复核 programs (their final approval extends a recognition) open now for the
    enterprise, by the recognition kind each one reviews (its on_decision.qualification_kinds)."""
    from keqi.declarations import windows
    from keqi.declarations.models import Program

    programs = Program.objects.filter(status=Program.Status.PUBLISHED).exclude(on_decision={}).select_related("region")
    found: dict = {}
    for program in programs.order_by("key"):
        spec = program.on_decision or {}
        if (
            enterprise.region_path.startswith(program.region.path)
            and spec.get("approved", {}).get("qualification") == "extend"
            and windows.state(program, enterprise).open
        ):
            for kind in spec.get("qualification_kinds") or []:
                found.setdefault(kind, program)
    return found


def review_history(enterprise):
    from keqi.declarations.models import Submission

    return (
        Submission.objects.filter(enterprise=enterprise)
        .exclude(program__on_decision={})
        .select_related("program")
        .order_by("-created_at", "-id")
    )
