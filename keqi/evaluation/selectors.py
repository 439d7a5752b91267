"""Evaluation reads: each takes the acting user and applies scope (out of scope → 404)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from keqi.accounts.models import Agency
from keqi.core.scope import NOTHING, enterprise_q, region_covers
from keqi.evaluation.models import Evaluation, Status
from keqi.files.models import Attachment

AGENCY_VISIBLE = [s for s in Status.values if s not in (Status.DRAFT, Status.WITHDRAWN)]
PROVINCE_VISIBLE = [Status.PROVINCE_REVIEW, Status.PUBLICITY, Status.REGISTERED, Status.REJECTED]


def visibility_q(user) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_platform_admin:
        return Q()
    if user.is_enterprise_user:
        return enterprise_q(user, prefix="enterprise__")
    if user.role == "AGY":
        if user.agency_id is None:
            return NOTHING
        return Q(agency_id=user.agency_id, status__in=AGENCY_VISIBLE)
    if user.role == "CITY":
        return enterprise_q(user, prefix="enterprise__") & Q(status__in=PROVINCE_VISIBLE)
    return NOTHING


def agency_clients(agency_id: int) -> QuerySet:
    """Enterprises that submitted an evaluation to this agency (its whole scope, core.scope)."""
    return Evaluation.objects.filter(agency_id=agency_id, status__in=AGENCY_VISIBLE).values("enterprise_id")


def visible_evaluations(user) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(visibility_q(user)).select_related("enterprise", "agency")


def evaluation_for(user, pk) -> Evaluation:
    evaluation = visible_evaluations(user).filter(pk=pk).first()
    if evaluation is None:
        raise Http404("评价信息不存在或无权查看")
    return evaluation


def can_read(user, evaluation_id) -> bool:
    return visible_evaluations(user).filter(pk=evaluation_id).exists()


def search(user, *, keyword: str = "", status: str = "", year: str = "", agency_queue: bool = False):
    queryset = visible_evaluations(user)
    keyword = (keyword or "").strip()[:100]
    if keyword:
        queryset = queryset.filter(
            Q(enterprise__name__icontains=keyword) | Q(enterprise__uscc__icontains=keyword.upper()) | Q(serial=keyword)
        )
    if status in Status.values:
        queryset = queryset.filter(status=status)
    if str(year).isdigit():
        queryset = queryset.filter(year=int(year))
    return queryset.order_by("-submitted_at", "-id")


def neighbours(queryset, evaluation) -> tuple[int | None, int | None]:
    """Previous and next record in the reviewer's current list order."""
    ids = list(queryset.values_list("pk", flat=True)[:5000])
    if evaluation.pk not in ids:
        return None, None
    index = ids.index(evaluation.pk)
    return (ids[index - 1] if index > 0 else None, ids[index + 1] if index + 1 < len(ids) else None)


def attachments_by_slot(evaluation) -> dict[tuple[str, str], list[Attachment]]:
    grouped: dict[tuple[str, str], list[Attachment]] = {}
    for attachment in Attachment.objects.filter(owner_type="evaluation.evaluation", owner_id=evaluation.pk):
        grouped.setdefault((attachment.slot, attachment.row_key), []).append(attachment)
    return grouped


def attachment_counts(evaluation) -> dict[tuple[str, str], int]:
    return {key: len(items) for key, items in attachments_by_slot(evaluation).items()}


def agencies_for(enterprise) -> QuerySet[Agency]:
    """Agencies an enterprise may send to: active ones whose region contains the enterprise."""
    agencies = Agency.objects.filter(is_active=True).select_related("region")
    return agencies.filter(pk__in=[a.pk for a in agencies if region_covers(a.region.path, enterprise)])


PERSONAL_FIELDS = ("contact_id_number",)


def answers_for(user, answers: dict) -> dict:
    """Answers as this user may see them: officers without the personal-data right see ID
    numbers masked (the enterprise and authorised officers see them whole)."""
    if user.is_enterprise_user or user.is_platform_admin or getattr(user, "can_view_personal_data", False):
        return answers
    shown = dict(answers)
    for key in PERSONAL_FIELDS:
        value = str(shown.get(key) or "")
        if value:
            shown[key] = value[:3] + "*" * max(0, len(value) - 5) + value[-2:]
    return shown
