"""Figures the forms and the schemes share: averages, counted R&D, growth, debt ratio.

All functions take and return Decimal (money in 万元) and never round unless stated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .numbers import CONTEXT, YUAN, ZERO, divide_checked, floor_to, pct, ratio

EIGHT = Decimal(8)
TWO = Decimal(2)
COMMISSIONED_SHARE = pct("80")
OVERSEAS_CAP = Fraction(2, 3)

# Forms of R&D (研发形式) and the share of the actual amount that counts.
RD_FORM_SHARES: dict[str, Decimal] = {
    "self": Decimal(1),  # 自主研发
    "cooperative": Decimal(1),  # 合作研发
    "centralized": Decimal(1),  # 集中研发
    "commissioned_domestic": COMMISSIONED_SHARE,  # 委托境内研发
    "commissioned_overseas": COMMISSIONED_SHARE,  # 委托境外研发
}
RD_FORM_NAMES: dict[str, str] = {
    "self": "自主研发",
    "cooperative": "合作研发",
    "centralized": "集中研发",
    "commissioned_domestic": "委托境内研发",
    "commissioned_overseas": "委托境外研发",
}


def quarterly_averages(pairs: Sequence[Sequence[Decimal]]) -> tuple[Decimal, ...]:
    """The four quarterly averages, (start + end) / 2 each."""
    if len(pairs) != 4 or any(len(pair) != 2 for pair in pairs):
        raise ValueError("需要 4 个季度的 [季初, 季末] 数据")
    return tuple(CONTEXT.divide(CONTEXT.add(start, end), TWO) for start, end in pairs)


def annual_average(pairs: Sequence[Sequence[Decimal]]) -> Decimal:
    """Full-year average of quarterly averages: the sum of the 8 start/end values / 8 (exact)."""
    if len(pairs) != 4 or any(len(pair) != 2 for pair in pairs):
        raise ValueError("需要 4 个季度的 [季初, 季末] 数据")
    total = ZERO
    for start, end in pairs:
        total = CONTEXT.add(CONTEXT.add(total, start), end)
    return CONTEXT.divide(total, EIGHT)


@dataclass(frozen=True)
class RdCount:
    """R&D expense as the evaluation counts it."""

    rows: tuple[Decimal, ...]  # each row at its share (80 % for commissioned), before the cap
    domestic: Decimal  # every counted row except commissioned overseas
    overseas_uncapped: Decimal  # 80 % of commissioned overseas
    overseas: Decimal  # after the cap
    total: Decimal  # domestic + overseas

    @property
    def capped(self) -> bool:
        return self.overseas < self.overseas_uncapped


def counted_rd(
    projects: Iterable[tuple[str, Decimal] | dict],
    *,
    overseas_cap: bool = True,
    cap: Fraction = OVERSEAS_CAP,
) -> RdCount:
    """Counted R&D from project rows ``(form, amount)`` or ``{"form", "amount"}``.

    Commissioned R&D (domestic or overseas) counts at 80 % of the actual amount (财税〔2015〕119号).
    Overseas commissioned R&D counts only up to ``cap`` (default 2/3) of the qualifying
    domestic total (财税〔2018〕64号); the cap amount is rounded down to the yuan.
    """
    rows: list[Decimal] = []
    domestic = ZERO
    overseas = ZERO
    for project in projects:
        form, amount = (project["form"], project["amount"]) if isinstance(project, dict) else project
        if form not in RD_FORM_SHARES:
            raise ValueError(f"未知的研发形式：{form}")
        if amount < 0:
            raise ValueError("研发费用不能为负数")
        counted = CONTEXT.multiply(amount, RD_FORM_SHARES[form])
        rows.append(counted)
        if form == "commissioned_overseas":
            overseas = CONTEXT.add(overseas, counted)
        else:
            domestic = CONTEXT.add(domestic, counted)
    allowed = overseas
    if overseas_cap:
        scaled = CONTEXT.multiply(domestic, Decimal(cap.numerator))
        limit, exact_limit = divide_checked(scaled, Decimal(cap.denominator))
        if not exact_limit:  # e.g. 2/3 of 10: count 6.6666, never more than the cap
            limit = floor_to(limit, YUAN)
        allowed = min(overseas, limit)
    return RdCount(
        rows=tuple(rows),
        domestic=domestic,
        overseas_uncapped=overseas,
        overseas=allowed,
        total=CONTEXT.add(domestic, allowed),
    )


def growth_rate(current: Decimal, previous: Decimal) -> Decimal | None:
    """(current - previous) / previous; None when ``previous`` is not positive."""
    return ratio(CONTEXT.subtract(current, previous), previous)


def mean_growth_parts(y0: Decimal, y1: Decimal, y2: Decimal) -> tuple[Decimal, Decimal]:
    """Numerator and denominator of the simple two-year mean growth rate.

    ((y1 - y0) / y0 + (y2 - y1) / y1) / 2 == (y1 (y1 - y0) + y0 (y2 - y1)) / (2 y0 y1).
    """
    numerator = CONTEXT.add(
        CONTEXT.multiply(y1, CONTEXT.subtract(y1, y0)), CONTEXT.multiply(y0, CONTEXT.subtract(y2, y1))
    )
    denominator = CONTEXT.multiply(TWO, CONTEXT.multiply(y0, y1))
    return numerator, denominator


def mean_growth_rate(y0: Decimal, y1: Decimal, y2: Decimal) -> Decimal | None:
    """Simple mean of the two yearly growth rates y0->y1 and y1->y2; None if y0 or y1 <= 0."""
    if y0 <= 0 or y1 <= 0:
        return None
    return ratio(*mean_growth_parts(y0, y1, y2))


INFINITY = Decimal("Infinity")


def growth_for_tiers(current: Decimal, previous: Decimal) -> Decimal:
    """Growth rate as tier tables read it, defined from a zero base too.

    From 0 to a positive figure the growth is unbounded (+Infinity, the top tier); from 0 to
    0 it is 0. This keeps scores monotone in both figures.
    """
    if previous > 0:
        return CONTEXT.divide(CONTEXT.subtract(current, previous), previous)
    return INFINITY if current > 0 else ZERO


def mean_growth_for_tiers(y0: Decimal, y1: Decimal, y2: Decimal) -> Decimal:
    """Simple mean of the yearly rates y0->y1 and y1->y2, each as ``growth_for_tiers`` reads it."""
    if y0 > 0 and y1 > 0:
        return ratio(*mean_growth_parts(y0, y1, y2))
    first, second = growth_for_tiers(y1, y0), growth_for_tiers(y2, y1)
    return CONTEXT.divide(CONTEXT.add(first, second), TWO)


def finite(value: Decimal | None) -> Decimal | None:
    """The value for display: None when it is infinite."""
    return None if value is None or value.is_infinite() else value


def compound_growth_rate(first: Decimal, last: Decimal, years: int = 2) -> Decimal | None:
    """(last / first) ** (1 / years) - 1 (rounded to 100 digits); None if ``first`` <= 0."""
    quotient = ratio(last, first)
    if quotient is None:
        return None
    if quotient.is_zero():
        return Decimal(-1)
    root = quotient.sqrt(CONTEXT) if years == 2 else CONTEXT.power(quotient, CONTEXT.divide(Decimal(1), Decimal(years)))
    return CONTEXT.subtract(root, Decimal(1))


def compound_growth_at_least(first: Decimal, last: Decimal, rate: Decimal, years: int = 2) -> bool:
    """Exact test of ``compound_growth_rate(first, last, years) >= rate`` (first > 0)."""
    if first <= 0:
        return False
    return last >= CONTEXT.multiply(first, CONTEXT.power(CONTEXT.add(Decimal(1), rate), years))


def debt_ratio(liabilities: Decimal, assets: Decimal) -> Decimal | None:
    """资产负债率 = total liabilities / total assets; None when assets are not positive."""
    return ratio(liabilities, assets)


# 高新技术企业 R&D bands by the latest year's sales (万元), upper bound inclusive.
HIGH_TECH_RD_BANDS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal(5000), pct("5")),
    (Decimal(20000), pct("4")),
    (None, pct("3")),
)


def high_tech_rd_band(latest_sales: Decimal) -> Decimal:
    """Minimum R&D / sales ratio over three years for 高企: 5 %, 4 % or 3 % by latest sales."""
    for upper, required in HIGH_TECH_RD_BANDS:
        if upper is None or latest_sales <= upper:
            return required
    raise AssertionError("unreachable")


def high_tech_growth_rate(values: Sequence[Decimal]) -> Decimal | None:
    """高企 growth rate ½ (v2/v1 + v3/v2) - 1 with the 指引 special cases.

    If v1 is 0 only the last two years count (v3 / v2 - 1); if v2 is 0 (or the values are
    not positive) the rate is None and the item scores 0.
    """
    if len(values) != 3:
        raise ValueError("需要 3 个年度数据")
    v1, v2, v3 = values
    if v2 <= 0:
        return None
    if v1 == 0:
        return growth_rate(v3, v2)
    if v1 < 0:
        return None
    return mean_growth_rate(v1, v2, v3)
