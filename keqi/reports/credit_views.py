"""知识价值信用评级列表 (seed 002 §4.1) and its parameters page (administrators)."""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from keqi.core.http import role_required
from keqi.core.paging import paginate
from keqi.policy.schemes.credit_rating import BONUS_LABELS, GRADES, IP_ITEMS, WEIGHT_LABELS
from keqi.reports import credit, xlsx
from keqi.reports.models import CreditParameters
from keqi.reports.statistics import years

ROLES = ("DIS", "CITY")
HUNDRED = Decimal(100)


@role_required(*ROLES)
def credit_list(request):
    filters = credit.parse(request.user, request.GET)
    for problem in filters.problems:
        messages.warning(request, problem)
    credit.refresh(credit.user_base_path(request.user), filters.year)
    rows = credit.ratings(request.user, filters)
    title = f"知识价值信用评级列表（{filters.year or '—'}年）"
    if request.GET.get("export") == "xlsx":
        return xlsx.response(title, credit.HEADERS, credit.table_rows(rows))
    page = paginate(request, rows)
    offset = (page.number - 1) * page.paginator.per_page
    cells = credit.table_rows(page)
    for row in cells:
        row[0] += offset
    params = filters.params()
    context = {
        "title": "知识价值信用评级列表",
        "caption": title,
        "rows": list(zip(cells, page, strict=True)),
        "page": page,
        "filters": filters,
        "years": years(),
        "grades": credit.GRADE_CHOICES,
        "districts": credit.districts(request.user),
        "query": urlencode(params),
        "export_query": urlencode({**params, "export": "xlsx"}),
        "parameters": credit.current(),
        "headers": credit.HEADERS,
    }
    return render(request, "reports/credit_list.html", context)


# ---------------------------------------------------------------- parameters page


def _percent(value) -> str:
    try:
        return format((Decimal(str(value)) * HUNDRED).normalize(), "f")
    except InvalidOperation:
        return str(value)


def _rows(parameters: dict) -> list[dict]:
    """The parameters as labelled inputs (ratios shown in per cent)."""
    rows = [
        {
            "name": f"weights.{k}",
            "label": f"{label}权重（%）",
            "value": parameters["weights"][k],
            "group": "基础指标权重",
        }
        for k, label in WEIGHT_LABELS.items()
    ]
    rows += [
        {
            "name": f"ip_points.{key}",
            "label": f"{label}每件得分",
            "value": parameters["ip_points"][key],
            "group": "知识产权计分",
        }
        for _n, key, label in IP_ITEMS
    ]
    rows.append(
        {"name": "ip_cap", "label": "知识产权指标上限（分）", "value": parameters["ip_cap"], "group": "知识产权计分"}
    )
    for index in range(5):
        tier = parameters["rd_tiers"][index] if index < len(parameters["rd_tiers"]) else ["", ""]
        rows.append(
            {
                "name": f"rd_tiers.{index}.bound",
                "label": f"研发投入第{index + 1}档：研发经费占营业收入不低于（%）",
                "value": _percent(tier[0]) if tier[0] != "" else "",
                "group": "研发投入分档",
            }
        )
        rows.append(
            {
                "name": f"rd_tiers.{index}.points",
                "label": f"研发投入第{index + 1}档得分",
                "value": tier[1],
                "group": "研发投入分档",
            }
        )
    rows.append(
        {
            "name": "talent_share",
            "label": "科技人才：科技人员占比不低于（%）",
            "value": _percent(parameters["talent_share"]),
            "group": "加分指标",
        }
    )
    rows += [
        {"name": f"bonus.{k}", "label": f"{label}加分", "value": parameters["bonus"][k], "group": "加分指标"}
        for k, label in BONUS_LABELS.items()
    ]
    rows += [
        {
            "name": f"cutoffs.{g}",
            "label": f"{g}级分数线（不低于，分）",
            "value": parameters["cutoffs"][g],
            "group": "等级分数线",
        }
        for g in GRADES[:-1]
    ]
    for row in rows:
        row["id"] = "p-" + row["name"].replace(".", "-")
    return rows


def _from_post(data) -> tuple[dict, list[str]]:
    """The posted form as the scheme's parameters (per cent back to ratios)."""
    problems: list[str] = []

    def get(name: str) -> str:
        return str(data.get(name, "")).strip()[:20]

    def ratio(name: str, label: str) -> str:
        text = get(name)
        try:
            return format((Decimal(text) / HUNDRED).normalize(), "f")
        except InvalidOperation:
            problems.append(f"{label}应为数值")
            return "0"

    parameters = {
        "weights": {k: get(f"weights.{k}") for k in WEIGHT_LABELS},
        "ip_points": {key: get(f"ip_points.{key}") for _n, key, _l in IP_ITEMS},
        "ip_cap": get("ip_cap"),
        "rd_tiers": [],
        "talent_share": ratio("talent_share", "科技人员占比"),
        "bonus": {k: get(f"bonus.{k}") for k in BONUS_LABELS},
        "cutoffs": {g: get(f"cutoffs.{g}") for g in GRADES[:-1]},
    }
    for index in range(5):
        if get(f"rd_tiers.{index}.bound") or get(f"rd_tiers.{index}.points"):
            parameters["rd_tiers"].append(
                [ratio(f"rd_tiers.{index}.bound", f"研发投入第{index + 1}档比例"), get(f"rd_tiers.{index}.points")]
            )
    return parameters, problems


FIELD_NAMES = {
    "weights": "基础指标权重",
    "ip_points": "知识产权计分",
    "ip_cap": "知识产权指标上限",
    "rd_tiers": "研发投入分档",
    "talent_share": "科技人员占比",
    "bonus": "加分",
    "cutoffs": "等级分数线",
}


def _explain(error: ValidationError) -> list[str]:
    found = []
    for name, texts in error.message_dict.items():
        head = name.split(".")[0].split("[")[0]
        where = FIELD_NAMES.get(head, "")
        found += [f"{where}：{text}" if where else text for text in texts]
    return found


@role_required()  # administrators only (role_required lets platform admins through)
def credit_parameters(request):
    version = credit.current()
    parameters = version.parameters
    problems: list[str] = []
    if request.method == "POST":
        posted, problems = _from_post(request.POST)
        if not problems:
            try:
                saved = credit.save_parameters(actor=request.user, parameters=posted, note=request.POST.get("note", ""))
            except ValidationError as error:
                problems = _explain(error)
            else:
                messages.success(request, f"已保存评级参数第{saved.number}版，列表打开时按新参数重新评级")
                return redirect("reports:credit_parameters")
        parameters = {**parameters, **{k: v for k, v in posted.items() if k != "rd_tiers" or v}}
    context = {
        "title": "知识价值信用评级参数",
        "version": version,
        "rows": _rows(parameters),
        "problems": problems,
        "history": CreditParameters.objects.all()[:10],
    }
    return render(request, "reports/credit_parameters.html", context, status=400 if problems else 200)
