"""Reads for 梯度培育, each taking the acting user and applying scope (P1)."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from keqi.cultivation.models import Announcement, BatchEntry, DigitalAssessment, RecognitionBatch, Verification
from keqi.cultivation.tiers import KINDS, TIERS
from keqi.declarations.models import Program, Submission
from keqi.enterprises.models import Enterprise, Qualification

VERIFIED = (Verification.Status.AUTO, Verification.Status.APPROVED)


def latest_assessment(enterprise) -> DigitalAssessment | None:
    return DigitalAssessment.objects.filter(enterprise=enterprise).first()


def assessments(enterprise) -> QuerySet[DigitalAssessment]:
    return DigitalAssessment.objects.filter(enterprise=enterprise)


def verified(enterprise) -> bool:
    return Verification.objects.filter(
        enterprise=enterprise, kind=Verification.Kind.LEGAL_PERSON, status__in=VERIFIED
    ).exists()


def pending_verification(enterprise) -> Verification | None:
    return Verification.objects.filter(
        enterprise=enterprise, kind=Verification.Kind.LEGAL_PERSON, status=Verification.Status.PENDING
    ).first()


def is_province_officer(user) -> bool:
    """Provincial (or ministry) officers: the manual verification queue, announcements, batches."""
    region = getattr(user, "region", None)
    return bool(user.is_authenticated and user.role == "CITY" and region and region.level in ("province", "country"))


def visible_verifications(user) -> QuerySet[Verification]:
    if not user.is_authenticated or not user.is_active:
        return Verification.objects.none()
    if user.is_platform_admin:
        return Verification.objects.all()
    if user.is_enterprise_user:
        return Verification.objects.filter(user=user)
    if is_province_officer(user):
        return Verification.objects.filter(region_path__startswith=user.region.path)
    return Verification.objects.none()


def verification_queue(user, status: str = "pending") -> QuerySet[Verification]:
    rows = visible_verifications(user).exclude(user=user).exclude(status=Verification.Status.AUTO)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("enterprise", "user")


# ---------------------------------------------------------------- announcements


def published_announcements(*, level: str = "", keyword: str = "", province: str = "", since=None, until=None):
    rows = Announcement.objects.filter(status=Announcement.Status.PUBLISHED).select_related("region")
    if level in Announcement.Level.values:
        rows = rows.filter(level=level)
    if keyword:
        rows = rows.filter(Q(title__icontains=keyword) | Q(body__icontains=keyword))
    if province:
        rows = rows.filter(region__code=province)
    if since:
        rows = rows.filter(published_at__date__gte=since)
    if until:
        rows = rows.filter(published_at__date__lte=until)
    return rows


def managed_announcements(user) -> QuerySet[Announcement]:
    """An officer's own level: the ministry its 部级公告, a province its 省级公告."""
    if user.is_platform_admin:
        return Announcement.objects.all()
    if not is_province_officer(user):
        return Announcement.objects.none()
    return Announcement.objects.filter(region=user.region)


def announcement_for_public(pk: int) -> Announcement | None:
    return published_announcements().filter(pk=pk).first()


# ---------------------------------------------------------------- recognition


def tier_programs() -> QuerySet[Program]:
    return Program.objects.filter(series__in=list(TIERS)).exclude(status=Program.Status.DRAFT).order_by("name")


def final_level(program) -> dict:
    return (program.levels or [{}])[-1]


def can_recognise(user, program) -> bool:
    """Who publishes the batch: the officer of the program's last level (the province; the ministry for 小巨人)."""
    level = final_level(program)
    region = getattr(user, "region", None)
    return (
        bool(region and user.role in level.get("roles", ()) and region.level == level.get("region_level"))
        or user.is_platform_admin
    )


def recognisable(user, program) -> QuerySet[Submission]:
    """Approved declarations in the officer's region not yet in a batch."""
    if not can_recognise(user, program):
        return Submission.objects.none()
    rows = Submission.objects.filter(program=program, status="approved")
    if not user.is_platform_admin:
        rows = rows.filter(region_path__startswith=user.region.path)
    taken = BatchEntry.objects.values("submission_id")
    return rows.exclude(pk__in=taken).select_related("enterprise")


def batches(user) -> QuerySet[RecognitionBatch]:
    if user.is_platform_admin:
        return RecognitionBatch.objects.select_related("program", "region")
    if not is_province_officer(user):
        return RecognitionBatch.objects.none()
    return RecognitionBatch.objects.filter(region__path__startswith=user.region.path).select_related(
        "program", "region"
    )


def batch_for(user, pk: int) -> RecognitionBatch | None:
    return batches(user).filter(pk=pk).first()


