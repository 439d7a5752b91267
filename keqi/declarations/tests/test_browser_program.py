"""X5 acceptance: a program that exists only as a data file inside this test (no Python of its
own) is loaded, given a window, published, filled, submitted, returned, resubmitted and approved
through two review levels (县 → 市) in a real browser."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in, log_out
from keqi.declarations.models import Program, Submission
from keqi.declarations.tests.browser import accept_dialogs, nav, pdf_file, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DATA = Path(__file__).with_name("data") / "test-program.json"


def test_a_data_file_program_runs_end_to_end(page, make_user, make_enterprise, tmp_path):
    call_command("load_programs", str(DATA))
    program = Program.objects.get(key="test-county-support-2026")
    assert program.status == "draft"
    enterprise = make_enterprise("500240", name="石柱测试科技有限公司")
    ent = make_user(Role.ENTERPRISE, enterprise=enterprise)
    county = make_user(Role.DISTRICT, region_code="500240")
    city = make_user(Role.CITY, region_code="500000")
    accept_dialogs(page)

    # The city officer gives it a window and publishes it in 申报活动管理.
    log_in(page, city.username)
    nav(page, "申报活动管理")
    page.get_by_role("row", name=program.name).get_by_role("link", name="管理").click()
    now = timezone.localtime()
    page.get_by_label("新增开始时间").fill(f"{now - timedelta(days=1):%Y-%m-%d %H:%M}")
    page.get_by_label("新增截止时间").fill(f"{now + timedelta(days=20):%Y-%m-%d %H:%M}")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    page.get_by_role("button", name="发布").click()
    page.locator("#program-status", has_text="已发布").wait_for()
    log_out(page)

    # The enterprise declares.
    log_in(page, ent.username)
    nav(page, "申报活动")
    page.get_by_role("link", name=program.name).click()
    page.locator("#conditions").get_by_text("符合").wait_for()
    page.get_by_role("button", name="我要申报").click()
    page.fill("[name=project_title]", "智能茶园传感研发")
    page.fill("[name=requested]", "8.5")
    page.check("[name=has_partner][value=yes]")
    page.fill("[name=partner]", "西南大学")
    page.get_by_role("button", name="+ 增行").click()
    page.fill("[name=staff-0-person]", "谭一")
    page.fill("[name=staff-0-months]", "13")
    page.get_by_role("button", name="保存").click()
    page.locator("#form-error").wait_for()
    assert page.locator("#id_staff-0-months-error").inner_text() == "投入月数不能大于12"
    assert page.input_value("[name=staff-0-person]") == "谭一"  # nothing typed is lost
    page.fill("[name=staff-0-months]", "6")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    page.get_by_role("link", name="+ 添加").click()
    page.fill("[name=proof_name]", "项目立项书")
    page.get_by_role("button", name="保存", exact=True).click()
    upload(page, "proof_file", pdf_file(tmp_path, "立项书.pdf"))
    page.get_by_role("link", name="返回").click()
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    # The county returns it with an opinion.
    log_in(page, county.username)
    nav(page, "申报审核")
    page.get_by_role("row", name="石柱测试科技有限公司").get_by_role("link", name="审核").click()
    page.fill("#opinion", "请补充合作协议")
    page.get_by_role("button", name="退回补正").click()
    page.get_by_text("审核意见已提交").wait_for()
    log_out(page)

    # The enterprise sees the opinion at the top, corrects and resubmits to the county.
    log_in(page, ent.username)
    nav(page, "申报活动")
    page.get_by_role("link", name="继续填报").click()
    assert "请补充合作协议" in page.locator("#return-opinion").inner_text()
    page.fill("[name=project_title]", "智能茶园传感研发（补充协议）")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    for officer in (county, city):
        log_in(page, officer.username)
        nav(page, "申报审核")
        page.get_by_role("row", name="石柱测试科技有限公司").get_by_role("link", name="审核").click()
        page.get_by_role("button", name="审核通过").click()
        page.get_by_text("审核意见已提交").wait_for()
        log_out(page)

    submission = Submission.objects.get(program=program)
    assert submission.status == "approved"
    assert submission.snapshots.count() == 2
    assert submission.figures.get(key="requested").number == 8.5
