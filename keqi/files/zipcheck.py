"""ZIP member checks (P6, issue 9): every refusal names the member and says what is wrong.

The archive is read with `zipfile` from the spooled upload or the stored file: only the
central directory and the first bytes of each member are read, nothing is extracted.
"""

from __future__ import annotations

import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass

NESTED_SUFFIXES = (
    ".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".tbz", ".xz", ".txz", ".zst",
    ".cab", ".arj", ".lzh", ".lha", ".z", ".iso", ".jar", ".war", ".apk",
)  # fmt: skip
# ZIP-based documents that may sit inside an evidence ZIP (they start with "PK" too).
ZIP_DOCUMENTS = (".docx", ".xlsx", ".pptx", ".docm", ".xlsm", ".odt", ".ods", ".odp", ".ofd", ".epub", ".wps", ".et")
ARCHIVE_MAGIC = {
    b"PK\x03\x04": "ZIP",
    b"Rar!\x1a\x07": "RAR",
    b"7z\xbc\xaf\x27\x1c": "7z",
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"MSCF": "CAB",
}
DRIVE = re.compile(r"^[A-Za-z]:")
# Programs never belong in evidence (issue 15): refused by suffix or by their first bytes.
EXECUTABLE_SUFFIXES = (
    ".exe", ".com", ".bat", ".cmd", ".scr", ".msi", ".dll", ".sys", ".pif", ".cpl",
    ".vbs", ".vbe", ".js", ".jse", ".wsf", ".ps1", ".sh", ".lnk", ".hta",
)  # fmt: skip
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf")


@dataclass(frozen=True)
class Member:
    name: str  # the name as an officer would see it after unpacking (GBK names decoded)
    size: int  # uncompressed
    compressed: int


@dataclass(frozen=True)
class Listing:
    members: tuple[Member, ...]
    unpacked_bytes: int


class ZipRefused(ValueError):
    """The archive is refused; `str(error)` is the Chinese message naming the member."""


def display(name: str) -> str:
    """A member name safe to show: control and bidi-override characters made visible."""
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn") else ch for ch in name
    )


def size_text(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.1f}G"
    if size >= 1024**2:
        return f"{size / 1024**2:.1f}M"
    return f"{max(1, size // 1024)}K"


def member_name(info: zipfile.ZipInfo, label: str = "压缩包") -> str:
    """The member's name: UTF-8 when flagged; otherwise UTF-8, or GBK (Chinese Windows), or refused."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.orig_filename.encode("cp437")  # zipfile decoded unflagged names as CP437: undo it
    if raw.isascii():
        return raw.decode("ascii")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ZipRefused(
        f"{label}中的文件名无法识别（既不是UTF-8也不是GBK编码）：“{display(raw.decode('gbk', 'replace'))}”，"
        "请修改文件名后重新打包"
    )


def unsafe_reason(name: str) -> str:
    path = name.replace("\\", "/")
    if path.startswith("/") or DRIVE.match(path):
        return "使用了绝对路径"
    if ".." in path.split("/"):
        return "路径中含有“..”（会解压到压缩包以外的目录）"
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in path):
        return "文件名中含有控制字符或文字方向控制符"
    return ""


def check(fileobj, *, max_unpacked_bytes: int, max_members: int, label: str = "压缩包") -> Listing:
    """List and check the archive's members; ZipRefused with the reason and the member's name."""
    fileobj.seek(0)
    try:
        archive = zipfile.ZipFile(fileobj)
    except UnicodeDecodeError as error:  # a member flagged UTF-8 whose name is not UTF-8
        shown = display(bytes(error.object).decode("utf-8", "replace"))
        raise ZipRefused(f"{label}中的文件名不是有效的UTF-8编码：“{shown}”，请修改文件名后重新打包") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ZipRefused(f"{label}已损坏或不是完整的ZIP文件，无法读取其中的文件列表，请重新打包后上传") from None
    with archive:
        infos = archive.infolist()
        if not infos:
            raise ZipRefused(f"{label}是空的，请把材料放入压缩包后再上传")
        if len(infos) > max_members:
            raise ZipRefused(f"{label}中的文件过多（{len(infos)}个），最多{max_members}个，请精简后重新打包")
        members, total = [], 0
        for info in infos:
            name = member_name(info, label)
            shown = display(name)
            reason = unsafe_reason(name)
            if reason:
                raise ZipRefused(f"{label}中的“{shown}”{reason}，请修改后重新打包")
            mode = info.external_attr >> 16
            if info.create_system == 3 and stat.S_ISLNK(mode):
                raise ZipRefused(f"{label}中的“{shown}”是符号链接，请放入文件本身后重新打包")
            if info.flag_bits & 0x1:
                raise ZipRefused(f"{label}中的“{shown}”设置了密码（已加密），请去除密码后重新打包")
            if info.is_dir():
                continue
            nested = _nested_archive(archive, info, name, label)
            if nested:
                raise ZipRefused(f"{label}中的“{shown}”是{nested}压缩包，不能在压缩包中再放压缩包，请解压后重新打包")
            if _executable(archive, info, name):
                raise ZipRefused(f"{label}中的“{shown}”是可执行程序，不能作为材料上传，请删除后重新打包")
            if info.file_size > max_unpacked_bytes:
                raise ZipRefused(
                    f"{label}中的“{shown}”解压后为{size_text(info.file_size)}，"
                    f"超过解压后总大小上限{size_text(max_unpacked_bytes)}"
                )
            total += info.file_size
            if total > max_unpacked_bytes:
                raise ZipRefused(
                    f"{label}解压后的总大小超过上限{size_text(max_unpacked_bytes)}"
                    f"（加上“{shown}”后为{size_text(total)}）"
                )
            members.append(Member(name=name, size=info.file_size, compressed=info.compress_size))
    fileobj.seek(0)
    return Listing(members=tuple(members), unpacked_bytes=total)


def _executable(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bool:
    if name.lower().endswith(EXECUTABLE_SUFFIXES):
        return True
    try:
        with archive.open(info) as member:
            head = member.read(4)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError):
        return False  # _nested_archive has already reported an unreadable member
    return head.startswith(EXECUTABLE_MAGIC)


def _nested_archive(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, label: str) -> str:
    """ "ZIP", "RAR", … when the member is an archive by its name or by its first bytes."""
    lower = name.lower()
    if lower.endswith(ZIP_DOCUMENTS):
        by_name = ""
    else:
        by_name = next((s.lstrip(".").upper() for s in NESTED_SUFFIXES if lower.endswith(s)), "")
    if by_name:
        return by_name
    try:
        with archive.open(info) as member:
            head = member.read(8)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError):
        raise ZipRefused(f"{label}中的“{display(name)}”已损坏或使用了不支持的压缩方式，无法读取") from None
    for magic, kind in ARCHIVE_MAGIC.items():
        if head.startswith(magic) and not (kind == "ZIP" and lower.endswith(ZIP_DOCUMENTS)):
            return kind
    return ""
