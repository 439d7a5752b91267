"""S2.1 / S2.2 / S2.9 / P10 in a real browser: a Changping district officer finds an enterprise,
reviews its change request, then exports a filtered list with picked fields; the downloaded
XLSX is opened with openpyxl and its rows equal the filtered list on the page."""

from datetime import date

import pytest

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in
from keqi.enterprises.models import Enterprise, Qualification
from keqi.enterprises.services import save_profile
from keqi.exports.tests.helpers import read_xlsx
from keqi.reference.models import Industry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_s2_1_s2_2_s2_9_p10_officer_reviews_and_exports_picked_fields(page, make_enterprise, make_user, tmp_path):
    software = Industry.objects.get(code="6513")
    target = make_enterprise(
        "110114", name="北京星河软件有限公司", industry=software, established_date=date(2016, 5, 4)
    )
    Qualification.objects.create(enterprise=target, kind="tech_sme", number="2026110114A00009", year=2026)
    owner = make_user(Role.ENTERPRISE, enterprise=target)
    save_profile(
        actor=owner, enterprise=target, values={"address": "北京市昌平区星河路8号"}, expected_version=target.version
    )
    for serial, year in enumerate((2016, 2016, 2019)):
        make_enterprise(
            "110114", name=f"北京星河配套{serial}有限公司", industry=software, established_date=date(year, 1, 1)
        )
    make_enterprise("500240", name="重庆星河软件有限公司", industry=software, established_date=date(2016, 1, 1))
    officer = make_user(Role.DISTRICT, region_code="110114")

    log_in(page, officer.username)
    menu = page.get_by_role("navigation", name="主导航")
    menu.get_by_role("link", name="基本信息审核").click()
    page.get_by_label("企业名称/统一社会信用代码").fill("星河软件")
    page.get_by_role("button", name="查询").click()
    assert page.locator("#total").inner_text() == "1"
    page.get_by_role("link", name="查看").click()
    row = page.locator('#changes tr[data-field="address"]')
    assert row.locator("ins").inner_text() == "北京市昌平区星河路8号"
    page.get_by_label("审核通过", exact=True).check()
    page.get_by_label("审核意见").fill("材料齐全，同意变更")
    page.get_by_role("button", name="确定").click()
    page.wait_for_url("**/enterprise/changes/?*")
    assert "审核完成" in page.locator(".messages").inner_text()
    assert Enterprise.objects.get(pk=target.pk).address == "北京市昌平区星河路8号"

    menu.get_by_role("link", name="企业查询").click()
    page.get_by_label("企业名称/统一社会信用代码").fill("星河")
    page.get_by_label("注册年份").fill("2016")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/enterprise/list/?*")
    assert page.locator("#total").inner_text() == "3"
    listed = sorted(page.locator("#results tbody tr td:first-child").all_inner_texts())
    assert "重庆星河软件有限公司" not in listed

    page.get_by_role("button", name="自定义导出").click()
    dialog = page.get_by_role("dialog")
    for header in ("所属区县", "所属行业", "成立日期", "审核状态", "入库状态（当年）"):
        dialog.get_by_label(header, exact=True).uncheck()
    dialog.get_by_label("成立日期", exact=True).check()
    dialog.get_by_label("住所", exact=True).check()
    dialog.get_by_label("住所顺序").fill("0")  # put 住所 first
    with page.expect_download() as download_info:
        dialog.get_by_role("button", name="提交").click()
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)
    rows = read_xlsx(path.read_bytes())
    assert rows[0] == ["住所", "企业名称", "统一社会信用代码", "成立日期"]
    assert sorted(r[1] for r in rows[1:]) == listed
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["北京星河软件有限公司"][0] == "北京市昌平区星河路8号"
    assert by_name["北京星河软件有限公司"][3].date() == date(2016, 5, 4)
    assert by_name["北京星河软件有限公司"][2] == target.uscc
