"""Generated documents engine (issue 9 build item 5, S0.6, S1.15, P10): download → sign and
stamp → upload, voided by any later edit; PDFs with a text layer and embedded fonts.

The record here is a stand-in for any program's record (anything with `version`, `answers`,
`pk` and `_meta.label_lower`): the engine knows no program."""

import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from keqi.documents import registry
from keqi.documents import services as documents
from keqi.documents.models import DocumentState
from keqi.files.models import Attachment
from keqi.formkit import engine
from keqi.formkit.spec import MONEY, TEXT, Field, Form, Section, Slot, Table

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

FORM = Form(
    key="test_program",
    version="2026.1",
    title="测试申报",
    sections=(
        Section(
            "basic",
            "企业基本情况",
            fields=(Field("name", "企业名称", TEXT), Field("amount", "申请金额（万元）", MONEY)),
        ),
        Section(
            "loans",
            "贷款贴息",
            tables=(
                Table("loans", "贷款明细", columns=(Field("bank", "贷款银行", TEXT), Field("sum", "贷款金额", MONEY))),
            ),
        ),
    ),
)


class Record:
    """Any program's record: a FormRecord-shaped object."""

    _meta = SimpleNamespace(label_lower="testprogram.declaration")

    def __init__(self, pk, enterprise, answers):
        self.pk = pk
        self.enterprise_id = enterprise.pk
        self.enterprise = enterprise
        self.answers = answers
        self.version = 1

    def edit(self, **changes):
        self.answers = {**self.answers, **changes}
        self.version += 1


LETTER = registry.DocumentKind(
    key="test.letter",
    title="承诺函",
    template="documents/letter.html",
    context=lambda record: {
        "fields": [("企业名称", record.answers["name"]), ("申请金额（万元）", record.answers["amount"])],
        "paragraphs": ["本单位承诺所填报的申报材料真实、准确、完整。"],
    },
    signed=Slot("letter", "承诺函签字盖章件", types=("pdf", "image")),
)
APPLICATION = registry.DocumentKind(
    key="test.application",
    title="专精特新企业支持政策申报表",
    template="documents/form.html",
    context=lambda record: {"sections": engine.bind(FORM, record.answers)},
    signed=Slot("application", "申报表签字盖章件"),
)


@pytest.fixture
def record(make_enterprise, make_user):
    registry.register(LETTER, APPLICATION)
    enterprise = make_enterprise("110114", name="北京昌平喆堃科技有限公司")
    user = make_user("ENT", enterprise=enterprise)
    answers = {
        "name": enterprise.name,
        "amount": "50.0000",
        "loans": [{"_uid": f"l{i}", "bank": f"中国工商银行昌平支行{i}", "sum": "100"} for i in range(3)],
    }
    return Record(7001, enterprise, answers), user


