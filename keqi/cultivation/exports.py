"""梯度培育申报审核 as a field-picked export (issue 15 item 6, P10): the officer's tier declarations
with the same filters and scope as the page (selectors.list_filters / tier_list), across the
three tiers, with each tier program's declared export figures."""

from django.db.models import Case, CharField, OuterRef, Q, Subquery, Value, When

from keqi.cultivation import selectors
from keqi.cultivation.tiers import TIERS
from keqi.declarations.models import Figure, Submission
from keqi.exports.datasets import Column, Dataset, ParamsError

DATASET = "tier_declarations"
# The tier programs' export figures (their data's export_columns), one column each.
FIGURES = {
    "operating_revenue_y2": ("上一年度营业收入（万元）", "money"),
    "rd_expense_y2": ("上一年度研发费用（万元）", "money"),
    "niche_years": ("细分市场年限（年）", "money"),
}


def _level_label():
    """当前层级 as SQL: each tier program's own level labels (the levels are program data)."""
    whens = [
        When(Q(program_id=program.pk, level=index), then=Value(level.get("label", "")))
        for program in selectors.tier_programs()
        for index, level in enumerate(program.levels or [])
    ]
    return Case(*whens, default=Value(""), output_field=CharField()) if whens else Value("")


def _rows(user, params: dict, field_keys: list[str]):
    cleaned, errors = selectors.list_filters(params)
    if errors:
        raise ParamsError({name: [{"message": f"{message}，请重新选择"}] for name, message in errors.items()})
    rows = selectors.tier_list(user, cleaned).annotate(level_label=_level_label())
    for key in FIGURES:
        if key in field_keys:
            figure = Figure.objects.filter(submission=OuterRef("pk"), key=key).values("number")[:1]
            rows = rows.annotate(**{f"figure_{key}": Subquery(figure)})
    return rows


def _describe(user, params: dict) -> list[str]:
    cleaned, _ = selectors.list_filters(params)
    parts = []
    if cleaned["tier"]:
        parts.append(f"申报级别：{TIERS[cleaned['tier']]['label']}")
    if cleaned["status"]:
        parts.append(f"状态：{selectors.LIST_STATUSES[cleaned['status']]}")
    if cleaned["q"]:
        parts.append(f"企业名称/信用代码/区县：{cleaned['q']}")
    return parts


DATASETS = [
    Dataset(
        key=DATASET,
        title="梯度培育申报审核",
        columns=[
            Column("program", "申报活动", "program__name"),
            Column("tier", "申报级别", "program__series", dictionary="choices:tier"),
            Column("enterprise", "企业名称", "enterprise__name"),
            Column("uscc", "统一社会信用代码", "enterprise__uscc"),
            Column("region", "所属区县", "enterprise__region__name"),
            Column("level", "当前层级", "level_label"),
            Column("status", "状态", "status", dictionary="choices:status"),
            Column("submitted_on", "提交时间", "submitted_at", kind="datetime"),
            *[Column(key, label, f"figure_{key}", kind=kind) for key, (label, kind) in FIGURES.items()],
            Column("opinion", "最近审核意见", "last_opinion"),
        ],
        default_fields=["program", "enterprise", "uscc", "region", "level", "status", "submitted_on"],
        queryset=_rows,
        describe=_describe,
        choices={
            "tier": {series: tier["label"] for series, tier in TIERS.items()},
            "status": dict(Submission.Status.choices),
        },
        param_names=["tier", "status", "q"],
    )
]
