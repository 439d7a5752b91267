"""高企后备库 in a real browser (issue 13 acceptance): a 石柱 district officer sees the defaults,
changes two parameters, queries, opens an enterprise and reads why it passes, exports, and the
XLSX rows and parameter rows equal the page; 重置 restores the defaults. The page passes axe and
fits a 390 px phone."""

from datetime import date

import pytest

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in
from keqi.declarations.models import Submission
from keqi.declarations.tests.browser import nav
from keqi.exports.tests.helpers import read_xlsx, read_xlsx_sheet
from keqi.libraries.tests import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = {"operating_revenue": "4000", "main_revenue": "4000", "hitech_revenue": "3000", "employees": "20",
        "invention_granted": "2", "major_incident": "no", "total_assets": "1000"}  # fmt: skip


def report(program, enterprise, **answers):
    Submission.objects.create(program=program, enterprise=enterprise, form=program.form, status="approved",
                              region_path=enterprise.region_path, answers={**BASE, **answers})  # fmt: skip


def rows_of(page):
    return [r.locator("td").all_inner_texts() for r in page.locator("#library-rows tbody tr").all()]


def test_high_tech_reserve_defaults_change_explain_export_reset(page, make_enterprise, make_user, tmp_path):
    program = world.programs()[2025]
    est = date(2020, 5, 1)
    changed_only = make_enterprise("500240", name="石柱甲科技有限公司", established_date=est)
    report(program, changed_only, tech_staff="5", rd_expense="140", rd_domestic="140")  # 25 %, R&D 3.5 %
    defaults_only = make_enterprise("500240", name="石柱乙科技有限公司", established_date=est)
    report(program, defaults_only, tech_staff="3", rd_expense="240", rd_domestic="240")  # 15 %, R&D 6 %
    elsewhere = make_enterprise("500109", name="北碚丙科技有限公司", established_date=est)
    report(program, elsewhere, tech_staff="10", rd_expense="400", rd_domestic="400")
    officer = make_user(Role.DISTRICT, region_code="500240")

    log_in(page, officer.username)
    nav(page, "高企后备库")
    page.wait_for_url("**/libraries/high-tech-reserve/")
    assert page.get_by_label("科技人员占比（%）").input_value() == "10"
    assert "默认值" in page.locator("#in-force-title").inner_text()
    assert [r[1] for r in rows_of(page)] == ["石柱乙科技有限公司"]

    page.get_by_label("科技人员占比（%）").fill("20")
    page.get_by_label("研发费用占比（5000万元以下）（%）").fill("3")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/libraries/high-tech-reserve/?*")
    assert "已设置" in page.locator("#in-force-title").inner_text()
    in_force = page.locator("#in-force li").all_inner_texts()
    assert any("科技人员占职工总数的比例不低于20%" in line for line in in_force)
    assert any("5000万元以下（含）不低于3%" in line for line in in_force)
    rows = rows_of(page)
    assert [r[1] for r in rows] == ["石柱甲科技有限公司"]
    assert page.locator("#district-counts tbody tr").all_inner_texts() == ["石柱土家族自治县\t1"]

    page.get_by_role("link", name="查看石柱甲科技有限公司").click()
    explanation = page.locator("#explanation")
    tech = explanation.locator("tr", has_text="科技人员占职工总数的比例不低于20%")
    assert "5人 / 20人 = 25%" in tech.inner_text() and "符合" in tech.inner_text()
    rd = explanation.locator("tr", has_text="研发费用占销售收入的比例")
    assert "140万元 / 4000万元 = 3.5%" in rd.inner_text() and "符合" in rd.inner_text()
    page.get_by_role("link", name="返回列表").first.click()
    page.wait_for_url("**/libraries/high-tech-reserve/?*")
    assert page.get_by_label("科技人员占比（%）").input_value() == "20"

    page.get_by_role("button", name="导出 Excel").click()
    dialog = page.get_by_role("dialog", name="导出 Excel")
    with page.expect_download() as download_info:
        dialog.get_by_role("button", name="提交").click()
    path = tmp_path / "reserve.xlsx"
    download_info.value.save_as(path)
    sheet = read_xlsx_sheet(path.read_bytes())
    assert sheet[0][0] == "高企后备库"
    for line in in_force:
        assert line in sheet[1][0]
    data = read_xlsx(path.read_bytes())
    assert [(r[0], r[1], r[2]) for r in data[1:]] == [(r[1], r[2], r[3]) for r in rows]

    dialog.get_by_role("button", name="取消").click()
    page.get_by_role("link", name="重置").click()
    page.wait_for_url("**/libraries/high-tech-reserve/")
    assert page.get_by_label("科技人员占比（%）").input_value() == "10"
    assert [r[1] for r in rows_of(page)] == ["石柱乙科技有限公司"]

    page.add_script_tag(url="/static/vendor/axe.min.js")
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'critical' || v.impact === 'serious')
             .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
    )
    assert violations == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