def signed_scan(name="承诺函（签字盖章）.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_S0_6_download_sign_upload_then_an_edit_voids_it_and_submit_is_refused_naming_the_document(record):
    record, user = record
    assert documents.signed_copy_status("test.letter", record) == documents.MISSING
    assert documents.problems(record, ["test.letter"]) == ["请下载《承诺函》，签字盖章后上传扫描件"]

    with pytest.raises(ValidationError, match="请先下载最新的《承诺函》"):
        documents.upload_signed(
            actor=user, kind="test.letter", record=record, enterprise=record.enterprise, upload=signed_scan()
        )

    pdf, version = documents.issue(actor=user, kind="test.letter", record=record)
    assert version == 1 and pdf.startswith(b"%PDF")
    state = DocumentState.objects.get(kind="test.letter")
    assert (state.issued_version, state.issued_digest) == (1, LETTER.digest_of(record))
    documents.upload_signed(
        actor=user, kind="test.letter", record=record, enterprise=record.enterprise, upload=signed_scan()
    )
    assert documents.signed_copy_status("test.letter", record) == documents.CURRENT
    documents.require_current(record, ["test.letter"])  # the guard passes

    record.edit(amount="60")
    assert documents.signed_copy_status("test.letter", record) == documents.VOID
    page = documents.status("test.letter", record)
    assert page.void and "请重新下载《承诺函》" in page.message
    with pytest.raises(ValidationError) as refused:
        documents.require_current(record, ["test.letter"])
    assert refused.value.message_dict["__all__"] == [
        "填报信息已修改，原《承诺函》已失效，请重新下载《承诺函》，签字盖章后重新上传"
    ]
    assert "《承诺函》" in documents.guard("test.letter")(user, record)
    # the old download cannot be uploaded any more
    with pytest.raises(ValidationError, match="请先下载最新的《承诺函》"):
        documents.upload_signed(
            actor=user, kind="test.letter", record=record, enterprise=record.enterprise, upload=signed_scan()
        )

    # a new download, signed and uploaded, replaces the void copy
    _pdf, version = documents.issue(actor=user, kind="test.letter", record=record)
    assert version == 2
    documents.upload_signed(
        actor=user, kind="test.letter", record=record, enterprise=record.enterprise, upload=signed_scan("第二次.pdf")
    )
    assert documents.signed_copy_status("test.letter", record) == documents.CURRENT
    assert list(Attachment.objects.filter(slot="letter").values_list("original_name", flat=True)) == ["第二次.pdf"]
    assert documents.guard("test.letter")(user, record) is None


def test_a_download_then_an_edit_without_upload_asks_for_a_new_download(record):
    record, user = record
    documents.issue(actor=user, kind="test.letter", record=record)
    assert documents.signed_copy_status("test.letter", record) == documents.MISSING
    record.edit(name="北京昌平新名称科技有限公司")
    assert documents.signed_copy_status("test.letter", record) == documents.VOID


def test_a_write_that_forgot_to_bump_the_version_still_voids_the_copy(record):
    record, user = record
    documents.issue(actor=user, kind="test.letter", record=record)
    documents.upload_signed(
        actor=user, kind="test.letter", record=record, enterprise=record.enterprise, upload=signed_scan()
    )
    record.answers = {**record.answers, "amount": "99"}  # same version, other answers
    assert documents.signed_copy_status("test.letter", record) == documents.VOID


def test_documents_are_independent_and_discard_void_deletes_only_void_scans(record):
    record, user = record
    for kind in ("test.letter", "test.application"):
        documents.issue(actor=user, kind=kind, record=record)
        documents.upload_signed(
            actor=user, kind=kind, record=record, enterprise=record.enterprise, upload=signed_scan(f"{kind}.pdf")
        )
    assert documents.discard_void(actor=user, record=record, kinds=["test.letter", "test.application"]) == []
    record.edit(amount="70")
    discarded = documents.discard_void(actor=user, record=record, kinds=["test.letter"])
    assert discarded == [LETTER] and not Attachment.objects.filter(slot="letter").exists()
    assert documents.signed_copy_status("test.letter", record) == documents.VOID  # still asks for a new one
    assert documents.problems(record, ["test.letter", "test.application"]) == [
        LETTER.void_text,
        APPLICATION.void_text,
    ]
    documents.forget(record)
    assert not DocumentState.objects.exists()


def test_a_print_only_document_takes_no_signed_copy(record, make_user):
    record, user = record
    kind = registry.DocumentKind(key="test.print_only", title="入库审核表", template="documents/form.html")
    registry.register(kind)
    assert documents.problems(record, [kind]) == []
    with pytest.raises(ValidationError, match="无需上传"):
        documents.upload_signed(
            actor=user, kind=kind, record=record, enterprise=record.enterprise, upload=signed_scan()
        )
    with pytest.raises(LookupError, match=r"test\.print_only"):
        registry.get("test.unknown")


def pdf_text_and_fonts(content: bytes) -> tuple[str, list[tuple[str, bool]]]:
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            fonts.append(
                (str(font["/BaseFont"]), any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
            )
    return text, fonts


def test_P10_generated_pdfs_have_a_chinese_text_layer_and_embedded_fonts(record):
    record, _user = record
    for kind, expected in (
        ("test.letter", ("承诺函", "北京昌平喆堃科技有限公司", "本单位承诺所填报的申报材料真实", "法定代表人（签字）")),
        ("test.application", ("专精特新企业支持政策申报表", "贷款贴息", "中国工商银行昌平支行2", "50.00")),
    ):
        pdf, version = documents.generate(kind, record, actor=None)
        text, fonts = pdf_text_and_fonts(pdf)
        for snippet in expected:
            assert snippet in text, (kind, snippet)
        assert f"第{version}版" in text and registry.get(kind).digest_of(record)[:8].upper() in text
        assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert not DocumentState.objects.exists()  # generate() writes nothing


SUBSET_PROBE = """
import io, os, sys
import django
django.setup()
from pypdf import PdfReader
from keqi.formkit import pdf
assert pdf.font_files() == [os.environ["KEQI_PDF_FONT"]]
content = pdf.html_to_pdf(
    '<html lang="zh-CN"><body style="font-family: KeqiCJK"><h1>承诺函</h1><p>北京昌平喆堃科技有限公司 第1版</p></body></html>'
)
reader = PdfReader(io.BytesIO(content))
print(reader.pages[0].extract_text().replace(chr(10), " "))
for font in reader.pages[0]["/Resources"]["/Font"].values():
    font = font.get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    print(font["/BaseFont"], "/FontFile3" in descriptor or "/FontFile2" in descriptor or "/FontFile" in descriptor)
"""


def test_P10_the_subset_font_is_embedded_and_rarer_characters_fall_back_to_the_full_font(tmp_path):
    """In a fresh process, as a worker: the shared configuration is made once per process."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    from keqi.formkit import pdf

    target = tmp_path / "KeqiCJK-test.otf"
    characters = set(range(0x20, 0x7F)) | {ord(c) for c in "承诺函第版北京昌平科技有限公司"}  # ASCII, as the real one
    if pdf.build_subset_font(target, characters=characters) is None:
        pytest.skip("Noto Sans CJK is not installed")
    env = {**os.environ, "KEQI_PDF_FONT": str(target), "PYTHONPATH": str(settings.BASE_DIR)}
    output = subprocess.run(
        [sys.executable, "-c", SUBSET_PROBE], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert "北京昌平喆堃科技有限公司" in output[0]  # 喆 and 堃 are not in the subset
    fonts = [line.rsplit(" ", 1) for line in output[1:]]
    assert any("KeqiCJK" in name for name, _ in fonts) and any("Noto" in name for name, _ in fonts), fonts
    assert all(embedded == "True" for _name, embedded in fonts), fonts


def test_the_status_include_asks_for_a_new_download_when_void(record):
    from django.template.loader import render_to_string

    record, user = record
    documents.issue(actor=user, kind="test.letter", record=record)
    documents.upload_signed(
        actor=user, kind="test.letter", record=record, enterprise=record.enterprise, upload=signed_scan()
    )
    html = render_to_string(
        "documents/_status.html", {"doc": documents.status("test.letter", record), "download_url": "/x"}
    )
    assert 'data-status="current"' in html and "已上传签字盖章件" in html and "下载《承诺函》" in html
    record.edit(amount="1")
    html = render_to_string(
        "documents/_status.html", {"doc": documents.status("test.letter", record), "download_url": "/x"}
    )
    assert 'data-status="void"' in html and "请重新下载《承诺函》" in html and "（第2版）" in html
