"""Issue 16 item 5 in a real browser: 认定企业管理's 导出 Excel opens the field-picking dialog with
the page's filters, and the downloaded file holds the rows the filtered list shows."""

from datetime import date

import pytest
from playwright.sync_api import expect

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in
from keqi.enterprises.services import grant_qualification
from keqi.exports.tests.helpers import read_xlsx, read_xlsx_sheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recognised_list_exports_what_it_shows(page, make_enterprise, make_user, tmp_path):
    for name, kind in (("重庆认定甲企业", "specialized_sme"), ("重庆认定乙企业", "innovative_sme")):
        enterprise = make_enterprise("500240", name=name)
        grant_qualification(actor=None, enterprise=enterprise, kind=kind, issued_on=date.today().replace(day=1))
    officer = make_user(Role.DISTRICT, region_code="500240")
    log_in(page, officer.username)
    page.goto("/recognitions/manage/?kind=innovative_sme")
    expect(page.locator("#recognised-total")).to_have_text("1")
    page.get_by_role("button", name="导出 Excel").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="反选").click()  # the defaults off ...
    dialog.get_by_role("button", name="全选").click()  # ... and every column on
    with page.expect_download() as download:
        dialog.get_by_role("button", name="提交", exact=True).click()
    path = tmp_path / "recognised.xlsx"
    download.value.save_as(path)
    sheet = read_xlsx_sheet(path.read_bytes())
    assert sheet[0][0] == "认定企业管理" and sheet[1][0] == "查询条件：认定类型：创新型中小企业"
    _header, *rows = read_xlsx(path.read_bytes())
    assert len(rows) == 1 and rows[0][:1] == ["重庆认定乙企业"] and "创新型中小企业" in rows[0]
