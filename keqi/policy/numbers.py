"""Decimal arithmetic, parsing and formatting shared by every scheme.

Exactness argument. Inputs are limited to ``|x| < 10**12`` with at most 10 decimal places
(see ``parse_decimal``), so every figure has at most 22 significant digits. All rules run
inside ``CONTEXT`` (100 significant digits, float mixing trapped). Sums and products of a
few inputs are therefore exact, and a quotient ``n / d`` that differs from a tier bound
``t`` (at most 4 decimal places) differs from it by far more than the rounding error of a
100-digit division, so comparing the computed quotient with ``t`` gives the same answer
as comparing the exact rational number. Tier bounds are inclusive and are never rounded.
"""

from __future__ import annotations

import re
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    FloatOperation,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

CONTEXT = Context(
    prec=100,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow, FloatOperation],
)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
YUAN = Decimal("0.0001")  # one yuan, in 万元
MAX_ABS = Decimal(10) ** 12
MAX_PLACES = 10

_DECIMAL_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def exact():
    """Context manager: run rules in the 100-digit, float-trapping context."""
    return localcontext(CONTEXT)


def pct(text: str) -> Decimal:
    """A percentage written as in the documents: ``pct("30") == Decimal("0.30")``."""
    return Decimal(text).scaleb(-2)


class NumberError(ValueError):
    """A value is not an acceptable number; ``code`` selects the Chinese message."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def parse_decimal(value: object) -> Decimal:
    """Accept int, Decimal or a decimal string; reject bool, float and anything else.

    Raises ``NumberError`` with code ``type``, ``finite``, ``size`` or ``places``.
    """
    if isinstance(value, bool):
        raise NumberError("type")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not _DECIMAL_TEXT.match(text):
            raise NumberError("type")
        number = Decimal(text)
    else:
        raise NumberError("type")
    if not number.is_finite():
        raise NumberError("finite")
    if number >= MAX_ABS or number <= -MAX_ABS:
        raise NumberError("size")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES:
        # Trailing zeros beyond the limit are harmless ("1.000000000000").
        if number != number.quantize(Decimal(1).scaleb(-MAX_PLACES), context=CONTEXT):
            raise NumberError("places")
        number = number.quantize(Decimal(1).scaleb(-MAX_PLACES), context=CONTEXT)
    return number + ZERO if number.is_zero() else number


def parse_int(value: object) -> int:
    """Accept an int, or a Decimal / decimal string with an integral value."""
    if isinstance(value, bool):
        raise NumberError("type")
    if isinstance(value, int):
        if value >= MAX_ABS or value <= -MAX_ABS:
            raise NumberError("size")
        return value
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise NumberError("integer")
    return int(number)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator / denominator`` in the exact context; None when the denominator is not positive."""
    if denominator <= 0:
        return None
    return CONTEXT.divide(numerator, denominator)


def divide_checked(numerator: Decimal, denominator: Decimal) -> tuple[Decimal, bool]:
    """``numerator / denominator`` in the exact context, and whether the quotient is exact."""
    context = CONTEXT.copy()
    context.clear_flags()
    quotient = context.divide(numerator, denominator)
    return quotient, not context.flags[Inexact]


def ceil_to(value: Decimal, quantum: Decimal) -> Decimal:
    """Round ``value`` up to a multiple of ``quantum`` (e.g. to the yuan)."""
    return CONTEXT.multiply(CONTEXT.divide(value, quantum).to_integral_value(rounding=ROUND_CEILING), quantum)


def floor_to(value: Decimal, quantum: Decimal) -> Decimal:
    """Round ``value`` down to a multiple of ``quantum``."""
    return CONTEXT.multiply(CONTEXT.divide(value, quantum).to_integral_value(rounding=ROUND_FLOOR), quantum)


def plain(value: Decimal | int) -> str:
    """Render a number without exponent and without trailing zeros: 1.2000 -> "1.2"."""
    if isinstance(value, int):
        return str(value)
    if value.is_zero():
        return "0"
    text = format(value.normalize(CONTEXT), "f")
    return text


def ratio_text(value: Decimal | None, places: int = 10) -> str | None:
    """Render a ratio for the ``ratios`` map: exact when short, else rounded to ``places``."""
    if value is None:
        return None
    rounded = value.quantize(Decimal(1).scaleb(-places), context=CONTEXT)
    return plain(rounded)


def percent(value: Decimal, threshold: Decimal | None = None) -> str:
    """A ratio as a percentage with 1-2 decimals, e.g. Decimal("0.09") -> "9.0%".

    When ``threshold`` is given, more decimals are shown as long as the rounded figure would
    otherwise look equal to the threshold (so "10.00%" never appears for 9.9999%).
    """
    hundredfold = CONTEXT.multiply(value, HUNDRED)
    for places in range(2, 12):
        shown = hundredfold.quantize(Decimal(1).scaleb(-places), context=CONTEXT)
        if threshold is None or hundredfold == CONTEXT.multiply(threshold, HUNDRED):
            break
        if shown != CONTEXT.multiply(threshold, HUNDRED):
            break
    text = plain(shown)
    if "." not in text:
        text += ".0"
    return text + "%"


def bound_percent(threshold: Decimal) -> str:
    """A tier bound as written in the documents: Decimal("0.10") -> "10%"."""
    return plain(CONTEXT.multiply(threshold, HUNDRED)) + "%"


def points_gap(value: Decimal, threshold: Decimal) -> str:
    """The distance between a ratio and a bound in percentage points, e.g. "1.0 个百分点"."""
    gap = abs(CONTEXT.subtract(threshold, value))
    return percent(gap).removesuffix("%") + " 个百分点"


def amount(value: Decimal) -> str:
    """An amount in 万元 for messages: "1.2 万元"."""
    return f"{plain(value)} 万元"


def integral(value: Decimal | int | None) -> Decimal | int | None:
    """An int when the value is whole (so point totals stay ints), else the Decimal."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def json_number(value: Decimal | int | None) -> int | str | None:
    """A score for JSON: integral values as int, others as decimal strings."""
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return plain(value)
