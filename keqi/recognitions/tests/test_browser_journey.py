"""Issue 16 acceptance in a real browser: a recognised enterprise updates its information in the
window and the district approves; declares a 更名 change (暂存, 编辑, 提交) that both levels approve,
and the new name shows on its recognition; files a 复核 the province approves, extending the
validity; every step leaves its message in 我的消息. The clock is moved with time-machine (the
server thread reads the same clock) to 2027-03-01, inside the 2027 update window and the final
year of a recognition of 2024-07-01."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in as foundation_log_in
from keqi.core.tests.test_browser_foundation import log_out
from keqi.cultivation.tests.test_browser_journey import evidence_zip
from keqi.cultivation.tests.test_tier import SPECIALIZED_ANSWERS
from keqi.declarations import program_services
from keqi.declarations.models import Program, Submission
from keqi.declarations.tests.browser import accept_dialogs, nav, upload
from keqi.enterprises.models import Contact, Qualification
from keqi.enterprises.services import grant_qualification
from keqi.evaluation.tests.helpers import pdf_bytes
from keqi.recognitions.tests.conftest import REVIEW_FILE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME, NEW_NAME = "重庆石柱精工科技有限公司", "重庆石柱精工智造有限公司"


def axe_clean(page):
    page.add_script_tag(url="/static/vendor/axe.min.js")
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    serious = [(v["id"], [n["html"][:120] for n in v["nodes"]]) for v in result if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_after_recognition_journey(page, make_enterprise, make_user, tmp_path):
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))) as clock:

        def log_in(page, username):
            clock.shift(timedelta(minutes=2))  # officers' SMS codes may be requested once a minute
            foundation_log_in(page, username)

        enterprise = make_enterprise("500240", name=NAME, legal_representative="李四", address="石柱县工业园1号",
                                     employees=50, rd_staff=8)
        Contact.objects.create(enterprise=enterprise, name="张联系", mobile="13900001111", is_primary=True)
        ent = make_user(Role.ENTERPRISE, enterprise=enterprise)
        county = make_user(Role.DISTRICT, region_code="500240")
        city = make_user(Role.CITY, region_code="500000")
        grant_qualification(actor=county, enterprise=enterprise, kind="specialized_sme", issued_on=date(2024, 7, 1),
                            number="ZJTX2024001")
        data = json.loads(REVIEW_FILE.read_text(encoding="utf-8"))
        data["defaults"].update(year=2027, windows=[{"opens": "2027-01-01T00:00:00", "closes": "2027-12-31T23:59:59"}])
        for item in data["programs"]:
            item.update(key=item["key"].replace("2026", "2027"), name=item["name"].replace("2026", "2027"))
        for item in program_services.expand(data):
            program_services.load(item)
        # The declaration that was recognised: the 复核 starts from it (the tier's form, prefilled).
        tier = Program.objects.get(key="specialized-sme-2026")
        Submission.objects.create(
            program=tier, enterprise=enterprise, form=tier.form, status="approved", region_path=enterprise.region_path,
            answers={**SPECIALIZED_ANSWERS, "ent_name": NAME, "ent_uscc": enterprise.uscc},
            submitted_at=datetime(2024, 5, 1, tzinfo=ZoneInfo("Asia/Shanghai")),
        )
        evidence = tmp_path / "营业执照.pdf"
        evidence.write_bytes(pdf_bytes())
        accept_dialogs(page)

        # 信息更新 in the window, reviewed by the district.
        log_in(page, ent.username)
        nav(page, "企业基本信息")
        page.get_by_role("link", name="信息更新").click()
        page.get_by_label("职工总数").fill("60")
        page.get_by_role("button", name="提交信息更新").click()
        page.get_by_text("2027年度信息更新已提交").wait_for()
        assert "已更新" in page.locator("#update-status").inner_text()
        axe_clean(page)
        log_out(page)
        log_in(page, county.username)
        nav(page, "基本信息审核")
        page.get_by_role("row", name=NAME).get_by_role("link", name="查看").click()
        page.get_by_label("审核通过").check()
        page.get_by_role("button", name="确定").click()
        page.get_by_text("审核完成").wait_for()
        log_out(page)

        # 更名: 暂存, 编辑 (evidence), 提交.
        log_in(page, ent.username)
        nav(page, "企业重大变更")
        page.get_by_role("link", name="新增变更").click()
        page.get_by_label("变更类型").select_option(label="更名")
        page.get_by_label("变更日期").fill("2027-02-10")
        page.get_by_label("变更前").fill(NAME)
        page.get_by_label("变更后").fill(NEW_NAME)
        page.get_by_role("button", name="暂存").click()
        page.get_by_text("变更已暂存").wait_for()
        nav(page, "企业重大变更")
        page.get_by_role("row", name="更名").get_by_role("link", name="编辑").click()
        page.get_by_label("变更说明").fill("已换发营业执照")
        page.get_by_label("证明材料").set_input_files(str(evidence))
        page.get_by_role("button", name="提交", exact=True).click()
        page.locator("h1", has_text="变更详情").wait_for()
        assert "审核中" in page.locator("main").inner_text()
        axe_clean(page)
        log_out(page)
        for officer in (county, city):
            log_in(page, officer.username)
            nav(page, "重大变更审核")
            page.get_by_role("row", name=NAME).get_by_role("link", name="审核").click()
            page.get_by_role("button", name="审核通过").click()
            page.get_by_text("审核完成").wait_for()
            log_out(page)

        # The new name on the recognition; 复核 filed and approved by both levels.
        log_in(page, ent.username)
        nav(page, "认证到期管理")
        assert page.locator("#recognitions .holder-name").inner_text() == NEW_NAME
        page.get_by_role("button", name="去复核").click()
        page.wait_for_url("**/declarations/*/")
        assert page.locator("h1").inner_text().startswith("2027年度专精特新中小企业认定复核")
        assert page.locator('[name="niche_years"]').input_value() == "5"  # from the recognised declaration
        expect(page.get_by_text("来自2026年专精特新中小企业申报（审核通过）").first).to_be_visible()
        page.fill('[name="operating_revenue_y2"]', "7000")
        page.get_by_role("button", name="暂存").click()
        page.get_by_text("已保存").wait_for()
        upload(page, "evidence_zip", evidence_zip(tmp_path))
        page.get_by_role("button", name="提交", exact=True).click()
        page.locator("#status", has_text="审核中").wait_for()
        log_out(page)
        for officer, decision in ((county, "审核通过"), (city, "复核通过")):
            log_in(page, officer.username)
            nav(page, "申报审核")
            page.get_by_role("row", name=NEW_NAME).get_by_role("link", name="审核").click()
            page.get_by_role("button", name=decision).click()
            page.get_by_text("审核意见已提交").wait_for()
            log_out(page)

        log_in(page, ent.username)
        nav(page, "认证到期管理")
        assert page.locator("#recognitions .valid-until").inner_text() == "2030-06-30"
        assert "审核通过" in page.locator("#review-history").inner_text()
        badge = page.locator("#inbox-link .badge")
        assert int(badge.inner_text()) >= 5
        page.locator("#inbox-link").click()
        titles = page.locator("#messages").inner_text()
        for text in ("认定通知：贵企业已被认定为专精特新中小企业", "信息更新：2027年度信息更新审核通过",
                     "企业重大变更（更名）审核通过", "认定信息已更新", "复核通过"):
            assert text in titles, text
        page.get_by_role("link", name="认定通知：专精特新中小企业复核通过").click()
        assert "2030年6月30日" in page.locator("#message").inner_text()
        page.get_by_role("link", name="返回列表").last.click()
        page.get_by_role("button", name="全部标为已读").click()
        page.get_by_text("条消息标记为已读").wait_for()
        assert page.locator("#inbox-link .badge").count() == 0
        axe_clean(page)
        page.set_viewport_size({"width": 390, "height": 844})
        nav_button = page.get_by_role("button", name="菜单")
        assert nav_button.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert Qualification.objects.get(enterprise=enterprise).valid_until == date(2030, 6, 30)
