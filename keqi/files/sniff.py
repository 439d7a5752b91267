"""What a file is, from its content (P6): never from its name alone.

`sniff(fileobj, name)` reads the first bytes and, for ZIP and OLE containers, the container's
directory (seeking, never reading the whole file). The name only chooses between formats the
content cannot tell apart (a Word document saved by WPS as `.wps` or by Word as `.doc`).
"""

from __future__ import annotations

import struct
import warnings
import zipfile
from dataclasses import dataclass, replace
from pathlib import PurePath

import filetype
from django.conf import settings
from PIL import Image

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local header, or an empty archive


@dataclass(frozen=True)
class Sniffed:
    kind: str  # slot type: "pdf", "image", "zip", "office"; "" when no slot type matches
    mime: str  # stored as the attachment's content type and served with it
    extension: str  # the stored file's suffix and the one a display name should carry
    extensions: tuple[str, ...] = ()  # other names for the same content (".doc" / ".wps")
    description: str = ""  # what it is, in Chinese, for messages ("文本文件", "RAR压缩包")
    problem: str = ""  # readable but refused regardless of slot (e.g. password-protected)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

OOXML = {
    "word/": Sniffed("office", DOCX, "docx", description="Word文档"),
    "xl/": Sniffed("office", XLSX, "xlsx", description="Excel表格"),
    "ppt/": Sniffed("office", PPTX, "pptx", description="PowerPoint演示文稿"),
}
# OLE compound documents: the main stream names the application; WPS writes the same streams.
OLE_STREAMS = {
    "WordDocument": Sniffed("office", "application/msword", "doc", ("doc", "wps"), "Word文档"),
    "Workbook": Sniffed("office", "application/vnd.ms-excel", "xls", ("xls", "et"), "Excel表格"),
    "Book": Sniffed("office", "application/vnd.ms-excel", "xls", ("xls", "et"), "Excel表格"),
    "PowerPoint Document": Sniffed(
        "office", "application/vnd.ms-powerpoint", "ppt", ("ppt", "dps"), "PowerPoint演示文稿"
    ),
}
SIMPLE = {
    "application/pdf": Sniffed("pdf", "application/pdf", "pdf", description="PDF"),
    "image/png": Sniffed("image", "image/png", "png", description="PNG图片"),
    "image/jpeg": Sniffed("image", "image/jpeg", "jpg", ("jpg", "jpeg"), "JPG图片"),
}
DESCRIBED = {
    "application/x-rar-compressed": "RAR压缩包",
    "application/x-7z-compressed": "7z压缩包",
    "application/gzip": "gzip压缩包",
    "application/x-tar": "tar归档",
    "application/x-msdownload": "可执行程序",
    "application/x-executable": "可执行程序",
    "image/gif": "GIF图片",
    "image/bmp": "BMP图片",
    "image/webp": "WebP图片",
    "image/tiff": "TIFF图片",
    "application/rtf": "RTF文档",
}


def extension_of(name: str) -> str:
    return PurePath(str(name or "")).suffix.lower().lstrip(".")


def sniff(fileobj, name: str = "") -> Sniffed:
    """The content's type. `fileobj` must be seekable; its position is restored to 0."""
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    try:
        if head.startswith(ZIP_MAGIC):
            return _zip_container(fileobj, name)
        if head.startswith(OLE_MAGIC):
            return _ole_container(fileobj, name)
    finally:
        fileobj.seek(0)
    kind = filetype.guess(head)
    if kind and kind.mime in SIMPLE:
        found = SIMPLE[kind.mime]
        if found.kind == "image":
            return _image(fileobj, found)
        return found
    if kind:
        return Sniffed("", kind.mime, kind.extension, description=DESCRIBED.get(kind.mime, f"{kind.extension}文件"))
    if head and _is_text(head):
        return Sniffed("", "text/plain", "txt", description="文本文件")
    return Sniffed("", "application/octet-stream", "bin", description="无法识别的格式" if head else "空文件")


