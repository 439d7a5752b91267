"""Issue 12 acceptance (S2.3, S2.4): an enterprise files its 科技信息年报 across all nine tabs
(prefilled values shown with their source), the district returns it with an opinion (审核不通过),
the enterprise sees the 审批意见, corrects and resubmits, the district passes, the city passes."""

import io
from decimal import Decimal

import pytest

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in, log_out
from keqi.declarations import program_services
from keqi.declarations.models import Submission
from keqi.declarations.tests.browser import accept_dialogs, fill_field, nav
from keqi.declarations.tests.test_annual_report import TABS, annual_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME = "石柱云岭科技有限公司"


def fill_tab(page, section: dict) -> None:
    """Fill every field of a tab that is shown and still empty (prefilled values are kept)."""
    page.get_by_role("tab", name=section["title"]).click()
    panel = page.locator(f"#panel-{section['key']}")
    assert panel.is_visible()
    for field in section.get("fields", []):
        if field.get("readonly") or "show_if" in field:
            continue
        kind = field.get("type", "text")
        choices = field.get("choices") or [["yes", "是"], ["no", "否"]]
        if kind in ("choice", "yesno") and len(choices) <= 3:
            if panel.locator(f'[name="{field["key"]}"]:checked').count():
                continue
            page.check(f'[name="{field["key"]}"][value="{choices[-1][0]}"]')
            continue
        if kind not in ("choice", "yesno") and page.input_value(f'[name="{field["key"]}"]'):
            continue
        if kind == "choice" and page.input_value(f'[name="{field["key"]}"]'):
            continue
        fill_field(page, field, field["key"])


def test_enterprise_files_district_returns_enterprise_resubmits_district_and_city_pass(
    page, make_user, make_enterprise
):
    data = annual_data()
    program = program_services.load(data)
    last_year = program_services.load(annual_data(2024, open_now=False))
    enterprise = make_enterprise(
        "500240", name=NAME, legal_representative="谭云", address="石柱县南宾街道1号", employees=40, tech_staff=8
    )
    Submission.objects.create(
        program=last_year,
        enterprise=enterprise,
        form=last_year.form,
        status="approved",
        region_path=enterprise.region_path,
        answers={"contact_person": "冉科", "contact_phone": "13800001111", "scale": "small"},
    )
    ent = make_user(Role.ENTERPRISE, enterprise=enterprise)
    district = make_user(Role.DISTRICT, region_code="500240")
    city = make_user(Role.CITY, region_code="500000")
    accept_dialogs(page)

    # The enterprise opens its report: nine tabs, prefilled values marked with their source.
    log_in(page, ent.username)
    nav(page, "申报活动")
    page.get_by_role("link", name=program.name).click()
    page.get_by_role("button", name="我要申报").click()
    assert page.get_by_role("tab").all_inner_texts() == TABS
    assert page.locator("#id_legal_representative-source").inner_text() == "来自企业信息"
    assert page.locator("#id_employees-source").inner_text() == "来自企业信息"
    assert page.locator("#id_contact_person-source").inner_text() == "来自2024年度科技信息年报"
    assert page.input_value("[name=contact_person]") == "冉科"
    for section in data["form"]["sections"]:
        fill_tab(page, section)
    # A mistake on another tab: saving opens that tab with the message, nothing typed is lost.
    page.get_by_role("tab", name="人员状况").click()
    page.fill("[name=employees]", "-1")
    page.get_by_role("tab", name="基本信息").click()
    page.get_by_role("button", name="保存").click()
    page.locator("#form-error").wait_for()
    assert page.get_by_role("tab", name="人员状况（待修改）").get_attribute("aria-selected") == "true"
    assert page.locator("#id_employees-error").inner_text() == "从业人员总数不能为负数"
    assert page.input_value("[name=contact_phone]")
    page.fill("[name=employees]", "40")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    # The district does not pass it (审核不通过) with an opinion.
    log_in(page, district.username)
    nav(page, "年报数据审核")
    page.get_by_role("row", name=NAME).get_by_role("link", name="审核").click()
    page.get_by_role("tab", name="经营概况").click()
    page.locator("#panel-operations").get_by_text("营业收入").first.wait_for()
    assert page.get_by_role("button", name="不予通过").count() == 0
    page.fill("#opinion", "营业收入请按审计报告填写")
    page.get_by_role("button", name="审核不通过").click()
    page.get_by_text("审核意见已提交").wait_for()
    assert page.locator("h1").inner_text() == "年报数据审核"
    log_out(page)

    # The enterprise sees the 审批意见 at the top, corrects and resubmits.
    log_in(page, ent.username)
    nav(page, "申报活动")
    page.get_by_role("link", name="继续填报").click()
    opinions = page.locator("#opinions")
    assert "审核不通过" in opinions.inner_text() and "营业收入请按审计报告填写" in opinions.inner_text()
    page.get_by_role("tab", name="经营概况").click()
    page.fill("[name=operating_revenue]", "20.1234")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    # The district passes, then the city passes.
    for officer in (district, city):
        log_in(page, officer.username)
        nav(page, "年报数据审核")
        page.get_by_role("row", name=NAME).get_by_role("link", name="审核").click()
        page.get_by_role("button", name="审核通过").click()
        page.get_by_text("审核意见已提交").wait_for()
        log_out(page)

    submission = Submission.objects.get(program=program)
    assert submission.status == "approved"
    assert submission.snapshots.count() == 2
    assert str(submission.figures.get(key="operating_revenue").number) == "20.1234"

    # The city finds it in 年报数据查询 by status and year.
    log_in(page, city.username)
    nav(page, "年报数据查询")
    page.select_option("#status-filter", "approved")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("row", name=NAME).wait_for()

    # Its figures are in both statistics tables, and each export equals the table shown.
    nav(page, "区县入库企业情况统计表")
    shizhu = page.get_by_role("row", name="石柱土家族自治县")
    assert shizhu.locator("td").all_inner_texts()[2:] == ["--", "1", "0", "1", "0"]
    assert_export_equals_table(page)
    nav(page, "区县科技型企业年报统计表")
    cells = page.get_by_role("row", name="石柱土家族自治县").locator("td").all_inner_texts()
    assert cells[2:4] == ["1", "201.234"]  # 20.1234 万元 = 201.234 千元
    assert_export_equals_table(page)


def assert_export_equals_table(page):
    from openpyxl import load_workbook

    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Excel").click()
    rows = list(load_workbook(io.BytesIO(info.value.path().read_bytes())).active.iter_rows(values_only=True))
    shown = [row.locator("th, td").all_inner_texts() for row in page.locator("#statistics tr").all()]
    as_text = [
        ["" if c is None else format(c, "f") if isinstance(c, Decimal) else str(c) for c in row] for row in rows[1:]
    ]
    assert as_text == shown
