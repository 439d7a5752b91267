"""Seed 001 (S1.1–S1.17) on the program host, end to end in a real browser: register → profile →
申报活动 → the 2026 科技型中小企业评价 with child rows and uploads → self-assessment → cover PDF →
choose the agency and submit → the agency returns → correct (the signed cover is voided),
download again and resubmit → the agency passes → the province passes → 登记编号, the
qualification and 审核记录. The old /evaluation/ address leads to the same declaration."""

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from keqi.accounts.models import Role
from keqi.core.identifiers import make_uscc
from keqi.core.tests.sample_files import EXE, pdf_bytes, png_bytes
from keqi.core.tests.test_browser_foundation import captcha_answer, log_in, log_out
from keqi.declarations.models import Submission
from keqi.declarations.tests.browser import nav
from keqi.declarations.tests.tech_sme import program
from keqi.enterprises.models import Qualification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def confirmed(page, button_name):
    """Click an irreversible action and accept the 确认 dialog, which must state a consequence."""
    page.get_by_role("button", name=button_name, exact=True).click()
    dialog = page.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    assert len(dialog.locator("#confirm-message").inner_text()) > 10
    dialog.locator("[data-confirm-ok]").click()


def upload(page, slot_selector, path, expect_text):
    page.locator(f"{slot_selector} input[type=file]").first.set_input_files(str(path))
    page.locator(slot_selector).get_by_text(expect_text).first.wait_for()


def fill_main_form(page):
    page.fill("[name=contact_name]", "李四")
    page.fill("[name=contact_phone]", "13800138000")
    page.check("[name=contact_id_type][value=id_card]")
    page.fill("[name=contact_id_number]", "11010519491231002X")
    for name in ("products_scope", "credit"):
        page.check(f"[name={name}][value=yes]")
    for name in ("rd_ledger", "super_deduction"):
        page.check(f"[name={name}][value=yes]")
    for index, (title, form, amount) in enumerate(
        (("智能传感算法研究", "self", "120"), ("境外委托测试", "commissioned_overseas", "50"))
    ):
        page.locator("#table-rd_projects [data-add-row]").click()
        page.fill(f"[name=rd_projects-{index}-name]", title)
        page.fill(f"[name=rd_projects-{index}-number]", f"RD-{index + 1}")
        page.select_option(f"[name=rd_projects-{index}-form]", form)
        page.select_option(f"[name=rd_projects-{index}-status]", "done")
        page.fill(f"[name=rd_projects-{index}-amount]", amount)
    for name, value in (
        ("total_assets", "3000"),
        ("net_assets", "1800"),
        ("sales_revenue", "1500"),
        ("main_revenue", "1400"),
        ("total_profit", "-20"),
        ("tax_total", "80"),
        ("cost_total", "1300"),
    ):
        page.fill(f"[name={name}]", value)
    for quarter in range(4):
        for column, value in (("emp_start", "50"), ("emp_end", "50"), ("tech_start", "20"), ("tech_end", "20")):
            page.fill(f"[name=hr_quarters-{quarter}-{column}]", value)
    for name, value in (("edu_doctor", "2"), ("edu_master", "8"), ("edu_bachelor", "30"), ("edu_college", "8")):
        page.fill(f"[name={name}]", value)
    page.fill("[name=edu_other]", "2")
    page.locator("#table-products [data-add-row]").click()
    page.fill("[name=products-0-name]", "工业物联网网关")
    page.fill("[name=products-0-tech_field]", "电子信息")
    page.fill("[name=products-0-revenue]", "900")
    page.get_by_role("button", name="+ 新增知识产权").click()
    page.fill("[name=ip_rows-0-name]", "一种传感器标定方法")
    page.select_option("[name=ip_rows-0-ip_type]", "invention_patent")
    page.fill("[name=ip_rows-0-granted_on]", "2023-05-06")
    page.select_option("[name=ip_rows-0-acquisition]", "self")
    page.fill("[name=ip_rows-0-number]", "ZL202310000001.1")
    page.check("[name=wants_financing][value=no]")


def download_cover(page) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name="下载科技型中小企业评价封面").click()
    reader = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    return reader.pages[0].extract_text()


