"""S2.9 in a real browser: a district officer searches the custom query by name and 年份, opens
the 导出 Excel dialog, picks and orders fields, and the downloaded XLSX equals the list."""

from datetime import date
from decimal import Decimal

import pytest

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in
from keqi.declarations.tests.tech_sme import declaration
from keqi.enterprises.models import Contact
from keqi.exports.tests.helpers import read_xlsx
from keqi.reference.models import Industry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_s2_9_custom_query_search_year_and_picked_export(page, make_enterprise, make_user, tmp_path):
    software = Industry.objects.get(code="6513")
    machinery = Industry.objects.get(code="3411")
    for name, industry, revenue, year in (
        ("北京云杉软件有限公司", software, Decimal("321.4567"), 2025),
        ("北京云杉机械有限公司", machinery, Decimal("88"), 2025),
        ("北京云杉旧账有限公司", software, Decimal("5"), 2024),
    ):
        enterprise = make_enterprise("110114", name=name, industry=industry, established_date=date(2018, 7, 2))
        Contact.objects.create(enterprise=enterprise, name="李四", mobile="13900001111", is_primary=True)
        declaration(enterprise, year, "approved", main_revenue=revenue)
    make_enterprise("500240", name="重庆云杉软件有限公司", industry=software)
    officer = make_user(Role.DISTRICT, region_code="110114")

    log_in(page, officer.username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="自定义查询").click()
    page.get_by_label("搜索", exact=True).fill("云杉")
    page.get_by_label("年份", exact=True).fill("2025")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/reports/custom-query/?*")
    assert page.locator("#total").inner_text() == "2"
    cells = [row.locator("td").all_inner_texts() for row in page.locator("#results tbody tr").all()]
    assert [(c[2], c[3], c[7], c[8]) for c in cells] == [
        ("北京云杉软件有限公司", "第三产业", "139****1111", "3214.567"),
        ("北京云杉机械有限公司", "第二产业", "139****1111", "880"),
    ]

    page.get_by_role("button", name="导出 Excel").click()
    dialog = page.get_by_role("dialog")
    for header in ("区县", "统一社会信用代码", "注册年月", "科研联系人"):
        dialog.get_by_label(header, exact=True).uncheck()
    dialog.get_by_label("数据年份", exact=True).check()
    dialog.get_by_label("主营业务收入（千元）顺序").fill("0")  # revenue first
    with page.expect_download() as download_info:
        dialog.get_by_role("button", name="提交").click()
    path = tmp_path / "custom.xlsx"
    download_info.value.save_as(path)
    rows = read_xlsx(path.read_bytes())
    assert rows[0] == ["主营业务收入（千元）", "企业名称", "产业类别", "科研联系人手机", "数据年份"]
    assert [(Decimal(str(r[0])), r[1], r[2], r[3], r[4]) for r in rows[1:]] == [
        (Decimal("3214.567"), "北京云杉软件有限公司", "第三产业", "139****1111", 2025),
        (Decimal("880"), "北京云杉机械有限公司", "第二产业", "139****1111", 2025),
    ]