def max_image_pixels() -> int:
    return int(getattr(settings, "FILES_MAX_IMAGE_PIXELS", 50_000_000))


def _image(fileobj, found: Sniffed) -> Sniffed:
    """A PNG/JPEG whose header declares more pixels than settings allow is refused before any
    decoding (a decompression bomb: a few KB that expand to gigabytes). Only the header is read."""
    limit = max_image_pixels()
    too_large = "图片尺寸过大{size}，请缩小到{limit}百万像素以内（如4000×3000）后重新上传"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(fileobj) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return replace(found, problem=too_large.format(size="", limit=limit // 1_000_000))
    except (OSError, SyntaxError, ValueError):
        return replace(found, problem="图片已损坏，无法识别，请重新导出后上传")
    finally:
        fileobj.seek(0)
    if width * height > limit:
        return replace(found, problem=too_large.format(size=f"（{width}×{height}像素）", limit=limit // 1_000_000))
    return found


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 4:  # a character cut at the end of the sample
                return True
    return False


def _zip_container(fileobj, name: str) -> Sniffed:
    zip_kind = Sniffed("zip", "application/zip", "zip", description="ZIP压缩包")
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, UnicodeDecodeError, OSError, EOFError):
        return zip_kind  # a damaged or oddly named archive: the ZIP checks say what is wrong
    if "[Content_Types].xml" in names:
        for prefix, sniffed in OOXML.items():
            if any(member.startswith(prefix) for member in names):
                return sniffed
    if "mimetype" in names and any(n == "META-INF/manifest.xml" for n in names):
        return Sniffed("", "application/vnd.oasis.opendocument", "odf", description="OpenDocument文档")
    return zip_kind


def _ole_container(fileobj, name: str) -> Sniffed:
    streams = set(ole_stream_names(fileobj))
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        return Sniffed(
            "office",
            "application/x-ole-storage",
            "bin",
            description="加密的Office文档",
            problem="文档设置了打开密码，请取消密码后重新上传",
        )
    for stream, sniffed in OLE_STREAMS.items():
        if stream in streams:
            wanted = extension_of(name)
            if wanted in sniffed.extensions:  # .wps / .et / .dps keep their own name
                return Sniffed(sniffed.kind, sniffed.mime, wanted, sniffed.extensions, sniffed.description)
            return sniffed
    return Sniffed("", "application/x-ole-storage", "bin", description="无法识别的OLE复合文档")


def ole_stream_names(fileobj, *, max_sectors: int = 256) -> list[str]:
    """Names in an OLE compound file's directory, following the FAT chain by seeking.

    Reads the 512-byte header, the FAT sectors listed in its header (enough for files of
    several MB with 512-byte sectors, hundreds of MB with 4 KB sectors) and the directory
    sectors; a file whose directory lies beyond them yields the names found so far.
    """
    fileobj.seek(0)
    header = fileobj.read(512)
    if len(header) < 512 or not header.startswith(OLE_MAGIC):
        return []
    sector_size = 1 << struct.unpack_from("<H", header, 0x1E)[0]
    if sector_size not in (512, 4096):
        return []
    first_dir = struct.unpack_from("<I", header, 0x30)[0]
    fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < 0xFFFFFFFA]

    def read_sector(number: int) -> bytes:
        fileobj.seek((number + 1) * sector_size)
        return fileobj.read(sector_size)

    fat: list[int] = []
    for number in fat_sectors[:max_sectors]:
        data = read_sector(number)
        fat.extend(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))
    names: list[str] = []
    sector, seen = first_dir, set()
    while sector < 0xFFFFFFFA and sector not in seen and len(seen) < max_sectors:
        seen.add(sector)
        data = read_sector(sector)
        for offset in range(0, len(data) - 127, 128):
            length = struct.unpack_from("<H", data, offset + 64)[0]
            if 2 <= length <= 64:
                names.append(data[offset : offset + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
    return names
