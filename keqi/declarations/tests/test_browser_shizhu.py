"""Issue 14 in a real browser: a 石柱 enterprise opens 政策匹配, sees the categories it qualifies
for with amounts, applies for two (高新技术企业奖补, 知识产权保护运用奖补), downloads the filled
申报表, 绩效目标表 and 知识产权资助申请表 (text checked), uploads signed copies and submits; the
石柱 officer approves one with a lower amount and returns the other; the matcher then shows the
approved amount. The matcher and the officer's pages pass axe-core and fit a 390 px phone."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from keqi.accounts.models import Role
from keqi.core.tests.test_browser_foundation import log_in, log_out
from keqi.declarations.models import Submission
from keqi.declarations.tests.browser import accept_dialogs, nav, pdf_file, upload
from keqi.declarations.tests.shizhu import APPLICANT, load_open
from keqi.enterprises.models import IntellectualProperty, Qualification
from keqi.reference.models import IPType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[3] / "keqi" / "static" / "vendor" / "axe.min.js"


@pytest.fixture
def world(make_enterprise, make_user):
    programs = load_open()
    enterprise = make_enterprise(
        "500240", name="重庆石柱黄连科技有限公司", legal_representative="谭石柱", address="石柱县南宾街道工业园区8号"
    )
    Qualification.objects.create(
        enterprise=enterprise,
        kind="high_tech",
        number="GR202350000123",
        issued_on=date(2023, 12, 15),
        valid_until=date(2099, 12, 14),
    )
    invention = IPType.objects.get(code="invention_patent")
    for index, granted in enumerate([date(2023, 5, 1), date(2024, 3, 31)]):
        IntellectualProperty.objects.create(
            enterprise=enterprise, name=f"一种黄连提取方法{index}", ip_type=invention, number=f"ZL20231000{index}",
            granted_on=granted, acquisition="self",
        )  # fmt: skip
    return {
        "programs": programs,
        "ent": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "officer": make_user(Role.DISTRICT, region_code="500240"),
    }


def pdf_text(page, link_name) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    reader = PdfReader(io.BytesIO(open(info.value.path(), "rb").read()))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def check_page(page, name):
    """axe-core: no critical or serious violation; no horizontal scroll at 390 px."""
    page.add_script_tag(url="/static/vendor/axe.min.js")
    found = page.evaluate(
        "async () => (await axe.run()).violations.filter(v => ['critical','serious'].includes(v.impact)).map(v => v.id)"
    )
    assert found == [], f"{name}: {found}"
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size({"width": 1280, "height": 900})


def fill_applicant(page):
    for key, value in APPLICANT.items():
        page.fill(f'[name="{key}"]', value)


def sign_and_upload(page, submission, tmp_path, docs):
    for key, title, must_have in docs:
        text = pdf_text(page, f"下载{title}")
        for expected in must_have:
            assert expected in text, (title, expected)
        page.goto(f"/declarations/{submission.pk}/")
        upload(page, f"signed_{key}", pdf_file(tmp_path, f"{title}盖章.pdf"))
        page.locator(f"#document-{key} .tag", has_text="已上传").wait_for()


def test_shizhu_matcher_apply_review_and_approved_amount(page, world, tmp_path):
    accept_dialogs(page)
    log_in(page, world["ent"].username)
    nav(page, "政策匹配")
    high = page.locator("#programshizhu-kjcx-2024-high-tech")
    assert "符合条件" in high.inner_text() and "测算金额（上限）：20 万元" in high.inner_text()
    ip = page.locator("#programshizhu-kjcx-2024-ip")
    assert "符合条件" in ip.inner_text() and "0.2 万元" in ip.inner_text()
    assert "需补充信息" in page.locator("#programshizhu-kjcx-2024-rd-investment").inner_text()
    high.get_by_text("依据的信息").click()  # X3: each fact with its source
    assert "高新技术企业：已认定（2023-12-15）" in high.inner_text() and "企业资质（GR202350000123）" in high.inner_text()
    check_page(page, "matcher")

    # 高新技术企业奖补: the form, the uploads, 申报表 + 绩效目标表 + 诚信承诺书, submit.
    high.get_by_role("link", name="去申报").click()
    page.get_by_role("button", name="我要申报").click()
    fill_applicant(page)
    page.check('[name="high_tech_kind"][value="first"]')
    page.fill('[name="high_tech_date"]', "2023-12-15")
    page.fill('[name="certificate_no"]', "GR202350000123")
    for key, value in (
        ("perf_department", "县经信委"),
        ("fund_total", "20"),
        ("fund_city", "0"),
        ("fund_county", "20"),
    ):
        page.fill(f'[name="{key}"]', value)
    page.fill('[name="perf_goals"]', "目标1：新申报专利5项")
    page.fill('[name="perf_indicators-0-indicator"]', "开展项目研发数量")
    page.fill('[name="perf_indicators-0-target"]', "≥3")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    assert "20 万元" in page.locator("#award-total").inner_text()
    for slot in ("certificate", "license", "bank_permit", "credit_report"):
        upload(page, slot, pdf_file(tmp_path, f"{slot}.pdf"))
    high_submission = Submission.objects.get(program=world["programs"]["high_tech"])
    sign_and_upload(
        page,
        high_submission,
        tmp_path,
        [
            (
                "application",
                "石柱县科技创新奖补资金申报表",
                ["附件2", "重庆石柱黄连科技有限公司", "谭石柱", "高新技术企业奖补：20万元"],
            ),
            (
                "performance",
                "2024年度科技创新奖补资金绩效目标表",
                ["绩效指标", "产出指标", "开展项目研发数量", "满意度指标"],
            ),
            ("commitment", "诚信承诺书", ["诚信承诺书", "特此承诺"]),
        ],
    )
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()

    # 知识产权保护运用奖补: two granted invention patents, 知识产权资助申请表 with ticks and 大写.
    nav(page, "政策匹配")
    page.locator("#programshizhu-kjcx-2024-ip").get_by_role("link", name="去申报").click()
    page.get_by_role("button", name="我要申报").click()
    fill_applicant(page)
    for key, value in (
        ("org_form", "有限责任公司"),
        ("postcode", "409100"),
        ("ip_contact", "冉小林"),
        ("ip_phone", "13800000001"),
    ):
        page.fill(f'[name="{key}"]', value)
    page.fill('[name="invention_patents_granted"]', "2")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    upload(page, "license", pdf_file(tmp_path, "营业执照.pdf"))
    ip_submission = Submission.objects.get(program=world["programs"]["ip"])
    sign_and_upload(
        page,
        ip_submission,
        tmp_path,
        [("ip_application", "知识产权资助申请表", ["☑发明专利授权", "2,000.00元（大写：贰仟元整）"])],
    )
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    # The 石柱 officer: approves 高新 with 15 万元 (ceiling 20), returns 知识产权 with an opinion.
    log_in(page, world["officer"].username)
    nav(page, "申报审核")
    page.select_option("#program-filter", world["programs"]["high_tech"].key)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("row", name="重庆石柱黄连科技有限公司").get_by_role("link", name="审核").click()
    assert "20 万元" in page.locator("#calculated-amount").inner_text()
    check_page(page, "review")
    page.fill("#approved_amount", "25")
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("核定金额 25 万元超过测算金额 20 万元").wait_for()
    page.fill("#approved_amount", "15")
    page.fill("#opinion", "按年度预算核减")
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("审核意见已提交").wait_for()
    nav(page, "申报审核")
    page.select_option("#program-filter", world["programs"]["ip"].key)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("row", name="重庆石柱黄连科技有限公司").get_by_role("link", name="审核").click()
    page.fill("#opinion", "请补充专利证书及最近一年缴费发票")
    page.get_by_role("button", name="退回补正").click()
    page.get_by_text("审核意见已提交").wait_for()
    nav(page, "奖补汇总")
    row = page.locator('tr[data-program="shizhu-kjcx-2024-high-tech"]')
    row.get_by_label("高新技术企业奖补年度预算（万元）").fill("100")
    row.get_by_role("button", name="保存预算").click()
    page.get_by_text("已保存").wait_for()
    assert re.search(r"15\s+100\s+85", page.locator('tr[data-program="shizhu-kjcx-2024-high-tech"]').inner_text())
    check_page(page, "award-totals")
    log_out(page)

    high_submission.refresh_from_db()
    ip_submission.refresh_from_db()
    assert (high_submission.status, str(high_submission.approved_amount)) == ("approved", "15.0000")
    assert ip_submission.status == "returned"

    # The matcher now shows the approved amount, and the returned declaration's state.
    log_in(page, world["ent"].username)
    nav(page, "政策匹配")
    assert "核定金额：15 万元" in page.locator("#programshizhu-kjcx-2024-high-tech").inner_text()
    assert "本企业申报：退回补正" in page.locator("#programshizhu-kjcx-2024-ip").inner_text()
