"""S1.1–S1.17 end to end in a real browser: register → profile → evaluation with child rows and
uploads → self-assessment → cover PDF → submit → agency returns → correct and resubmit →
agency passes → province registers → registration number and 审核记录. Second path: withdraw
and delete."""

import io

import pytest
from pypdf import PdfReader

from keqi.accounts.models import Role
from keqi.core.identifiers import make_uscc
from keqi.core.tests.test_browser_foundation import captcha_answer, log_in, log_out
from keqi.evaluation.models import Evaluation, Status
from keqi.evaluation.tests.helpers import EXE, pdf_bytes, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nav(page, label):
    page.get_by_role("navigation", name="主导航").get_by_role("link", name=label).click()


def confirmed(page, button_name):
    """Click an irreversible action and accept the 确认 dialog, which must state a consequence."""
    page.get_by_role("button", name=button_name, exact=True).click()
    dialog = page.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    assert len(dialog.locator("#confirm-message").inner_text()) > 10
    dialog.locator("[data-confirm-ok]").click()


def upload(page, slot_selector, path, expect_text):
    page.locator(f"{slot_selector} input[type=file]").set_input_files(str(path))
    page.locator(slot_selector).get_by_text(expect_text).first.wait_for()


def fill_main_form(page):
    page.fill("[name=contact_name]", "李四")
    page.fill("[name=contact_phone]", "13800138000")
    page.check("[name=contact_id_type][value=id_card]")
    page.fill("[name=contact_id_number]", "11010519491231002X")
    for name in ("products_scope", "credit", "rd_ledger", "super_deduction"):
        page.check(f"[name={name}][value=yes]")
    for index, (title, form, amount) in enumerate(
        (("智能传感算法研究", "self", "120"), ("境外委托测试", "commissioned_overseas", "50"))
    ):
        page.get_by_role("button", name="+ 增行").first.click()
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
    for name, value in (
        ("edu_doctor", "2"),
        ("edu_master", "8"),
        ("edu_bachelor", "30"),
        ("edu_college", "8"),
        ("edu_other", "2"),
    ):
        page.fill(f"[name={name}]", value)
    page.get_by_role("button", name="+ 增行").nth(1).click()
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


def test_S1_journey_from_registration_to_the_registration_number(page, make_user, tmp_path):
    agency_user = make_user(Role.AGENCY, region_code="110000", agency_name="北京科技评价中心")
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

    # register and complete the profile (foundation, P2/P5)
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
    page.get_by_text("企业信息已保存").wait_for()  # the POST redirects to the same URL: wait for the new page

    # S1.2/S1.3: new evaluation, verify, acknowledge
    nav(page, "评价信息")
    page.get_by_role("button", name="新增评价信息").click()
    page.wait_for_url("**/evaluation/*/")
    assert "北京旅程测试科技有限公司" in page.locator("#profile-table").inner_text()
    page.get_by_role("link", name="下一步").click()
    page.get_by_label("我已阅读并知晓以上填报说明").check()
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/form/")

    # S1.4–S1.13: every section, child rows, a bad value first
    fill_main_form(page)
    page.fill("[name=sales_revenue]", "-1500")
    page.get_by_role("button", name="保存", exact=True).click()
    assert page.locator("#id_sales_revenue-error").inner_text() == "销售收入总额不能为负数"
    assert page.locator("[name=rd_projects-1-name]").input_value() == "境外委托测试"  # nothing lost
    assert page.locator("[name=ip_rows-0-name]").input_value() == "一种传感器标定方法"
    page.fill("[name=sales_revenue]", "1500")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("已保存").wait_for()
    assert page.locator("#computed-rd_expense").inner_text().startswith("160")  # 120 + 80 % of 50
    assert page.locator("#computed-ip_class1").inner_text().strip() == "1"
    assert page.locator("#computed-employees").inner_text().startswith("50")

    # P6: uploads — certificate for the hand-added IP row, evidence PDFs, a renamed EXE refused
    ip_row = page.locator("#table-ip_rows tbody tr").first
    ip_row.locator("input[type=file]").set_input_files(str(files["专利证书.png"]))
    page.locator("#table-ip_rows").get_by_text("专利证书.png").wait_for()
    upload(page, "#slot-other_evidence", files["伪装的程序.pdf"], "文件类型不符合要求")
    for slot, name in (
        ("staff_table", "职工人数统计表.pdf"),
        ("balance_sheet", "资产负债表.pdf"),
        ("income_statement", "损益表.pdf"),
        ("tax_a107012", "A107012.pdf"),
    ):
        upload(page, f"#slot-{slot}", files[name], name)
    with page.expect_download() as template:
        page.get_by_role("link", name="点击此处下载《企业上一会计年度职工人数统计表模板》").click()
    assert template.value.suggested_filename.endswith(".xlsx")

    # S1.14: self-assessment qualifies
    page.get_by_role("button", name="保存并自评").click()
    page.wait_for_url("**/result/")
    assert page.locator("#verdict").inner_text() == "符合科技型中小企业条件"
    assert page.locator("#score-total").inner_text() == "100分"

    # S1.15: cover PDF downloaded and the signed copy uploaded
    with page.expect_download() as download:
        page.locator("#cover-download").click()
    reader = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    assert "北京旅程测试科技有限公司" in reader.pages[0].extract_text()
    upload(page, "#slot-cover", files["封面签字盖章.pdf"], "封面签字盖章.pdf")
    page.reload()
    page.get_by_label("评价机构").select_option(label="北京科技评价中心")
    confirmed(page, "提交")
    page.wait_for_url("**/evaluation/")
    assert page.locator("#history .status").first.inner_text() == "评价机构形式审查"
    log_out(page)

    # the agency returns it with an opinion
    log_in(page, agency_user.username)
    nav(page, "评价审核")
    page.get_by_role("link", name="办理").first.click()
    assert "智能传感算法研究" in page.content() and "专利证书.png" in page.content()
    page.get_by_label("审核意见").fill("资产负债表未加盖公章，请补充")
    confirmed(page, "退回修改")
    page.get_by_text("已办理：退回修改").wait_for()
    log_out(page)

    # the enterprise corrects and resubmits (the edit voids the old cover)
    log_in(page, "13698765432", "Brow#ser12")
    nav(page, "评价信息")
    assert page.locator("#history .status").first.inner_text() == "退回修改"
    page.get_by_role("link", name="修改").click()
    page.fill("[name=other_info]", "已按评价机构意见补盖公章")
    page.get_by_role("button", name="保存并自评").click()
    page.wait_for_url("**/result/")
    assert page.locator("#cover-invalidated").is_visible()
    with page.expect_download():
        page.locator("#cover-download").click()
    upload(page, "#slot-cover", files["封面签字盖章（第二次）.pdf"], "封面签字盖章（第二次）.pdf")
    page.reload()
    page.get_by_label("评价机构").select_option(label="北京科技评价中心")
    confirmed(page, "提交")
    page.wait_for_url("**/evaluation/")
    log_out(page)

    # agency passes, province publicises and registers
    log_in(page, agency_user.username)
    nav(page, "评价审核")
    page.get_by_role("link", name="办理").first.click()
    page.get_by_role("button", name="形式审查通过").click()
    page.get_by_text("已办理：形式审查通过").wait_for()
    log_out(page)
    log_in(page, province.username)
    nav(page, "评价审核")
    page.get_by_role("link", name="办理").first.click()
    page.get_by_label("审核意见").fill("同意公示")
    page.get_by_role("button", name="审核通过并公示").click()
    page.get_by_text("已办理：审核通过（公示）").wait_for()
    confirmed(page, "公示无异议，办理入库登记")
    page.get_by_text("已办理：入库登记").wait_for()
    log_out(page)

    # the enterprise sees the registration number and the full 审核记录
    log_in(page, "13698765432", "Brow#ser12")
    nav(page, "评价信息")
    evaluation = Evaluation.objects.get()
    assert evaluation.status == Status.REGISTERED
    assert page.locator("#history .regno").first.inner_text() == evaluation.registration_number
    page.get_by_role("link", name="审核记录").click()
    rows = page.locator("#records tbody tr")
    assert rows.count() == 6
    text = page.locator("#records").inner_text()
    for expected in ("资产负债表未加盖公章，请补充", "形式审查通过", "同意公示", "入库登记", "北京科技评价中心"):
        assert expected in text
    page.screenshot(path="var/screenshot-evaluation-records.png", full_page=True)


