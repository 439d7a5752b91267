"""Issue 15 acceptance in a real browser (S3.1–S3.5, S3.8, S3.11): an anonymous visitor reads a
provincial announcement and finds a recognised enterprise; a 重庆 enterprise passes real-name
verification through the manual queue, takes the digital assessment (score known in advance),
declares 专精特新 in the open 重庆 window with a ZIP, is returned by the district, corrects and
resubmits, passes district, city and province, appears in a published batch and then in the
lookup with its validity."""

import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from keqi.core.tests.sample_files import pdf_bytes
from keqi.core.tests.test_browser_foundation import captcha_answer, log_in, log_out
from keqi.cultivation.tests.test_tier import SPECIALIZED_ANSWERS
from keqi.declarations.models import Submission
from keqi.declarations.tests.browser import accept_dialogs, nav, pdf_file, upload
from keqi.enterprises import services as enterprises
from keqi.policy.schemes.digital_level_2024 import QUESTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RADIO_CHOICES = {"field_level", "award_provincial_top3_3y", "provincial_rd_institution"}
SELECT_CHOICES = {"ip_level", "rd_institution_level"}


def evidence_zip(tmp_path):
    path = tmp_path / "佐证材料.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("营业执照.pdf", pdf_bytes())
        archive.writestr("审计报告/2025年审计报告.pdf", pdf_bytes())
    return path


def review(page, officer, enterprise_name, button, opinion=""):
    log_in(page, officer.username)
    nav(page, "梯度培育申报审核")
    page.get_by_role("row", name=enterprise_name).get_by_role("link", name="审核").click()
    if opinion:
        page.fill("#opinion", opinion)
    page.get_by_role("button", name=button).click()
    page.get_by_text("审核意见已提交").wait_for()
    log_out(page)


def lookup(page, name, uscc):
    page.goto("/")
    page.get_by_role("link", name="企业认定查询").first.click()
    page.get_by_label("企业名称").fill(name)
    page.get_by_label("统一社会信用代码").fill(uscc)
    page.get_by_label("验证码").fill(captcha_answer(page))
    page.get_by_role("button", name="查询").click()
    return page.locator("#lookup-result")


