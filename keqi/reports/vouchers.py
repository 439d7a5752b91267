"""科技创新券申领统计表 and 科技创新券情况统计表 (seed 002 §4.2–§4.3, S2.6), read from the voucher
program's declarations (series `chongqing-innovation-voucher`) and their promoted figures.

Definitions (assumptions until the client confirms them, docs/credit-and-vouchers.md):
- 申领数: applications submitted (under review, returned, passed or not passed; not drafts or
  withdrawn ones); 审核通过数 and 申领金额 count the passed ones; 兑现数 and 兑现金额 the passed
  ones whose 兑现登记 is recorded.
- 年份: the voucher program's year. A district officer counts their district, a city officer
  every district of the city."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, QuerySet

from keqi.core.scope import NOTHING, subtree_q
from keqi.declarations.forms import form_of
from keqi.declarations.models import Figure, Program, Submission
from keqi.reports.statistics import Table

SERIES = "chongqing-innovation-voucher"
COUNTED = ("review", "returned", "approved", "rejected")
TABS = {"voucher_type": "创新券类型", "scale": "企业规模类型", "sector": "产业类型", "high_tech_field": "高新技术领域"}
FIGURES = ("voucher_type", "scale", "sector", "high_tech_field", "amount", "provider", "redeemed_amount", "redeemed_on")
MAX_SEARCH = 100


def years() -> list[int]:
    return sorted(set(Program.objects.filter(series=SERIES).values_list("year", flat=True)), reverse=True)


def parse_year(value) -> tuple[int | None, str]:
    known = years()
    default = known[0] if known else None
    text = str(value or "").strip()
    if not text:
        return default, ""
    if not (text.isdigit() and len(text) == 4):
        return default, f"年份“{text[:20]}”不是四位数字年份，已显示默认年份"
    if int(text) not in known:
        return default, f"{text}年没有科技创新券申领，已显示默认年份"
    return int(text), ""


def scope_q(user) -> Q:
    if user.is_platform_admin:
        return Q()
    if user.is_officer and user.region_id is not None:
        return subtree_q(user.region.path)
    return NOTHING


def applications(user, year: int | None) -> QuerySet[Submission]:
    """The year's counted applications in the officer's scope (the one scoped read)."""
    return Submission.objects.filter(scope_q(user), program__series=SERIES, program__year=year, status__in=COUNTED)


def _figures(submission_ids) -> dict[int, dict[str, Figure]]:
    found: dict[int, dict[str, Figure]] = defaultdict(dict)
    for figure in Figure.objects.filter(submission_id__in=submission_ids, key__in=FIGURES):
        found[figure.submission_id][figure.key] = figure
    return found


def _choices(year: int | None, key: str) -> list[tuple[str, str]]:
    program = Program.objects.filter(series=SERIES, year=year).select_related("form").first()
    if program is None:
        return []
    spec = next((f for f in form_of(program.form).all_fields() if f.key == key), None)
    return list(spec.choice_list()) if spec else []


def _money(value: Decimal) -> Decimal:
    return Decimal(format(value.normalize(), "f")) if value else Decimal(0)


COUNT_HEADERS = ["申领数（件）", "审核通过数（件）", "申领金额（万元）", "兑现数（件）", "兑现金额（万元）"]


def count_table(user, year: int | None, tab: str = "voucher_type") -> Table:
    """科技创新券申领统计表, one tab: a row per category, then 合计."""
    label = TABS.get(tab, TABS["voucher_type"])
    title = f"科技创新券申领统计表（{year or '—'}年，按{label}）"
    table = Table(title, ["序号", label, *COUNT_HEADERS])
    rows = list(applications(user, year).values_list("pk", "status"))
    figures = _figures([pk for pk, _status in rows])
    cells: dict[str, list] = defaultdict(lambda: [0, 0, Decimal(0), 0, Decimal(0)])
    for pk, status in rows:
        values = figures.get(pk, {})
        category = values[tab].text if tab in values else ""
        cell = cells[category]
        cell[0] += 1
        if status == "approved":
            cell[1] += 1
            cell[2] += values["amount"].number if "amount" in values and values["amount"].number else 0
            redeemed = values.get("redeemed_amount")
            if redeemed is not None and redeemed.number is not None:
                cell[3] += 1
                cell[4] += redeemed.number
    choices = _choices(year, tab)
    known = {value for value, _label in choices}
    listed = [*choices, *[(value, "未填写" if not value else value) for value in sorted(cells) if value not in known]]
    for index, (value, name) in enumerate(listed, start=1):
        count, passed, amount, redeemed, redeemed_amount = cells.get(value, [0, 0, Decimal(0), 0, Decimal(0)])
        table.rows.append([index, name, count, passed, _money(amount), redeemed, _money(redeemed_amount)])
    table.total = [
        "",
        "合计",
        *[sum(row[i] for row in table.rows) for i in (2, 3)],
        _money(sum((row[4] for row in table.rows), Decimal(0))),
        sum(row[5] for row in table.rows),
        _money(sum((row[6] for row in table.rows), Decimal(0))),
    ]
    return table


LIST_HEADERS = [
    "序号",
    "区县",
    "企业名称",
    "统一社会信用代码",
    "年份",
    "创新券类型",
    "申领金额（万元）",
    "服务机构",
    "审核状态",
    "兑现金额（万元）",
    "兑现日期",
]


def clean_keyword(value) -> tuple[str, str]:
    keyword = str(value or "").replace("\x00", "").strip()
    if len(keyword) > MAX_SEARCH:
        return keyword[:MAX_SEARCH], f"搜索内容不能超过{MAX_SEARCH}个字符，已按前{MAX_SEARCH}个字符查询"
    return keyword, ""


def listing(user, year: int | None, q: str = "") -> QuerySet[Submission]:
    """科技创新券情况统计表's rows: the year's applications, by district then enterprise."""
    queryset = applications(user, year)
    if q:
        queryset = queryset.filter(Q(enterprise__name__icontains=q) | Q(enterprise__uscc__icontains=q))
    return queryset.select_related("enterprise__region", "program").order_by("region_path", "enterprise__name", "id")


def list_rows(submissions, start: int = 1) -> list[list]:
    """The list's cells as shown and exported."""
    submissions = list(submissions)
    figures = _figures([s.pk for s in submissions])
    program = submissions[0].program if submissions else None
    type_labels = dict(_choices(program.year, "voucher_type")) if program else {}
    statuses = dict(Submission.Status.choices)
    rows = []
    for index, submission in enumerate(submissions, start=start):
        values = figures.get(submission.pk, {})

        def number(key, values=values):
            figure = values.get(key)
            return _money(figure.number) if figure is not None and figure.number is not None else ""

        def text(key, values=values):
            figure = values.get(key)
            return figure.text if figure is not None else ""

        rows.append(
            [
                index,
                submission.enterprise.region.name,
                submission.enterprise.name,
                submission.enterprise.uscc,
                submission.program.year,
                type_labels.get(text("voucher_type"), text("voucher_type")),
                number("amount"),
                text("provider"),
                statuses.get(submission.status, ""),
                number("redeemed_amount"),
                text("redeemed_on"),
            ]
        )
    return rows
