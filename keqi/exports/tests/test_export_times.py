"""Issue 10 item 6 (P10): exports keep times — a moment is a real Excel date-time in
Asia/Shanghai shown yyyy-mm-dd hh:mm, never a date alone nor a UTC string; both writers agree."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
import time_machine

from keqi.accounts.models import Role
from keqi.enterprises.models import InfoChangeRequest
from keqi.exports import writers
from keqi.exports.tests.helpers import read_xlsx

pytestmark = pytest.mark.django_db


def cells(path) -> list:
    sheet = openpyxl.load_workbook(path).active
    return [(cell.value, cell.number_format) for cell in sheet[2]]


@pytest.mark.parametrize("writer", ["rust", "xlsxwriter"])
def test_datetime_cells_are_local_excel_datetimes_with_minutes(tmp_path, writer):
    moment = datetime(2026, 3, 31, 17, 5, 42, tzinfo=UTC)  # 2026-04-01 01:05 in Chongqing
    path = tmp_path / f"{writer}.xlsx"
    writers.write_xlsx(
        path,
        columns=[("提交时间", "datetime"), ("成立日期", "date"), ("金额", "money")],
        rows=[(writers.excel_time(moment), date(2015, 3, 1), Decimal("12.5"))],
        writer=writer,
    )
    (when, when_format), (day, day_format), (_amount, _money_format) = cells(path)
    assert when == datetime(2026, 4, 1, 1, 5, 42) and when_format == "yyyy-mm-dd hh:mm"
    assert day == datetime(2015, 3, 1) and day_format == "yyyy-mm-dd"


def test_an_aware_value_is_turned_into_local_time_by_the_writer_too(tmp_path):
    path = tmp_path / "plain.xlsx"
    moment = datetime(2026, 1, 1, 0, 30, tzinfo=UTC)
    writers.write_xlsx(path, columns=[("时间", "datetime")], rows=[(moment,)], writer="xlsxwriter")
    assert cells(path)[0] == (datetime(2026, 1, 1, 8, 30), "yyyy-mm-dd hh:mm")


def test_the_change_queue_export_keeps_the_submission_time(client, make_enterprise, make_user):
    enterprise = make_enterprise("110114", name="北京时间科技有限公司")
    owner = make_user(Role.ENTERPRISE, enterprise=enterprise)
    with time_machine.travel(datetime(2026, 5, 20, 23, 40, tzinfo=UTC), tick=False):
        InfoChangeRequest.objects.create(
            enterprise=enterprise, submitted_by=owner, changes={"address": ["旧", "新"]}, base_version=1
        )
    client.force_login(make_user(Role.DISTRICT, region_code="110114"))
    response = client.post("/exports/new/change_requests/?", {"default": "1", "status": ""})
    data = b"".join(response.streaming_content) if hasattr(response, "streaming_content") else response.content
    rows = read_xlsx(data)
    header = rows[0]
    when = rows[1][header.index("提交时间")]
    assert when == datetime(2026, 5, 21, 7, 40)  # Beijing time, to the minute, a real date-time
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    formats = {cell.number_format for row in sheet.iter_rows() for cell in row if isinstance(cell.value, datetime)}
    assert formats == {"yyyy-mm-dd hh:mm"}
