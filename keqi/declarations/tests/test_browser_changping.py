"""Seed 000 (S0.1–S0.15) in a real browser, built only from the program's data file: main form,
every reward sub-form with its child table and per-row uploads, 承诺函 and 申报表 downloaded
(text layer and embedded fonts checked), signed copies uploaded, an edit that voids both,
submit; the 昌平 officer returns with an opinion, the enterprise corrects and resubmits, the
officer passes; a 石柱 officer gets 404 by URL and API."""

import io

import pytest
from pypdf import PdfReader

from keqi.core.tests.test_browser_foundation import log_in, log_out
from keqi.declarations.models import Submission
from keqi.declarations.tests.browser import accept_dialogs, fill_field, nav, pdf_file, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fonts_embedded(reader: PdfReader) -> bool:
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is None or not any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                return False
    return True


def download_pdf(page, link_name) -> PdfReader:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    data = open(info.value.path(), "rb").read()
    return PdfReader(io.BytesIO(data))


def fill_record(page, records: dict, tmp_path) -> None:
    """添加 one record of a record list: its fields, its child table rows, then every upload."""
    page.locator(f"#records-{records['key']}").get_by_role("link", name="+ 添加").click()
    section = records["sections"][0]
    for spec in section.get("fields", []):
        fill_field(page, spec, spec["key"])
    for table in section.get("tables", []):
        page.get_by_role("button", name=f"+ {table.get('add_label', '增行')}").click()
        for column in table["columns"]:
            fill_field(page, column, f"{table['key']}-0-{column['key']}", in_table=True)
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text(f"已保存{records['label']}").wait_for()
    for slot in section.get("slots", []):
        upload(page, slot["key"], pdf_file(tmp_path, f"{slot['label'][:20]}.pdf"))
    for table in section.get("tables", []):
        for slot in table.get("row_slots", []):
            upload(page, slot["key"], pdf_file(tmp_path, f"{slot['label'][:20]}.pdf"))
    page.get_by_role("link", name="返回").click()


def test_changping_declaration_end_to_end(page, people, changping, program_data, tmp_path, client):
    accept_dialogs(page)
    form = program_data["form"]
    log_in(page, people["ent"].username)
    nav(page, "申报活动")
    page.get_by_role("link", name=changping.name).click()
    assert "有效期内的北京市专精特新中小企业或国家专精特新“小巨人”企业" in page.locator("#conditions").inner_text()
    page.get_by_role("button", name="我要申报").click()

    # Main form: 工商信息 from the profile, 基本信息, four years of figures, nine amounts.
    assert "北京昌平精工科技有限公司" in page.locator("#section-business").inner_text()
    for section in form["sections"]:
        for spec in section.get("fields", []):
            fill_field(page, spec, spec["key"])
        for table in section.get("tables", []):
            for index in range(len(table.get("fixed_rows", []))):
                for column in table["columns"]:
                    fill_field(page, column, f"{table['key']}-{index}-{column['key']}", in_table=True)
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    assert page.locator("#computed-amount_total").inner_text().startswith("112.5")  # 9 × 12.5 万元

    # 申报文件 and the eight reward sub-forms, each with its uploads and child rows.
    record_lists = [r for section in form["sections"] for r in section.get("records", [])]
    assert len(record_lists) == 9
    for records in record_lists:
        fill_record(page, records, tmp_path)
    submission = Submission.objects.get(program=changping)
    assert all(len(submission.answers[r["key"]]) == 1 for r in record_lists)

    # 承诺函 and 申报表: downloaded, text layer and fonts checked, signed copies uploaded.
    for title in ("承诺函", "申报表"):
        reader = download_pdf(page, f"下载{title}")
        text = "".join(p.extract_text() for p in reader.pages)
        assert title in text and "北京昌平精工科技有限公司" in text
        assert fonts_embedded(reader)
        page.goto(f"/declarations/{submission.pk}/")
        upload(
            page,
            "signed_commitment" if title == "承诺函" else "signed_application",
            pdf_file(tmp_path, f"{title}盖章.pdf"),
        )
        page.locator("#documents .tag", has_text="已上传").nth(0 if title == "承诺函" else 1).wait_for()
    assert page.locator("#documents .tag", has_text="已上传").count() == 2

    # A figure edited after the download voids both signed copies.
    page.fill("[name=amount_rd]", "66")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    assert page.locator("#documents .tag", has_text="已失效").count() == 2
    page.get_by_role("button", name="提交").click()
    assert "重新下载" in page.locator("#document-commitment").inner_text()
    for key, title in (("commitment", "承诺函"), ("application", "申报表")):
        download_pdf(page, f"下载{title}")
        page.goto(f"/declarations/{submission.pk}/")
        upload(page, f"signed_{key}", pdf_file(tmp_path, f"{title}重新盖章.pdf"))
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    # A 石柱 officer gets 404 by URL and by API.
    client.force_login(people["shizhu"])
    assert client.get(f"/declarations/review/{submission.pk}/").status_code == 404
    assert client.get(f"/api/v1/declarations/submissions/{submission.pk}").status_code == 404
    assert client.get("/api/v1/declarations/submissions").json()["count"] == 0

    # The 昌平 officer sees the requested amounts and returns with an opinion.
    log_in(page, people["district"].username)
    nav(page, "申报审核")
    page.get_by_role("row", name="北京昌平精工科技有限公司").get_by_role("link", name="审核").click()
    assert "研发投入奖励额度" in page.content()
    page.fill("#opinion", "贷款合同扫描件不清晰，请重新上传")
    page.get_by_role("button", name="退回补正").click()
    page.get_by_text("审核意见已提交").wait_for()
    log_out(page)

    # The enterprise replaces the file and resubmits to the district.
    log_in(page, people["ent"].username)
    nav(page, "申报活动")
    page.get_by_role("link", name="继续填报").click()
    assert "贷款合同扫描件不清晰" in page.locator("#return-opinion").inner_text()
    page.locator("#records-loan_interest").get_by_role("link", name="编辑").click()
    page.locator('[id^="slot-loan_contract-"]').get_by_role("button", name="删除").click()
    upload(page, "loan_contract", pdf_file(tmp_path, "贷款合同-清晰版.pdf"))
    page.get_by_role("link", name="返回").click()
    page.get_by_role("button", name="提交").click()
    page.locator("#status", has_text="审核中").wait_for()
    log_out(page)

    log_in(page, people["district"].username)
    nav(page, "申报审核")
    page.get_by_role("row", name="北京昌平精工科技有限公司").get_by_role("link", name="审核").click()
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("审核意见已提交").wait_for()
    submission.refresh_from_db()
    assert submission.status == "approved"
    first, second = submission.snapshots.order_by("sequence")
    # The file the officer reviewed stays in the first snapshot; the second has its replacement.
    assert {a["name"] for a in first.attachments} - {a["name"] for a in second.attachments} == {
        "银行贷款合同和贷款到位凭证.pdf"
    }
    assert "贷款合同-清晰版.pdf" in {a["name"] for a in second.attachments}
    assert all(len(a["sha256"]) == 64 for a in first.attachments)
