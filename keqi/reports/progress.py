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

from datetime import date

from django.utils import timezone

from keqi.reports import tallies
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


def progress_table(user, month: date) -> Table:
    """培育进度统计表 at the end of `month`."""
    title = f"培育进度统计表（{month.year}年{month.month}月）"
    base = base_region(user)
    if base is None:
        return Table(title, HEADERS, notes=["没有可统计的区域"])
    tally = tallies.progress(ANNUAL_SERIES)  # kept per process, ≤ about a minute behind (ADR 0026)
    until, year = tally.until, month.year - 1
    zones = zones_of()
    table = Table(title, HEADERS)
    for index, region in enumerate(districts(user), start=1):
        cells = [
            until(tally.registered, region.pk, month),
            tally.registered[(region.pk, month)],
            until(tally.first_stored, region.pk, month),
            tally.first_stored[(region.pk, month)],
            until(tally.submitted, region.pk, month, year),
            until(tally.passed, region.pk, month, year),
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
