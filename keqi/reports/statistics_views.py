"""区县入库企业情况统计表 and 区县科技型企业年报统计表 pages (S2.7): 年份 and tabs; 导出 Excel
writes exactly the table shown (same title, headers, rows and 合计)."""

import io
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from openpyxl import Workbook

from keqi.core import replica
from keqi.core.http import role_required
from keqi.reports import statistics

ROLES = ("DIS", "CITY")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(table: statistics.Table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "统计表"
    sheet.append([table.title])
    sheet.append(table.headers)
    for row in table.all_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _page(request, *, table_for, tabs: dict, default_tab: str, heading: str, url_name: str):
    tab = request.GET.get("tab", default_tab)
    if tab not in tabs:
        messages.warning(request, "统计标签不存在，已显示默认标签")
        tab = default_tab
    year, problem = statistics.parse_year(request.GET.get("year", ""))
    if problem:
        messages.warning(request, problem)
    table = table_for(request.user, year, tab)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(workbook(table), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(table.title + '.xlsx')}"
        return response
    context = {
        "heading": heading,
        "table": table,
        "tabs": [(key, label, urlencode({"tab": key, "year": year or ""})) for key, label in tabs.items()],
        "tab": tab,
        "year": year,
        "years": statistics.years(),
        "export_query": urlencode({"tab": tab, "year": year or "", "export": "xlsx"}),
        "url_name": url_name,
    }
    return render(request, "reports/statistics.html", context)


@role_required(*ROLES)
@replica.reporting
def enterprise_statistics(request):
    """区县入库企业情况统计表 (seed 002 §5.2)."""
    return _page(
        request,
        table_for=statistics.enterprise_table,
        tabs=statistics.ENTERPRISE_TABS,
        default_tab="reports",
        heading="区县入库企业情况统计表",
        url_name="reports:enterprise_statistics",
    )


@role_required(*ROLES)
@replica.reporting
def annual_statistics(request):
    """区县科技型企业年报统计表 (seed 002 §5.3)."""
    return _page(
        request,
        table_for=statistics.annual_table,
        tabs={key: value[0] for key, value in statistics.ANNUAL_TABS.items()},
        default_tab="operations",
        heading="区县科技型企业年报统计表",
        url_name="reports:annual_statistics",
    )
