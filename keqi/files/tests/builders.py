"""Real files for the files engine's tests: PDFs, PNGs, ZIPs (GBK names, bombs, nested),
DOCX/XLSX made with their own structure, legacy OLE Office documents."""

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 4000


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def zip_bytes(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["合同名称", "金额（万元）"])
    book.active.append(["数智转型改造合同", 120])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    """A minimal but complete WordprocessingML package (what python-docx or Word writes)."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>承诺函</w:t></w:r></w:p></w:body></w:document>"
    )
    return zip_bytes(
        {
            "[Content_Types].xml": content_types.encode(),
            "_rels/.rels": rels.encode(),
            "word/document.xml": document.encode(),
        }
    )


def ole_bytes(stream: str, *, extra_streams: tuple[str, ...] = ()) -> bytes:
    """A compound file (the container of .doc/.xls/.ppt/.wps) holding empty streams named
    `stream` and `extra_streams`: header, one FAT sector, one directory sector."""
    names = ["Root Entry", stream, *extra_streams]
    assert len(names) <= 4
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9)  # minor, major (v3), byte order, 512-byte sectors
    struct.pack_into("<H", header, 0x20, 6)  # mini sector shift
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)  # mini stream cutoff
    struct.pack_into("<IIII", header, 0x3C, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)  # no mini FAT, no extra DIFAT
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * 126  # sector 0 = FAT, sector 1 = directory
    fat_sector = struct.pack("<128I", *fat)
    directory = bytearray(512)
    for index, name in enumerate(names):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        entry[66] = 5 if index == 0 else 2  # root storage / stream
        entry[67] = 1  # black
        left, right = 0xFFFFFFFF, (index + 1 if index + 1 < len(names) and index > 0 else 0xFFFFFFFF)
        child = 1 if index == 0 and len(names) > 1 else 0xFFFFFFFF
        struct.pack_into("<III", entry, 68, left, right, child)
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)  # start sector: none (empty stream)
        directory[index * 128 : (index + 1) * 128] = entry
    return bytes(header) + fat_sector + bytes(directory)


def zip_with_raw_names(raws: list[bytes], *, utf8_flag: bool) -> bytes:
    """Members whose names are exactly these bytes, with or without the UTF-8 flag (zipfile
    itself always writes non-ASCII names as flagged UTF-8)."""
    placeholders = [chr(ord("A") + index) * len(raw) for index, raw in enumerate(raws)]
    data = bytearray(zip_bytes({name: f"第{index}个文件".encode() for index, name in enumerate(placeholders)}))
    for placeholder, raw in zip(placeholders, raws, strict=True):
        start = 0
        while (index := data.find(placeholder.encode(), start)) != -1:
            data[index : index + len(raw)] = raw
            start = index + len(raw)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (index := data.find(signature, start)) != -1:
            flags = struct.unpack_from("<H", data, index + flag_offset)[0]
            struct.pack_into("<H", data, index + flag_offset, flags | 0x800 if utf8_flag else flags & ~0x800)
            start = index + 4
    return bytes(data)


def zip_with_gbk_names(names: list[str]) -> bytes:
    """What Windows' "send to compressed folder" writes on a Chinese system: GBK, no UTF-8 flag."""
    return zip_with_raw_names([name.encode("gbk") for name in names], utf8_flag=False)


def zip_bomb(name: str = "数据.bin", unpacked: int = 2 * 1024**3) -> bytes:
    """A valid ZIP whose one member really inflates to `unpacked` zero bytes (2 GB by default)
    while the archive is about 2 MB: identical full-flushed deflate blocks of 1 MB of zeros."""
    block = bytes(1024 * 1024)
    assert unpacked % len(block) == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = one * (unpacked // len(block)) + compressor.flush()
    crc = 0
    for _ in range(unpacked // len(block)):
        crc = zlib.crc32(block, crc)
    encoded = name.encode("utf-8")
    local = struct.pack(
        "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, crc, len(stream), unpacked, len(encoded), 0
    )
    central = struct.pack(
        "<4sHHHHHHIIIHHHHHII",
        b"PK\x01\x02", 20, 20, 0x800, 8, 0, 0x21, crc, len(stream), unpacked, len(encoded), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    body = local + encoded + stream
    directory = central + encoded
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end
