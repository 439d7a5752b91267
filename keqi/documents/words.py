"""Amounts in words as official forms print them (大写): 123456.78 元 -> 壹拾贰万叁仟肆佰伍拾陆元柒角捌分."""

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL = ("", "拾", "佰", "仟")
LARGE = ("", "万", "亿", "万亿")


def _group(number: int) -> str:
    """Four digits (0-9999) in words, with 零 for inner gaps."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + SMALL[position]
    return text


def rmb_upper(yuan: Decimal) -> str:
    """The amount in yuan in Chinese financial capitals (to the fen), ending 整 when whole."""
    cents = int((Decimal(yuan) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if cents < 0:
        return "负" + rmb_upper(Decimal(-cents) / 100)
    whole, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    groups, text = [], ""
    while whole:
        groups.append(whole % 10000)
        whole //= 10000
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(text)
            continue
        if text and (pending_zero or group < 1000):
            text += "零"
        text += _group(group) + LARGE[index]
        pending_zero = False
    if text:
        text += "元"
    if jiao == 0 and fen == 0:
        return (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return text
