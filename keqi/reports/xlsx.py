"""One Excel writer for every statistics page: the workbook holds exactly the table shown
(title, headers, rows, 合计)."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(title: str, headers: list[str], rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("统计表")
    sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def response(title: str, headers: list[str], rows: list[list]) -> HttpResponse:
    reply = HttpResponse(workbook(title, headers, rows), content_type=XLSX)
    reply["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title + '.xlsx')}"
    return reply
