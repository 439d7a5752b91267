"""P6 / issue 9: what a file is comes from its content; a ZIP's members are listed from the file
and every refusal names the member. No database: these are the engine's pure parts."""

import io
import time

import pytest

from keqi.files import zipcheck
from keqi.files.services import display_name, safe_name
from keqi.files.sniff import sniff
from keqi.files.tests.builders import (
    EXE,
    docx_bytes,
    ole_bytes,
    pdf_bytes,
    png_bytes,
    xlsx_bytes,
    zip_bomb,
    zip_bytes,
    zip_with_gbk_names,
    zip_with_raw_names,
)
from keqi.formkit.spec import Slot

GB = 1024**3


def kind(content: bytes, name: str = "x"):
    return sniff(io.BytesIO(content), name)


def triple(content: bytes, name: str):
    found = kind(content, name)
    return found.kind, found.mime, found.extension


def check(content: bytes, **limits):
    limits = {"max_unpacked_bytes": GB, "max_members": 2000, "label": "佐证材料", **limits}
    return zipcheck.check(io.BytesIO(content), **limits)


def refusal(content: bytes, **limits) -> str:
    with pytest.raises(zipcheck.ZipRefused) as refused:
        check(content, **limits)
    return str(refused.value)


def test_office_documents_are_told_from_a_plain_zip_by_their_members():
    assert triple(xlsx_bytes(), "表.xlsx") == (
        "office",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )
    assert kind(docx_bytes(), "承诺函.docx").extension == "docx"
    # a plain ZIP that merely carries a file called word/x.xml is no Word document
    assert kind(zip_bytes({"word/x.xml": b"<x/>"}), "伪装.docx").kind == "zip"
    # and a docx renamed .zip is still a Word document (content decides, not the name)
    assert kind(docx_bytes(), "材料.zip").extension == "docx"


def test_legacy_office_and_wps_are_recognised_from_the_ole_directory():
    assert triple(ole_bytes("WordDocument"), "申报书.doc") == ("office", "application/msword", "doc")
    assert kind(ole_bytes("WordDocument"), "申报书.wps").extension == "wps"  # WPS writes the same streams
    assert kind(ole_bytes("Workbook"), "明细.xls").mime == "application/vnd.ms-excel"
    assert kind(ole_bytes("Workbook"), "明细.et").extension == "et"
    assert kind(ole_bytes("PowerPoint Document"), "汇报.ppt").extension == "ppt"
    assert kind(ole_bytes("WordDocument"), "renamed.pdf").extension == "doc"
    encrypted = kind(ole_bytes("EncryptedPackage", extra_streams=("EncryptionInfo",)), "加密.docx")
    assert encrypted.problem == "文档设置了打开密码，请取消密码后重新上传"
    assert kind(ole_bytes("Something"), "x.doc").kind == ""


def test_pdf_image_and_fakes():
    assert kind(pdf_bytes(), "a.pdf").kind == "pdf"
    assert kind(png_bytes(), "a.png").kind == "image"
    fake = kind("这不是PDF，只是改了扩展名的文本".encode(), "年报.pdf")
    assert fake.kind == "" and fake.description == "文本文件"
    assert kind(EXE, "年报.pdf").description == "可执行程序"
    assert kind(b"Rar!\x1a\x07\x01\x00" + bytes(100), "材料.zip").description == "RAR压缩包"


def test_display_names_are_sanitised_and_carry_the_real_suffix():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\windows\\报告.pdf") == "报告.pdf"
    assert safe_name("发票\u202efdp.exe") == "发票fdp.exe"  # RTL override cannot disguise the suffix
    assert safe_name("合同\x00.pdf") == "合同.pdf"
    assert safe_name("  ..  ") == "附件"
    assert display_name("合同\u202excod.pdf", kind(docx_bytes())) == "合同xcod.docx"
    assert display_name("明细.wps", kind(ole_bytes("WordDocument"), "明细.wps")) == "明细.wps"
    assert display_name("其他证明（2025）#1.pdf", kind(pdf_bytes())) == "其他证明（2025）#1.pdf"


def test_slot_types_accept_and_backwards_compatibility():
    old = Slot("balance_sheet", "资产负债表")
    assert old.types == ("pdf",) and old.accept == ".pdf,application/pdf" and old.max_bytes == 3 * 1024 * 1024
    assert Slot("x", "x", types=("pdf", "image")).accept == ".pdf,application/pdf,image/png,image/jpeg"
    evidence = Slot("evidence", "佐证材料", types=["zip"], max_bytes=300 * 1024 * 1024)  # a list from JSON
    assert evidence.types == ("zip",) and ".zip" in evidence.accept and evidence.size_label == "300M"
    office = Slot("plan", "实施方案", types="office")
    assert office.types == ("office",) and all(ext in office.accept for ext in (".docx", ".xls", ".wps"))
    with pytest.raises(ValueError, match="rar"):
        Slot("x", "x", types=("rar",))


