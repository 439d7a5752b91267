"""Chinese identifier checks with Chinese messages (GB 32100 USCC, GB 11643 ID number, mobile).

The USCC check is our own: python-stdnum's rejects valid codes whose first character is a
letter (e.g. 'Y' for other registration authorities).
"""

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from stdnum.cn import ric

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def normalize_uscc(value: str) -> str:
    return (value or "").strip().upper()


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_error(value: str) -> str | None:
    """None when the code is valid, else the Chinese reason."""
    code = normalize_uscc(value)
    if len(code) != 18:
        return "统一社会信用代码应为18位"
    bad = [char for char in code if char not in USCC_ALPHABET]
    if bad:
        return f"统一社会信用代码含有无效字符“{bad[0]}”（不使用I、O、Z、S、V）"
    if not code[2:8].isdigit():
        return "统一社会信用代码第3至8位应为登记管理机关行政区划码（数字）"
    if uscc_check_character(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对后重新输入"
    return None


def uscc_region_code(value: str) -> str:
    """Positions 3–8: the registration authority's GB/T 2260 code."""
    return normalize_uscc(value)[2:8]


RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
LOC_DAT = Path(ric.__file__).with_name("loc.dat")


def resident_id_check_digit(first17: str) -> str:
    """GB 11643 check character of the first 17 digits."""
    total = sum(int(char) * weight for char, weight in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


@lru_cache(maxsize=1)
def area_codes_ever_used() -> frozenset[str]:
    """Every GB/T 2260 code python-stdnum records, current or retired.

    An ID number keeps the area code of the office that first issued it, which may be newer
    than the holder's birth date (500240…1988: 石柱 under 重庆 since 1997) or long retired
    (500112 渝北区), so the code only has to have existed at some time.
    """
    codes: set[str] = set()
    province = ""
    for line in LOC_DAT.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split(" ", 1)[0]
            codes.add(province + "0000")
            continue
        code = line.strip().split(" ", 1)[0]
        if len(code) == 4 and code.isdigit():
            codes.add(province + code)
    return frozenset(codes)


def resident_id_error(value: str, *, today: date | None = None) -> str | None:
    """None when the number is valid, else the first true reason: length and characters,
    birth date, area code, check digit."""
    number = (value or "").strip().upper()
    if len(number) != 18:
        return f"居民身份证号码应为18位（当前{len(number)}位）"
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return "居民身份证号码前17位应为数字，最后一位为数字或X"
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"居民身份证号码中的出生日期{number[6:14]}不是有效日期"
    if born.year < 1900 or born > (today or date.today()):
        return f"居民身份证号码中的出生日期{number[6:14]}不在有效范围内"
    if number[:6] not in area_codes_ever_used():
        return f"居民身份证号码前6位{number[:6]}不是有效的行政区划代码"
    if resident_id_check_digit(number[:17]) != number[17]:
        return "居民身份证号码校验位不正确，请核对后重新输入"
    return None


def mobile_error(value: str) -> str | None:
    if not MOBILE_PATTERN.match((value or "").strip()):
        return "请输入11位有效手机号码"
    return None


ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check_character(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(
        (int(c) if c.isdigit() else 10 + ord(c) - ord("A")) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(region_code: str, serial: int, *, authority: str = "9", category: str = "1") -> str:
    """A valid USCC for a region (demo and synthetic data): both check characters computed."""
    body = f"{serial % 10**8:08d}"
    first17 = f"{authority}{category}{region_code[:6]}{body}{org_code_check_character(body)}"
    return first17 + uscc_check_character(first17)
