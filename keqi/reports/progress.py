"""培育进度统计表 by 月份 (seed 002 §5.1, S2.7). The seed names only the table and its 月份 filter;
our reading (an assumption, docs/annual-report.md): how far each district's cultivation of tech
enterprises has got by the end of the chosen month —

- 注册企业数 (cumulative) and 本月新增注册: enterprises registered on the platform;
- 入库科企数 (cumulative) and 本月新增入库: enterprises whose basic information first passed
  review (入库) by then, and in that month;
- 年报提交数 and 年报审核通过数: annual reports for the year before the month's year (the filing
  season of a year is for the year just ended) submitted, and passed by both levels, by then;
- 年报填报率: 年报提交数 / 入库科企数.
A district officer sees their district; a city officer every district, zones beside districts."""

import calendar
from datetime import date, datetime, time

from django.db.models import Count, F, Min
from django.utils import timezone

from keqi.declarations.models import Submission
from keqi.enterprises.models import Enterprise, InfoChangeRequest
from keqi.reports.statistics import ANNUAL_SERIES, NO_ZONE, Table, base_region, districts, zones_of

HEADERS = [
    "序号",
    "区县",
    "两江新区/高新区、经开区",
    "注册企业数（家）",
    "本月新增注册（家）",
    "入库科企数（家）",
    "本月新增入库（家）",
    "年报提交数（家）",
    "年报审核通过数（家）",
    "年报填报率",
]


def this_month() -> date:
    today = timezone.localdate()
    return today.replace(day=1)


def parse_month(value) -> tuple[date, str]:
    """(first day of the month, problem): `YYYY-MM`, not in the future; else this month and why."""
    current = this_month()
    text = str(value or "").strip()
    if not text:
        return current, ""
    try:
        year, month = (int(part) for part in text.split("-"))
        chosen = date(year, month, 1)
    except (ValueError, TypeError):
        return current, f"月份“{text[:20]}”不是“年-月”格式（例如 2026-03），已显示本月"
    if chosen > current:
        return current, f"{chosen.year}年{chosen.month}月尚未到来，已显示本月"
    if chosen.year < 2000:
        return current, "月份不能早于2000年，已显示本月"
    return chosen, ""


def _bounds(month: date) -> tuple[datetime, datetime]:
    last = calendar.monthrange(month.year, month.month)[1]
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(month, time.min), zone)
    end = timezone.make_aware(datetime.combine(month.replace(day=last), time.max), zone)
    return start, end


def _count(rows) -> dict[int, int]:
    return {row["district"]: row["n"] for row in rows}


def progress_table(user, month: date) -> Table:
    """培育进度统计表 at the end of `month`."""
    title = f"培育进度统计表（{month.year}年{month.month}月）"
    base = base_region(user)
    if base is None:
        return Table(title, HEADERS, notes=["没有可统计的区域"])
    start, end = _bounds(month)
    enterprises = Enterprise.objects.filter(region_path__startswith=base.path)
    registered = _count(enterprises.filter(created_at__lte=end).values(district=F("region_id")).annotate(n=Count("id")))
    new_registered = _count(
        enterprises.filter(created_at__gte=start, created_at__lte=end)
        .values(district=F("region_id"))
        .annotate(n=Count("id"))
    )
    first_stored = (
        InfoChangeRequest.objects.filter(
            enterprise__region_path__startswith=base.path, status="approved", decided_at__isnull=False
        )
        .values("enterprise_id", district=F("enterprise__region_id"))
        .annotate(first=Min("decided_at"))
    )
    stored: dict[int, int] = {}
    new_stored: dict[int, int] = {}
    for row in first_stored:
        if row["first"] <= end:
            stored[row["district"]] = stored.get(row["district"], 0) + 1
            if row["first"] >= start:
                new_stored[row["district"]] = new_stored.get(row["district"], 0) + 1
    reports = Submission.objects.filter(
        program__series=ANNUAL_SERIES, program__year=month.year - 1, region_path__startswith=base.path
    )
    submitted = _count(
        reports.filter(submitted_at__lte=end).values(district=F("enterprise__region_id")).annotate(n=Count("id"))
    )
    passed = _count(
        reports.filter(status=Submission.Status.APPROVED, status_changed_at__lte=end)
        .values(district=F("enterprise__region_id"))
        .annotate(n=Count("id"))
    )
    zones = zones_of()
    table = Table(title, HEADERS)
    for index, region in enumerate(districts(user), start=1):
        cells = [
            registered.get(region.pk, 0),
            new_registered.get(region.pk, 0),
            stored.get(region.pk, 0),
            new_stored.get(region.pk, 0),
            submitted.get(region.pk, 0),
            passed.get(region.pk, 0),
        ]
        table.rows.append([index, region.name, zones.get(region.pk, NO_ZONE), *cells, rate(cells[4], cells[2])])
    sums = [sum(row[i] for row in table.rows) for i in range(3, 9)]
    table.total = ["", "合计", NO_ZONE, *sums, rate(sums[4], sums[2])]
    return table


def rate(part: int, whole: int) -> str:
    """A share in per cent with one decimal (rounded half up); "--" when nothing to divide by."""
    if not whole:
        return "--"
    tenths = (part * 1000 * 2 + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}%"
