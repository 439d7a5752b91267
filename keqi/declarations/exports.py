"""Each program's declarations list as a field-picked export (S0.15, P10): dataset
"program:<key>", with the program's declared export columns read from promoted figures."""

from django.db.models import OuterRef, Subquery

from keqi.declarations import selectors
from keqi.declarations.forms import form_of
from keqi.declarations.models import Figure, Program, Submission
from keqi.exports.datasets import Column, Dataset, ParamsError


def _choices(program: Program) -> dict[str, dict]:
    """Choice fields' labels by key, so a figure holding a code exports its label."""
    form = form_of(program.form)
    return {spec.key: dict(spec.choice_list()) for spec in form.all_fields() if spec.type in ("choice", "yesno")}


def dataset_for(program_key: str) -> Dataset | None:
    program = Program.objects.filter(key=program_key).select_related("form").first()
    if program is None:
        return None
    choices = _choices(program)
    figure_columns = []
    for column in program.export_columns:
        key = column["key"]
        spec = next((f for f in form_of(program.form).all_fields() if f.key == key), None)
        numeric = spec is not None and spec.type in ("money", "integer", "decimal", "percent")
        figure_columns.append(
            Column(
                key,
                column["label"] + ("（万元）" if spec is not None and spec.type == "money" else ""),
                f"figure_{key}",
                kind="money"
                if spec is not None and spec.type == "money"
                else ("int" if numeric and spec.type == "integer" else "text"),
                dictionary=f"choices:{key}" if key in choices else None,
            )
        )

    # A program with an amount rule (e.g. 石柱县科技创新奖补) exports the ceiling and the approved amount.
    amount_columns = (
        [
            Column("calculated_amount", "测算金额（万元）", "calculated_amount", kind="money"),
            Column("approved_amount", "核定金额（万元）", "approved_amount", kind="money"),
        ]
        if (program.amount or {}).get("scheme")
        else []
    )

    def rows(user, params: dict, field_keys: list[str]):
        status = str(params.get("status", ""))
        if status and status not in Submission.Status.values:
            raise ParamsError({"status": [{"message": "状态不存在，请重新选择"}]})
        keyword = str(params.get("q", "")).replace("\x00", "").strip()
        if len(keyword) > 100:
            raise ParamsError({"q": [{"message": "搜索内容不能超过100个字符"}]})
        queryset = selectors.review_queue(user, program=program, q=keyword, status=status)
        for column in program.export_columns:
            if column["key"] in field_keys:
                figures = Figure.objects.filter(submission=OuterRef("pk"), key=column["key"])
                numeric = next(c for c in figure_columns if c.key == column["key"]).kind != "text"
                queryset = queryset.annotate(
                    **{f"figure_{column['key']}": Subquery(figures.values("number" if numeric else "text")[:1])}
                )
        return queryset

    def describe(user, params: dict) -> list[str]:
        parts = [f"申报活动：{program.name}"]
        if params.get("status"):
            parts.append("状态：" + dict(Submission.Status.choices).get(params["status"], params["status"]))
        if params.get("q"):
            parts.append(f"企业名称/统一社会信用代码：{params['q']}")
        return parts

    return Dataset(
        key=f"program:{program.key}",
        title=f"{program.name}申报情况",
        columns=[
            Column("enterprise", "企业名称", "enterprise__name"),
            Column("uscc", "统一社会信用代码", "enterprise__uscc"),
            Column("region", "所属区县", "enterprise__region__name"),
            Column("status", "状态", "status", dictionary="choices:status"),
            Column("submitted_on", "提交时间", "submitted_at", kind="datetime"),
            *figure_columns,
            *amount_columns,
            Column("opinion", "最近审核意见", "last_opinion"),
        ],
        default_fields=[
            "enterprise",
            "uscc",
            "region",
            "status",
            "submitted_on",
            *[c.key for c in figure_columns],
            *[c.key for c in amount_columns],
        ],
        queryset=rows,
        describe=describe,
        choices={"status": dict(Submission.Status.choices), **choices},
        param_names=["q", "status"],
    )


PROVIDERS = {"program": dataset_for}
