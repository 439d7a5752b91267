"""申报事项 and 科企信息统计表 pages added in issue 12 items 3–5: 科技创新券申领统计表,
科技创新券情况统计表, 培育进度统计表 and 全市概况图. 导出 Excel writes the table shown."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import render

from keqi.core.http import role_required
from keqi.core.paging import paginate
from keqi.reports import charts, progress, statistics, vouchers, xlsx

ROLES = ("DIS", "CITY")


@role_required(*ROLES)
def voucher_counts(request):
    """科技创新券申领统计表 (seed 002 §4.2): tabs by 创新券类型, 企业规模, 产业类型, 高新技术领域."""
    tab = request.GET.get("tab", "voucher_type")
    if tab not in vouchers.TABS:
        messages.warning(request, "统计标签不存在，已显示默认标签")
        tab = "voucher_type"
    year, problem = vouchers.parse_year(request.GET.get("year"))
    if problem:
        messages.warning(request, problem)
    table = vouchers.count_table(request.user, year, tab)
    if request.GET.get("export") == "xlsx":
        return xlsx.response(table.title, table.headers, table.all_rows())
    context = {
        "heading": "科技创新券申领统计表",
        "group": "申报事项",
        "table": table,
        "tabs": [(key, label, urlencode({"tab": key, "year": year or ""})) for key, label in vouchers.TABS.items()],
        "tab": tab,
        "year": year,
        "years": vouchers.years(),
        "export_query": urlencode({"tab": tab, "year": year or "", "export": "xlsx"}),
        "text_columns": 2,
        "help": "口径：申领数为已提交的申领（审核中、退回补正、审核通过、不予通过）；审核通过数、申领金额为区县审核通过的申领；兑现数、兑现金额为已登记兑现的申领。金额单位万元。",
    }
    return render(request, "reports/table_page.html", context)


@role_required(*ROLES)
def voucher_list(request):
    """科技创新券情况统计表 (seed 002 §4.3): 年份 and keyword (企业名称 or 统一社会信用代码)."""
    year, problem = vouchers.parse_year(request.GET.get("year"))
    keyword, too_long = vouchers.clean_keyword(request.GET.get("q"))
    for message in (problem, too_long):
        if message:
            messages.warning(request, message)
    rows = vouchers.listing(request.user, year, keyword)
    title = f"科技创新券情况统计表（{year or '—'}年）"
    if request.GET.get("export") == "xlsx":
        return xlsx.response(title, vouchers.LIST_HEADERS, vouchers.list_rows(rows))
    page = paginate(request, rows)
    params = {k: v for k, v in (("year", str(year or "")), ("q", keyword)) if v}
    context = {
        "title": "科技创新券情况统计表",
        "caption": title,
        "headers": vouchers.LIST_HEADERS,
        "rows": vouchers.list_rows(page, start=page.start_index() or 1),
        "page": page,
        "year": year,
        "years": vouchers.years(),
        "q": keyword,
        "query": urlencode(params),
        "export_query": urlencode({**params, "export": "xlsx"}),
    }
    return render(request, "reports/voucher_list.html", context)


@role_required(*ROLES)
def progress_statistics(request):
    """培育进度统计表 (seed 002 §5.1) by 月份."""
    month, problem = progress.parse_month(request.GET.get("month"))
    if problem:
        messages.warning(request, problem)
    table = progress.progress_table(request.user, month)
    if request.GET.get("export") == "xlsx":
        return xlsx.response(table.title, table.headers, table.all_rows())
    value = f"{month.year:04d}-{month.month:02d}"
    context = {
        "heading": "培育进度统计表",
        "group": "科企信息统计表",
        "table": table,
        "month": value,
        "max_month": progress.this_month().strftime("%Y-%m"),
        "export_query": urlencode({"month": value, "export": "xlsx"}),
        "text_columns": 3,
        "help": "口径：截至所选月份月末的累计数与当月新增数；入库科企数为企业基本信息首次审核通过的企业；年报为所选月份上一年度的科技信息年报；年报填报率 = 年报提交数 ÷ 入库科企数。",
    }
    return render(request, "reports/table_page.html", context)


@role_required(*ROLES)
def overview(request):
    """全市概况图 (seed 002 §5.4): two ECharts bar charts, each with a table of the same numbers."""
    year, problem = statistics.parse_year(request.GET.get("year"))
    if problem:
        messages.warning(request, problem)
    context = {
        "title": "全市概况图",
        "year": year,
        "years": statistics.years(),
        "charts": [
            {"key": "districts", **charts.with_rows(charts.district_chart(request.user, year))},
            {"key": "zones", **charts.with_rows(charts.zone_chart(request.user, year))},
        ],
        "data_query": urlencode({"year": year or ""}),
    }
    return render(request, "reports/overview.html", context)


@role_required(*ROLES)
def overview_data(request):
    """The charts' numbers as JSON (the page's script reads them; no inline script under CSP)."""
    year, _problem = statistics.parse_year(request.GET.get("year"))
    return JsonResponse(
        {"districts": charts.district_chart(request.user, year), "zones": charts.zone_chart(request.user, year)}
    )