def test_tiered_cultivation_journey(page, cq, make_enterprise, tmp_path):
    accept_dialogs(page)
    enterprise, ent = cq["enterprise"], cq["ent"]
    recognised = make_enterprise("500103", name="重庆渝中已认定科技有限公司")
    today = timezone.localdate()
    enterprises.grant_qualification(
        actor=None,
        enterprise=recognised,
        kind="specialized_sme",
        number="重庆市2025年专精特新中小企业名单",
        issued_on=today - timedelta(days=200),
        valid_until=today + timedelta(days=900),
    )

    # The 重庆 provincial officer publishes an announcement and opens the 专精特新 window.
    log_in(page, cq["province"].username)
    nav(page, "公告管理")
    page.get_by_role("link", name="新增公告").click()
    page.get_by_label("标题").fill("关于开展2026年重庆市专精特新中小企业申报工作的通知")
    page.get_by_label("正文").fill("各区县中小企业主管部门：请组织企业在申报时间内完成申报。")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("公告已保存").wait_for()
    page.get_by_role("button", name="发布").click()
    page.get_by_text("已发布").first.wait_for()
    nav(page, "申报时间维护")
    section = page.locator("#window-specialized-sme-2026")
    now = timezone.localtime()
    section.get_by_label("开始时间").fill(f"{now - timedelta(days=1):%Y-%m-%dT%H:%M}")
    section.get_by_label("截止时间").fill(f"{now + timedelta(days=30):%Y-%m-%dT%H:%M}")
    section.get_by_role("button", name="保存申报时间").click()
    page.get_by_text("已保存2026年专精特新中小企业申报的申报时间").wait_for()
    log_out(page)

    # An anonymous visitor reads the provincial announcement and finds a recognised enterprise.
    page.goto("/")
    page.locator("#province-announcements").get_by_role("link", name="关于开展2026年重庆市专精特新").click()
    assert "请组织企业在申报时间内完成申报" in page.locator("#announcement-body").inner_text()
    result = lookup(page, recognised.name, recognised.uscc)
    assert "专精特新中小企业" in result.inner_text() and "重庆市2025年专精特新中小企业名单" in result.inner_text()

    # The enterprise: automatic verification fails (name differs), so it asks for the manual one.
    log_in(page, ent.username)
    nav(page, "法人实名认证")
    page.get_by_label("法定代表人姓名").fill("张三丰")
    page.get_by_label("法定代表人身份证号").fill("11010519491231002X")
    page.get_by_label("授权书或营业执照扫描件").set_input_files(str(pdf_file(tmp_path, "授权书.pdf")))
    page.get_by_role("button", name="提交认证").click()
    assert "自动核验未通过" in page.locator("#verify-error").inner_text()
    assert page.get_by_label("法定代表人姓名").input_value() == "张三丰"  # nothing typed is lost
    page.get_by_label("授权书或营业执照扫描件").set_input_files(str(pdf_file(tmp_path, "授权书.pdf")))
    page.get_by_role("button", name="人工实名认证").click()
    page.get_by_text("已提交人工实名认证").wait_for()
    # Declaring before the verification is approved is refused with the reason.
    nav(page, "梯度培育申报")
    page.locator("#tier-specialized-sme").get_by_role("button", name="申请").click()
    page.get_by_text("人工实名认证审核中").first.wait_for()
    log_out(page)

    log_in(page, cq["province"].username)
    nav(page, "人工实名认证审核")
    page.get_by_role("row", name=enterprise.name).get_by_role("link", name="审核").click()
    page.get_by_role("button", name="通过", exact=True).click()
    page.get_by_text("审核结果已提交").wait_for()
    log_out(page)

    # The digital assessment: full marks except 网络建设 B and C (4 of 8) → 96.
    log_in(page, ent.username)
    nav(page, "数字化水平评测")
    assert page.locator("#form-name").inner_text() == "制造业"
    for question in QUESTIONS:
        chosen = (
            ["B", "C"]
            if question.key == "network"
            else ([o.key for o in question.options[1:]] if question.multiple else [question.options[-1].key])
        )
        for key in chosen:
            page.check(f'[name="{question.key}"][value="{key}"]')
    page.select_option("#platform_level", "3")
    page.get_by_role("button", name="提交评测").click()
    assert page.locator("#latest-total").inner_text() == "96"
    assert page.locator("#latest-level").inner_text() == "三级"

    # 专精特新 in the open 重庆 window, with the evidence ZIP.
    nav(page, "梯度培育申报")
    page.locator("#tier-specialized-sme").get_by_role("button", name="申请").click()
    page.wait_for_url("**/declarations/*/")
    for key, value in SPECIALIZED_ANSWERS.items():
        if key in RADIO_CHOICES:
            page.check(f'[name="{key}"][value="{value}"]')
        elif key in SELECT_CHOICES:
            page.select_option(f'[name="{key}"]', value)
        else:
            page.fill(f'[name="{key}"]', value)
    page.get_by_role("button", name="暂存").click()
    page.get_by_text("已保存").wait_for()
    assert page.locator("#assessment-verdict").inner_text() in ("符合", "暂不符合", "需补充信息")
    upload(page, "evidence_zip", evidence_zip(tmp_path))
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    # The district returns it; the enterprise corrects and resubmits to the district.
    review(page, cq["county"], enterprise.name, "退回补正", opinion="请补充近两年研发费用专项审计说明")
    log_in(page, ent.username)
    nav(page, "梯度培育申报")
    page.get_by_role("row", name="2026年专精特新中小企业申报").get_by_role("link", name="详情").click()
    assert "请补充近两年研发费用专项审计说明" in page.locator("#return-opinion").inner_text()
    page.fill('[name="rd_expense_y2"]', "420")
    page.get_by_role("button", name="暂存").click()
    page.get_by_text("已保存").wait_for()
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)
    submission = Submission.objects.get(enterprise=enterprise, program=cq["programs"]["specialized-sme"])
    assert submission.level == 0 and submission.snapshots.count() == 2

    for officer in ("county", "city", "province"):
        review(page, cq[officer], enterprise.name, "审核通过")
    submission.refresh_from_db()
    assert submission.status == "approved"

    # The province lists it for publicity, then recognises it once the period is over.
    log_in(page, cq["province"].username)
    nav(page, "认定名单公示")
    page.get_by_label("批次名称").fill("重庆市2026年第一批专精特新中小企业")
    page.get_by_label("公示开始日期").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("公示截止日期").fill(f"{today + timedelta(days=5):%Y-%m-%d}")
    page.get_by_label(f"选择{enterprise.name}").check()
    page.get_by_role("button", name="发布公示名单").click()
    page.get_by_text("认定名单已公示").wait_for()
    page.get_by_role("button", name="认定").click()
    page.get_by_text("公示期满后才能认定").wait_for()
    log_out(page)

    with time_machine.travel(timezone.now() + timedelta(days=7)):
        log_in(page, cq["province"].username)
        nav(page, "认定名单公示")
        page.get_by_role("row", name="重庆市2026年第一批专精特新中小企业").get_by_role("link", name="查看").click()
        page.get_by_role("button", name="认定").click()
        page.get_by_text("已认定，企业资质已生成").wait_for()
        log_out(page)
        later = timezone.localdate()
        result = lookup(page, enterprise.name, enterprise.uscc)
        text = result.inner_text()
    valid_until = later.replace(year=later.year + 3) - timedelta(days=1)
    assert "重庆市2026年第一批专精特新中小企业" in text and "专精特新中小企业" in text
    assert f"{valid_until:%Y-%m-%d}" in text