def test_S1_16_second_path_withdraw_and_delete(page, setup, filled):
    from keqi.conftest import PASSWORD
    from keqi.evaluation import services
    from keqi.evaluation.tests.conftest import attach_cover

    evaluation = attach_cover(filled, setup["ent"])
    services.submit(actor=setup["ent"], evaluation=evaluation, agency_id=setup["agency"].pk)
    log_in(page, setup["ent"].username, PASSWORD)
    nav(page, "评价信息")
    assert page.locator("#history .status").first.inner_text() == "评价机构形式审查"
    page.get_by_role("button", name="撤回").click()
    confirm = page.get_by_role("dialog", name="确认撤回")
    assert "需修改后重新提交" in confirm.inner_text()  # the 确认 dialog states the consequence
    confirm.get_by_role("button", name="撤回").click()
    page.get_by_text("已撤回，可修改、删除或再次提交").wait_for()
    assert page.locator("#history .status").first.inner_text() == "撤回"
    page.get_by_role("button", name="删除").click()
    confirm = page.get_by_role("dialog", name="确认删除")
    confirm.get_by_role("button", name="取消").click()  # cancelling keeps the record
    assert Evaluation.objects.exists()
    page.get_by_role("button", name="删除").click()
    assert "无法恢复" in confirm.inner_text()
    confirm.get_by_role("button", name="删除").click()
    page.get_by_text("评价信息已删除").wait_for()
    assert not Evaluation.objects.exists()


def test_P7_expired_session_keeps_what_was_typed_and_restores_it_after_login(page, setup, filled):
    from django.contrib.sessions.models import Session

    from keqi.conftest import PASSWORD

    log_in(page, setup["ent"].username, PASSWORD)
    page.goto(f"/evaluation/{filled.pk}/form/")
    page.screenshot(path="var/screenshot-evaluation-form.png", full_page=True)
    page.fill("[name=contact_name]", "会话过期前输入的联系人")
    page.get_by_role("button", name="+ 增行").nth(1).click()
    page.fill("[name=products-1-name]", "过期前新增的产品")
    Session.objects.all().delete()  # the session expires while the person types
    page.evaluate("window.formkitAutosave()")
    page.get_by_text("登录已失效：填写内容已保留在本机").wait_for()
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/accounts/login/**")
    log_in(page, setup["ent"].username, PASSWORD)
    page.goto(f"/evaluation/{filled.pk}/form/")
    page.locator("#restored").wait_for()
    assert page.locator("[name=contact_name]").input_value() == "会话过期前输入的联系人"
    assert page.locator("[name=products-1-name]").input_value() == "过期前新增的产品"
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("已保存").wait_for()
    filled.refresh_from_db()
    assert filled.answers["contact_name"] == "会话过期前输入的联系人"
    assert [row["name"] for row in filled.answers["products"]] == ["工业物联网网关", "过期前新增的产品"]