def test_a_zip_of_ordinary_evidence_is_listed_with_chinese_names():
    listing = check(
        zip_bytes(
            {
                "2023年审计报告/审计报告.pdf": pdf_bytes(),
                "2023年审计报告/附表.xlsx": xlsx_bytes(),  # a ZIP-based document is no nested archive
                "电子发票.ofd": zip_bytes({"OFD.xml": b"<ofd/>"}),
                "照片.png": png_bytes(),
                "空目录/": b"",
            }
        )
    )
    assert [m.name for m in listing.members][:2] == ["2023年审计报告/审计报告.pdf", "2023年审计报告/附表.xlsx"]


def test_gbk_names_from_chinese_windows_are_accepted_and_shown_as_chinese():
    listing = check(zip_with_gbk_names(["营业执照.pdf", "财务报表/2023年利润表.pdf"]))
    assert [m.name for m in listing.members] == ["营业执照.pdf", "财务报表/2023年利润表.pdf"]


def test_undecodable_member_names_are_refused_and_shown():
    garbage = b"\xff\xfe\x81\x30bad.pdf"  # neither UTF-8 nor GBK
    message = refusal(zip_with_raw_names([garbage], utf8_flag=False))
    assert message.startswith("佐证材料中的文件名无法识别（既不是UTF-8也不是GBK编码）：“")
    assert "bad.pdf" in message
    flagged = refusal(zip_with_raw_names(["报告".encode("gbk") + b".pdf"], utf8_flag=True))
    assert "不是有效的UTF-8编码" in flagged and ".pdf" in flagged


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../../etc/cron.d/x.pdf", "路径中含有“..”"),
        ("材料/../../外面.pdf", "路径中含有“..”"),
        ("..\\..\\Windows\\x.pdf", "路径中含有“..”"),
        ("/etc/passwd", "使用了绝对路径"),
        ("C:/Windows/system32/x.dll", "使用了绝对路径"),
        ("发票\u202efdp.exe", "文件名中含有控制字符或文字方向控制符"),
    ],
)
def test_unsafe_member_names_are_refused_naming_the_member(name, reason):
    message = refusal(zip_bytes({"正常.pdf": pdf_bytes(), name: b"x"}))
    shown = zipcheck.display(name)
    assert f"佐证材料中的“{shown}”{reason}" in message


def test_a_member_that_unpacks_to_2_gb_is_refused_without_unpacking_it():
    bomb = zip_bomb("数据/全零.bin")  # about 2 MB on disk, 2 GB when unpacked
    assert len(bomb) < 3 * 1024 * 1024
    started = time.monotonic()
    message = refusal(bomb)
    assert message == "佐证材料中的“数据/全零.bin”解压后为2.0G，超过解压后总大小上限1.0G"
    assert time.monotonic() - started < 2


def test_the_total_unpacked_size_and_the_member_count_are_capped():
    members = {f"第{i}页.pdf": bytes(400 * 1024) for i in range(6)}
    message = refusal(zip_bytes(members), max_unpacked_bytes=2 * 1024 * 1024)
    assert message == "佐证材料解压后的总大小超过上限2.0M（加上“第5页.pdf”后为2.3M）"
    many = zip_bytes({f"{i}.txt": b"x" for i in range(30)})
    assert refusal(many, max_members=20) == "佐证材料中的文件过多（30个），最多20个，请精简后重新打包"


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("附件/补充材料.zip", zip_bytes({"a.pdf": b"%PDF"}), "ZIP"),
        ("旧材料.rar", b"Rar!\x1a\x07\x00" + bytes(50), "RAR"),
        ("备份.7z", b"7z\xbc\xaf\x27\x1c" + bytes(50), "7Z"),
        ("看起来是PDF.pdf", zip_bytes({"a.pdf": b"%PDF"}), "ZIP"),  # by content, not by name
        ("data.bin", b"Rar!\x1a\x07\x00" + bytes(50), "RAR"),
    ],
)
def test_nested_archives_are_refused_naming_the_member(name, content, what):
    message = refusal(zip_bytes({"说明.pdf": pdf_bytes(), name: content}))
    assert message == f"佐证材料中的“{name}”是{what}压缩包，不能在压缩包中再放压缩包，请解压后重新打包"


def test_encrypted_members_empty_and_broken_archives_are_refused():
    data = bytearray(zip_bytes({"合同.pdf": pdf_bytes()}, compression=0))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        index = data.find(signature)
        data[index + offset] |= 0x1  # the "encrypted" flag, as a password-protected archive sets it
    assert refusal(bytes(data)) == "佐证材料中的“合同.pdf”设置了密码（已加密），请去除密码后重新打包"
    assert refusal(zip_bytes({})) == "佐证材料是空的，请把材料放入压缩包后再上传"
    truncated = zip_bytes({"合同.pdf": pdf_bytes()})[:-30]
    assert "已损坏或不是完整的ZIP文件" in refusal(truncated)
