"""P6 attachments (sniffing, size caps, safe names, private serving), S1.15 cover page, P10 PDFs
with embedded Chinese fonts, S1.12 XLSX templates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from pypdf import PdfReader

from keqi.evaluation import services
from keqi.evaluation.tests.conftest import attach_cover
from keqi.evaluation.tests.helpers import EXE, QUALIFYING, pdf_bytes, png_bytes
from keqi.files.models import Attachment

pytestmark = pytest.mark.django_db


def upload(client, evaluation, slot, name, content, row=""):
    url = f"/evaluation/{evaluation.pk}/upload/{slot}/" + (f"?row={row}" if row else "")
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def assert_chinese_pdf(content: bytes, *texts):
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in texts:
        assert expected in text
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
                "/FontDescriptor"
            ].get_object()
            fonts.append(any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert fonts and all(fonts), "every font must be embedded"


def test_P6_an_exe_renamed_pdf_is_refused_at_the_slot(filled, setup, client):
    client.force_login(setup["ent"])
    response = upload(client, filled, "other_evidence", "年报.pdf", EXE)
    assert response.status_code == 422
    assert "文件类型不符合要求：仅支持PDF" in response.content.decode()
    assert not Attachment.objects.filter(slot="other_evidence").exists()


def test_P6_a_3_1_mb_pdf_is_refused_and_3_mb_accepted(filled, setup, client):
    client.force_login(setup["ent"])
    big = upload(client, filled, "other_evidence", "大文件.pdf", pdf_bytes(int(3.1 * 1024 * 1024)))
    assert big.status_code == 422 and "大小不能超过3M" in big.content.decode()
    ok = upload(client, filled, "other_evidence", "其他证明（2025）#1.pdf", pdf_bytes(3 * 1024 * 1024))
    assert ok.status_code == 200
    stored = Attachment.objects.get(slot="other_evidence")
    assert stored.original_name == "其他证明（2025）#1.pdf"
    assert "其他证明（2025）#1.pdf" in ok.content.decode()


def test_P6_a_1_1_mb_certificate_image_is_refused(filled, setup, client):
    client.force_login(setup["ent"])
    response = upload(client, filled, "ip_certificate", "证书.png", png_bytes(int(1.1 * 1024 * 1024)), row="n1")
    assert response.status_code == 422 and "知识产权证明文件大小不能超过1M" in response.content.decode()
    assert upload(client, filled, "ip_certificate", "证书.png", png_bytes(), row="n1").status_code == 200


def test_P6_a_huge_upload_is_refused_from_its_declared_length_without_reading_it(filled, setup, client):
    client.force_login(setup["ent"])

    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):  # pragma: no cover - must never be read
            raise AssertionError("the body must not be read")

    request = client.request(
        REQUEST_METHOD="POST",
        PATH_INFO=f"/evaluation/{filled.pk}/upload/other_evidence/",
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(4 * 1024**3),
        HTTP_X_CSRFTOKEN="unused",
        **{"wsgi.input": Endless()},
    )
    assert request.status_code in (403, 413, 422)
    assert not Attachment.objects.filter(slot="other_evidence").exists()


def test_P6_files_are_private_and_served_only_in_scope(filled, setup, client, make_enterprise, make_user):
    attachment = Attachment.objects.filter(slot="balance_sheet").first()
    assert "media" in attachment.file.path and "/static/" not in attachment.file.path
    client.force_login(setup["ent"])
    response = client.get(f"/files/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment;" in response["Content-Disposition"]
    client.force_login(make_user("ENT", enterprise=make_enterprise("110114")))
    assert client.get(f"/files/{attachment.pk}/").status_code == 404
    assert client.get(f"/api/v1/files/{attachment.pk}").status_code == 404
    client.force_login(setup["agency_user"])  # not yet sent to the agency
    assert client.get(f"/files/{attachment.pk}/").status_code == 404


def test_S1_15_cover_pdf_renders_chinese_and_editing_invalidates_the_signed_copy(filled, setup, client):
    client.force_login(setup["ent"])
    client.get(f"/evaluation/{filled.pk}/result/")
    early = upload(client, filled, "cover", "封面.pdf", pdf_bytes())
    assert early.status_code == 422 and "请先下载最新的封面文件" in early.content.decode()
    response = client.get(f"/evaluation/{filled.pk}/cover.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert_chinese_pdf(response.content, "科技型中小企业信息表", "北京昌平评价测试科技有限公司", "法定代表人")
    assert upload(client, filled, "cover", "封面（签字盖章）.pdf", pdf_bytes()).status_code == 200
    assert Attachment.objects.filter(slot="cover").count() == 1
    # edit after download: the signed copy is void and a new one is asked for
    data = {**QUALIFYING, "version": str(filled.version), "tax_total": "81"}
    filled.refresh_from_db()
    data["version"] = str(filled.version)
    assert client.post(f"/evaluation/{filled.pk}/form/", data).status_code == 302
    assert not Attachment.objects.filter(slot="cover").exists()
    page = client.get(f"/evaluation/{filled.pk}/result/").content.decode()
    assert "原封面文件已失效，请重新下载封面文件" in page


def test_S1_16_audit_form_pdf_renders_chinese(filled, setup):
    from keqi.evaluation import documents

    evaluation = attach_cover(filled, setup["ent"])
    services.submit(actor=setup["ent"], evaluation=evaluation, agency_id=setup["agency"].pk)
    evaluation.refresh_from_db()
    assert_chinese_pdf(documents.audit_form_pdf(evaluation), "科技型中小企业入库审核表", "北京科技评价中心", "提交")


def test_S1_12_templates_download_as_real_xlsx(setup, client):
    client.force_login(setup["ent"])
    for kind, header in (("staff", "是否科技人员"), ("rd_ledger", "人员人工费用")):
        response = client.get(f"/evaluation/templates/{kind}.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert header in [cell.value for cell in sheet[2]]
    assert client.get("/evaluation/templates/other.xlsx").status_code == 404


def test_S1_10_pick_ip_from_the_register_20_per_page_by_type(filled, setup, client):
    from datetime import date

    from keqi.enterprises.models import IntellectualProperty
    from keqi.reference.models import IPType

    patent, software = IPType.objects.get(code="invention_patent"), IPType.objects.get(code="software_copyright")
    for index in range(25):
        IntellectualProperty.objects.create(
            enterprise=setup["enterprise"],
            name=f"专利{index}",
            ip_type=patent if index < 22 else software,
            number=f"ZL2020{index:04d}",
            granted_on=date(2021, 1, 1 + index),
            acquisition="self",
        )
    client.force_login(setup["ent"])
    page = client.get(f"/evaluation/{filled.pk}/ip-register/").content.decode()
    assert page.count('name="ids"') == 20 and 'aria-label="第2页"' in page and "/ 2 页" in page
    page = client.get(f"/evaluation/{filled.pk}/ip-register/?type=software_copyright").content.decode()
    assert page.count('name="ids"') == 3
    ids = list(IntellectualProperty.objects.filter(ip_type=patent).values_list("pk", flat=True)[:2])
    client.post(f"/evaluation/{filled.pk}/ip-register/", {"ids": ids, "version": filled.version})
    filled.refresh_from_db()
    assert [row["_source"] for row in filled.answers["ip_rows"]] == ["register", "register"]
    assert "ip_rows" not in " ".join(services.completeness(filled))  # register rows need no certificate
    result = services.run_assessment(actor=setup["ent"], evaluation=filled).assessment
    assert result["ip_counts"]["class1"] == 2 and result["scores"]["ip"] > 0


def test_P6_api_upload_applies_the_same_sniffing_and_caps(filled, setup, client):
    client.force_login(setup["ent"])
    url = f"/api/v1/evaluations/{filled.pk}/attachments/other_evidence"
    big = client.post(url, {"file": SimpleUploadedFile("大.pdf", pdf_bytes(int(3.1 * 1024 * 1024)))})
    assert big.status_code == 422 and big.json()["errors"][0]["message"] == "其他证明材料大小不能超过3M"
    exe = client.post(url, {"file": SimpleUploadedFile("假.pdf", EXE)})
    assert exe.status_code == 422 and "文件类型不符合要求" in exe.json()["errors"][0]["message"]
    ok = client.post(url, {"file": SimpleUploadedFile("真.pdf", pdf_bytes())})
    assert ok.status_code == 201 and ok.json()["name"] == "真.pdf"


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_audit_form_opinion_column_is_wide_enough_to_read(filled, setup):
    """Issue 10: the 审核意见 column was ~5 characters wide, so every opinion wrapped per word."""
    from keqi.evaluation import documents

    evaluation = attach_cover(filled, setup["ent"])
    services.submit(actor=setup["ent"], evaluation=evaluation, agency_id=setup["agency"].pk)
    opinion = "材料齐全数据真实同意入库"
    services.decide(actor=setup["agency_user"], evaluation=evaluation, action="agency_return", opinion=opinion)
    evaluation.refresh_from_db()
    text = pdf_text(documents.audit_form_pdf(evaluation))
    assert opinion in text  # on one line: a narrow column breaks it with newlines


def test_cover_pdf_prints_no_internal_form_version(filled, setup, client):
    client.force_login(setup["ent"])
    client.get(f"/evaluation/{filled.pk}/result/")
    text = pdf_text(client.get(f"/evaluation/{filled.pk}/cover.pdf").content)
    assert "表单" not in text and filled.form_version not in text and "填报版本" not in text
    assert "生成时间" in text