def publicity(today: date | None = None) -> QuerySet[RecognitionBatch]:
    """Batches in 名单公示 today (public)."""
    today = today or timezone.localdate()
    return RecognitionBatch.objects.filter(
        status=RecognitionBatch.Status.PUBLICITY, publicity_from__lte=today, publicity_to__gte=today
    ).select_related("program", "region")


def lookup(name: str, uscc: str, today: date | None = None) -> tuple[Enterprise | None, list[dict]]:
    """企业认定查询 (S3.2): name and USCC must both match; the valid tier recognitions."""
    today = today or timezone.localdate()
    enterprise = Enterprise.objects.filter(uscc=uscc.strip().upper(), name=name.strip()).first()
    if enterprise is None:
        return None, []
    rows = []
    entries = {e.qualification_id: e for e in BatchEntry.objects.filter(enterprise=enterprise).select_related("batch")}
    for q in Qualification.objects.filter(enterprise=enterprise, kind__in=list(KINDS)).order_by("-issued_on"):
        if not q.is_valid_on(today):
            continue
        entry = entries.get(q.pk)
        rows.append(
            {
                "tier": KINDS[q.kind]["label"],
                "level": KINDS[q.kind]["level"],
                "batch": entry.batch.title if entry else (q.number or "—"),
                "issued_on": q.issued_on,
                "valid_until": q.valid_until,
            }
        )
    return enterprise, rows


# ---------------------------------------------------------------- officers' lists and counts


def tier_submissions(user) -> QuerySet[Submission]:
    from keqi.declarations.selectors import visible

    if not user.is_authenticated or user.is_enterprise_user:
        return Submission.objects.none()
    return visible(user).filter(program__series__in=list(TIERS)).exclude(status="draft")


LIST_STATUSES = {"review": "审核中", "returned": "退回补正", "approved": "审核通过", "rejected": "不予通过"}


def list_filters(raw) -> tuple[dict[str, str], dict[str, str]]:
    """梯度培育申报审核's filters (page and export alike): cleaned values and {name: why refused}."""
    limits = {"tier": 30, "status": 12, "q": 100}
    params = {name: str(raw.get(name, "") or "").replace("\x00", "").strip()[:limit] for name, limit in limits.items()}
    errors = {}
    if params["tier"] and params["tier"] not in TIERS:
        errors["tier"], params["tier"] = "申报级别不存在", ""
    if params["status"] and params["status"] not in LIST_STATUSES:
        errors["status"], params["status"] = "状态不存在", ""
    return params, errors


def tier_list(user, params: dict) -> QuerySet[Submission]:
    """The officer's tier declarations for cleaned `params` (see list_filters), newest first."""
    rows = tier_submissions(user)
    if params["tier"]:
        rows = rows.filter(program__series=params["tier"])
    if params["status"]:
        rows = rows.filter(status=params["status"])
    if params["q"]:
        rows = keyword_filter(rows, params["q"])
    return rows.order_by("-submitted_at", "-id")


def region_counts(user) -> list[dict]:
    """工作台 / 审核列表: declarations per 区县 and tier in the officer's region."""
    from django.db.models import Count

    rows = (
        tier_submissions(user)
        .values("enterprise__region__name", "program__series")
        .annotate(n=Count("id"))
        .order_by("enterprise__region__name")
    )
    table: dict[str, dict] = {}
    for row in rows:
        line = table.setdefault(row["enterprise__region__name"], {"region": row["enterprise__region__name"]})
        line[row["program__series"].replace("-", "_")] = row["n"]
    return list(table.values())


def counts(user) -> list[dict]:
    """工作台: declarations per tier and status in the officer's region."""
    rows = tier_submissions(user)
    result = []
    for series, tier in TIERS.items():
        mine = rows.filter(program__series=series)
        result.append(
            {
                "series": series,
                "label": tier["label"],
                "review": mine.filter(status="review").count(),
                "approved": mine.filter(status="approved").count(),
                "total": mine.count(),
            }
        )
    return result


def tier_submissions_of(enterprise) -> QuerySet[Submission]:
    """企业申报信息: the enterprise's own tier declarations (history with 详情)."""
    return (
        Submission.objects.filter(enterprise=enterprise, program__series__in=list(TIERS))
        .select_related("program")
        .order_by("-created_at", "-id")
    )


def keyword_filter(rows: QuerySet[Submission], keyword: str) -> QuerySet[Submission]:
    return rows.filter(
        Q(enterprise__name__icontains=keyword)
        | Q(enterprise__uscc__icontains=keyword.upper())
        | Q(enterprise__region__name__icontains=keyword)
    )


def news_for(enterprise) -> QuerySet[Announcement]:
    """企业最新消息: the ministry's announcements and those of the enterprise's own province."""
    province = "/".join(enterprise.region_path.split("/")[:2]) + "/"
    return published_announcements().filter(Q(level=Announcement.Level.MINISTRY) | Q(region__path=province))
