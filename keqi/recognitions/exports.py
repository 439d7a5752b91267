"""认定企业管理 as a field-picked export (issue 16 item 5, P10): one row per valid recognition of
each enterprise on the officers' list, with the same filters and scope as the page
(selectors.list_params / listed_enterprises), so the file equals the list."""

from django.conf import settings
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from keqi.declarations.models import Submission
from keqi.enterprises.models import InfoChangeRequest
from keqi.enterprises.services import add_years
from keqi.exports.datasets import Column, Dataset, ParamsError
from keqi.recognitions import rules, selectors
from keqi.recognitions.models import MajorChange

DATASET = "recognised_enterprises"
YES_NO = {True: "是", False: "否"}


def _annotated(day, queryset):
    """What the page computes per enterprise (rows_for), as SQL per recognition."""
    updated = InfoChangeRequest.objects.filter(
        enterprise=OuterRef("enterprise"),
        purpose=InfoChangeRequest.Purpose.YEARLY_UPDATE,
        year=day.year,
        status__in=["pending", "approved"],
    )
    not_updated = selectors.OVERDUE if day > rules.update_window(day.year).closes else selectors.NOT_YET
    pending = (
        MajorChange.objects.filter(enterprise=OuterRef("enterprise"), status=MajorChange.Status.REVIEW)
        .values("enterprise")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # 复核 in progress: a declaration in review of a program whose decision acts on a recognition.
    reviewing = Submission.objects.filter(enterprise=OuterRef("enterprise"), status="review").exclude(
        program__on_decision={}
    )
    # rules.in_final_year as SQL: final_year_starts(valid_until) <= day ⇔ valid_until < day + 1 year
    final_year = Case(When(valid_until__lt=add_years(day, 1), then=Value(True)), default=Value(False))
    return queryset.annotate(
        update_state=Case(When(Exists(updated), then=Value(selectors.UPDATED)), default=Value(not_updated)),
        pending_changes=Coalesce(Subquery(pending, output_field=IntegerField()), 0),
        reviewing=Exists(reviewing),
        final_year=final_year,
    )


def _rows(user, params: dict, field_keys: list[str]):
    cleaned, errors = selectors.list_params(params)
    if errors:
        raise ParamsError({name: [{"message": f"{message}，请重新选择"}] for name, message in errors.items()})
    day = timezone.localdate()
    if user.role not in ("DIS", "CITY") and not user.is_platform_admin:
        return selectors.recognitions(day).none()
    listed = selectors.listed_enterprises(user, cleaned, day).values("pk")
    held = selectors.recognitions(day).filter(enterprise__in=listed)
    return _annotated(day, held).order_by("enterprise_id", "valid_until", "id")


def _describe(user, params: dict) -> list[str]:
    cleaned, _ = selectors.list_params(params)
    parts = []
    if cleaned["q"]:
        parts.append(f"企业名称/统一社会信用代码：{cleaned['q']}")
    if cleaned["kind"]:
        parts.append(f"认定类型：{settings.RECOGNITION_KINDS[cleaned['kind']]}")
    if cleaned["update"]:
        parts.append(f"信息更新状态：{selectors.UPDATE_STATES[cleaned['update']]}")
    if cleaned["expiring"] == "1":
        parts.append("一年内到期")
    return parts


def dataset() -> Dataset:
    return Dataset(
        key=DATASET,
        title="认定企业管理",
        columns=[
            Column("name", "企业名称", "enterprise__name"),
            Column("uscc", "统一社会信用代码", "enterprise__uscc"),
            Column("region", "注册地", "enterprise__region__name"),
            Column("kind", "认定类型", "kind", dictionary="choices:kind"),
            Column("number", "证书编号", "number"),
            Column("holder", "证书企业名称", "holder_name"),
            Column("issued_on", "认定日期", "issued_on", kind="date"),
            Column("valid_until", "有效期至", "valid_until", kind="date"),
            Column("final_year", "有效期最后一年", "final_year", dictionary="choices:yes_no"),
            Column("update", "本年度信息更新", "update_state", dictionary="choices:update"),
            Column("pending_changes", "待审核重大变更（条）", "pending_changes", kind="int"),
            Column("reviewing", "复核审核中", "reviewing", dictionary="choices:yes_no"),
        ],
        default_fields=[
            *("name", "uscc", "region", "kind", "number", "issued_on", "valid_until"),
            *("update", "pending_changes", "reviewing"),
        ],
        queryset=_rows,
        describe=_describe,
        choices={"kind": dict(settings.RECOGNITION_KINDS), "update": selectors.UPDATE_STATES, "yes_no": YES_NO},
        param_names=list(selectors.LIST_PARAMS),
    )


DATASETS = [dataset()]