def save(page):
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("已保存").first.wait_for()


def test_seed_001_journey_on_the_program_host(page, make_user, tmp_path):
    tech_sme = program(2026)
    agency_user = make_user(Role.AGENCY, region_code="110000", agency_name="北京科技评价中心")
    make_user(Role.AGENCY, region_code="500000", agency_name="重庆科技评价中心")  # not offered to a 北京 enterprise
    province = make_user(Role.CITY, region_code="110000")
    files = {}
    for name, content in (
        ("职工人数统计表.pdf", pdf_bytes()),
        ("资产负债表.pdf", pdf_bytes()),
        ("损益表.pdf", pdf_bytes()),
        ("A107012.pdf", pdf_bytes()),
        ("伪装的程序.pdf", EXE),
        ("专利证书.png", png_bytes()),
        ("封面签字盖章.pdf", pdf_bytes()),
        ("封面签字盖章（第二次）.pdf", pdf_bytes()),
    ):
        files[name] = tmp_path / name
        files[name].write_bytes(content)

    # register and complete the profile
    page.goto("/accounts/register/")
    page.get_by_label("手机号（账号）").fill("13698765432")
    page.get_by_label("企业名称").fill("北京旅程测试科技有限公司")
    page.get_by_label("统一社会信用代码").fill(make_uscc("110114", 77776666))
    page.get_by_label("密码", exact=True).fill("Brow#ser12")
    page.get_by_label("确认密码").fill("Brow#ser12")
    page.get_by_label("验证码").fill(captcha_answer(page))
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/enterprise/profile/")
    page.get_by_label("企业注册类型").select_option(index=1)
    page.get_by_label("所属行业（国民经济行业小类）").select_option(label="6513 应用软件开发")
    page.get_by_label("法定代表人").fill("周八")
    page.get_by_label("成立日期").fill("2018-09-25")
    page.get_by_label("征收方式").select_option(index=1)
    page.get_by_label("住所").fill("北京市昌平区回龙观东大街1号")
    page.get_by_role("button", name="保存").first.click()
    page.get_by_text("企业信息已保存").wait_for()

    # 申报活动 → the evaluation, started once; its 系统填报号 is given at once
    nav(page, "申报活动")
    page.get_by_role("link", name=tech_sme.name).click()
    page.get_by_role("button", name="我要申报").click()
    page.locator("#serial").wait_for()
    submission = Submission.objects.get(program=tech_sme)
    assert page.locator("#serial").inner_text() == submission.serial

    # every section, child rows, a bad value first: nothing typed is lost
    fill_main_form(page)
    page.fill("[name=sales_revenue]", "-1500")
    page.get_by_role("button", name="保存", exact=True).click()
    assert page.locator("#id_sales_revenue-error").inner_text() == "销售收入总额不能为负数"
    assert page.locator("[name=rd_projects-1-name]").input_value() == "境外委托测试"
    assert page.locator("[name=ip_rows-0-name]").input_value() == "一种传感器标定方法"
    page.fill("[name=sales_revenue]", "1500")
    save(page)
    assert page.locator("#computed-rd_expense").inner_text().startswith("160")  # 120 + 80 % of 50
    assert page.locator("#computed-ip_class1").inner_text().strip() == "1"
    assert page.locator("#computed-employees").inner_text().startswith("50人")

    # uploads: certificate for the hand-added IP row, evidence PDFs, a renamed EXE refused
    page.locator("#table-ip_rows tbody tr").first.locator("input[type=file]").set_input_files(
        str(files["专利证书.png"])
    )
    page.locator("#table-ip_rows").get_by_text("专利证书.png").wait_for()
    upload(page, "#slot-other_evidence", files["伪装的程序.pdf"], "文件类型不符合要求")
    for slot, name in (
        ("staff_table", "职工人数统计表.pdf"),
        ("balance_sheet", "资产负债表.pdf"),
        ("income_statement", "损益表.pdf"),
        ("tax_a107012", "A107012.pdf"),
    ):
        upload(page, f"#slot-{slot}", files[name], name)

    # the self-assessment by keqi.policy qualifies; the cover carries it and the 系统填报号
    page.reload()
    assert page.locator("#assessment-verdict").inner_text() == "符合"
    text = download_cover(page)
    assert "北京旅程测试科技有限公司" in text and submission.serial in text and "符合" in text
    page.reload()
    upload(page, "#slot-signed_cover", files["封面签字盖章.pdf"], "封面签字盖章.pdf")
    page.reload()
    assert page.locator("#agency option").all_inner_texts() == ["请选择评价机构", "北京科技评价中心"]
    page.get_by_label("评价机构").select_option(label="北京科技评价中心")
    confirmed(page, "提交")
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    # the agency returns it with an opinion
    log_in(page, agency_user.username)
    nav(page, "申报审核")
    page.get_by_role("row", name="北京旅程测试科技有限公司").get_by_role("link", name="审核").click()
    assert "智能传感算法研究" in page.content() and "专利证书.png" in page.content()
    page.fill("#opinion", "资产负债表未加盖公章，请补充")
    confirmed(page, "退回修改")
    page.get_by_text("审核意见已提交").wait_for()
    log_out(page)

    # the enterprise corrects; the edit voids the signed cover: download, sign and upload again
    log_in(page, "13698765432", "Brow#ser12")
    nav(page, "申报活动")
    page.get_by_role("link", name="继续填报").click()
    assert "资产负债表未加盖公章" in page.locator("#return-opinion").inner_text()
    page.fill("[name=other_info]", "已按评价机构意见补盖公章")
    save(page)
    assert page.locator("#document-cover .tag-doc-void").inner_text() == "已失效"
    download_cover(page)
    page.reload()
    upload(page, "#slot-signed_cover", files["封面签字盖章（第二次）.pdf"], "封面签字盖章（第二次）.pdf")
    page.reload()
    confirmed(page, "提交")  # back to the agency that returned it
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    # the agency passes, the province passes: 入库登记
    log_in(page, agency_user.username)
    nav(page, "申报审核")
    page.get_by_role("row", name="北京旅程测试科技有限公司").get_by_role("link", name="审核").click()
    confirmed(page, "形式审查通过")
    page.get_by_text("审核意见已提交").wait_for()
    log_out(page)
    log_in(page, province.username)
    nav(page, "申报审核")
    page.get_by_role("row", name="北京旅程测试科技有限公司").get_by_role("link", name="审核").click()
    page.fill("#opinion", "同意入库")
    confirmed(page, "审核通过（进入公示）")
    page.get_by_text("审核意见已提交").wait_for()
    submission.refresh_from_db()
    assert submission.status == "approved" and not submission.registration_number  # 公示 first

    # 公示: a batch with its period (here already over), then 入库登记
    nav(page, "公示与入库登记")
    start, end = date.today() - timedelta(days=7), date.today() - timedelta(days=1)
    page.get_by_label("批次名称").fill("2026年第一批科技型中小企业入库公示")
    page.get_by_label("公示开始日期").fill(start.isoformat())
    page.get_by_label("公示截止日期").fill(end.isoformat())
    page.get_by_role("button", name="发布公示").click()
    page.get_by_text("已发布公示").wait_for()
    assert page.locator("#publicity-period").inner_text() == f"{start} 至 {end}"
    confirmed(page, "公示无异议，办理入库登记")
    page.get_by_text("已办理入库登记").wait_for()
    log_out(page)

    # the enterprise sees the 公示 period and the 登记编号, holds the qualification; 审核记录 complete
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.registration_number
    assert Qualification.objects.get(kind="tech_sme").number == submission.registration_number
    log_in(page, "13698765432", "Brow#ser12")
    page.goto(f"/declarations/{submission.pk}/")
    assert page.locator("#registration-number").inner_text() == submission.registration_number
    assert f"公示期 {start} 至 {end}" in page.locator("#publicity").inner_text()
    nav(page, "入库公告")
    assert submission.registration_number in page.locator("main").inner_text()
    page.goto(f"/declarations/{submission.pk}/")
    text = page.content()
    for expected in ("资产负债表未加盖公章，请补充", "形式审查通过", "同意入库", "北京科技评价中心"):
        assert expected in text
