"""Columnar scoring for screening many enterprises at once (libraries, policy matcher, bench).

The functions take validated figures as columns (equal-length sequences of Decimal / int /
bool) and return per-record totals and verdicts. They use the same tier tables and limits as
the single-record rulesets (``schemes.tech_sme``, ``schemes.innovative_sme``), so every rule
is defined once; a test checks that batch and single results agree on random records.
Inputs are not validated here: run ``prepare_input`` first when the data is untrusted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Any

from .numbers import CONTEXT, exact
from .schemes import innovative_sme as inno
from .schemes import tech_sme as tech


def _column(columns: Mapping[str, Sequence[Any]], name: str, default: Any, size: int):
    values = columns.get(name)
    if values is None:
        return repeat(default, size)
    if len(values) != size:
        raise ValueError(f"column {name} has {len(values)} values, expected {size}")
    return values


def score_tech_sme(columns: Mapping[str, Sequence[Any]]) -> dict[str, list]:
    """科技型中小企业评价 2017 for every row.

    Required columns: employees, tech_staff, sales_revenue, cost_total, total_assets,
    rd_expense, ip_class1, ip_class2. Optional: rd_basis ("best"), resident_enterprise,
    products_allowed, credit_ok (True) and the four direct-pass flags (False).
    Returns ``{"total": [int], "qualified": [bool | None]}``.
    """
    employees = columns["employees"]
    size = len(employees)
    staff_score = tech.STAFF_TIERS.scorer()
    revenue_score = tech.RD_REVENUE_TIERS.scorer()
    cost_score = tech.RD_COST_TIERS.scorer()
    class1_score = tech.IP_CLASS1_TIERS.scorer()
    class2_score = tech.IP_CLASS2_TIERS.scorer()
    staff_floor = tech.STAFF_TIERS.otherwise
    revenue_floor = tech.RD_REVENUE_TIERS.otherwise
    cost_floor = tech.RD_COST_TIERS.otherwise
    employees_max, sales_max, assets_max = tech.EMPLOYEES_MAX, tech.SALES_MAX, tech.ASSETS_MAX
    pass_total = tech.PASS_TOTAL
    divide = CONTEXT.divide
    rows = zip(
        employees,
        _column(columns, "tech_staff", None, size),
        _column(columns, "sales_revenue", None, size),
        _column(columns, "cost_total", None, size),
        _column(columns, "total_assets", None, size),
        _column(columns, "rd_expense", None, size),
        _column(columns, "ip_class1", 0, size),
        _column(columns, "ip_class2", 0, size),
        _column(columns, "rd_basis", "best", size),
        _column(columns, "resident_enterprise", True, size),
        _column(columns, "products_allowed", True, size),
        _column(columns, "credit_ok", True, size),
        _column(columns, "high_tech_valid", False, size),
        _column(columns, "national_award_top3_5y", False, size),
        _column(columns, "provincial_rd_institution", False, size),
        _column(columns, "led_standard_5y", False, size),
        strict=True,
    )
    totals: list[int] = []
    verdicts: list[bool | None] = []
    with exact():
        for (
            emp,
            staff,
            sales,
            cost,
            assets,
            rd,
            ip1,
            ip2,
            basis,
            resident,
            allowed,
            credit,
            ht,
            award,
            inst,
            std,
        ) in rows:
            s_staff = staff_score(divide(staff, emp)) if emp > 0 else staff_floor
            s_revenue = revenue_score(divide(rd, sales)) if sales > 0 else revenue_floor
            s_cost = cost_score(divide(rd, cost)) if cost > 0 else cost_floor
            if basis == "best":
                s_rd = s_revenue if s_revenue >= s_cost else s_cost
            else:
                s_rd = s_revenue if basis == "revenue" else s_cost
            s_ip = class1_score(ip1) if ip1 > 0 else class2_score(ip2)
            total = s_staff + s_rd + s_ip
            totals.append(total)
            if not (
                resident and allowed and credit and emp <= employees_max and sales <= sales_max and assets <= assets_max
            ):
                verdicts.append(False)
            elif (total >= pass_total and s_staff > 0) or ht or award or inst:
                verdicts.append(True)
            else:
                verdicts.append(None if std else False)
    return {"total": totals, "qualified": verdicts}


def score_innovative_sme(columns: Mapping[str, Sequence[Any]]) -> dict[str, list]:
    """创新型中小企业评价 2022 for every row.

    Required columns: rd_expense, operating_revenue, main_revenue, main_revenue_y1,
    total_liabilities, total_assets. Optional: ip_level ("none"), strategic_emerging,
    award_3y, honour_valid, provincial_rd_institution (False), equity_financing_3y (0).
    Returns ``{"total": [int], "qualified": [bool]}``.
    """
    rd_column = columns["rd_expense"]
    size = len(rd_column)
    rd_score = inno.RD_RATIO_TIERS.scorer()
    growth_score = inno.GROWTH_TIERS.scorer()
    debt_score = inno.DEBT_TIERS.scorer()
    share_score = inno.MAIN_SHARE_TIERS.scorer()
    rd_floor = inno.RD_RATIO_TIERS.otherwise
    growth_top = inno.GROWTH_TIERS.maximum
    growth_at_zero = inno.GROWTH_TIERS.score(0)
    debt_floor = inno.DEBT_TIERS.otherwise
    share_floor = inno.MAIN_SHARE_TIERS.otherwise
    ip_points, field_points = inno.IP_POINTS, inno.FIELD_POINTS
    (_, _, innovation_min, _), (_, _, growth_min, _), (_, _, special_min, _) = inno.GROUP_MINIMA
    pass_total, equity_direct = inno.PASS_TOTAL, inno.EQUITY_DIRECT
    divide = CONTEXT.divide
    rows = zip(
        rd_column,
        _column(columns, "operating_revenue", None, size),
        _column(columns, "main_revenue", None, size),
        _column(columns, "main_revenue_y1", None, size),
        _column(columns, "total_liabilities", None, size),
        _column(columns, "total_assets", None, size),
        _column(columns, "ip_level", "none", size),
        _column(columns, "strategic_emerging", False, size),
        _column(columns, "award_3y", False, size),
        _column(columns, "honour_valid", False, size),
        _column(columns, "provincial_rd_institution", False, size),
        _column(columns, "equity_financing_3y", 0, size),
        strict=True,
    )
    totals: list[int] = []
    verdicts: list[bool] = []
    with exact():
        for rd, operating, main, main_y1, liabilities, assets, ip, emerging, award, honour, inst, equity in rows:
            if operating > 0:
                s_rd = rd_score(divide(rd, operating))
                s_share = share_score(divide(main, operating))
            else:
                s_rd, s_share = rd_floor, share_floor
            if main_y1 > 0:
                s_growth = growth_score(divide(main - main_y1, main_y1))
            else:  # from a zero base: top tier when revenue appeared, the 0 % tier when still 0
                s_growth = growth_top if main > 0 else growth_at_zero
            s_debt = debt_score(divide(liabilities, assets)) if assets > 0 else debt_floor
            innovation = ip_points[ip] + s_rd
            growth_group = s_growth + s_debt
            specialization = field_points[emerging] + s_share
            total = innovation + growth_group + specialization
            totals.append(total)
            verdicts.append(
                (
                    total >= pass_total
                    and innovation >= innovation_min
                    and growth_group >= growth_min
                    and specialization >= special_min
                )
                or award
                or honour
                or inst
                or equity >= equity_direct
            )
    return {"total": totals, "qualified": verdicts}
