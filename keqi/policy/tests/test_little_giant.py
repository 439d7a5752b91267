"""专精特新"小巨人": 2026 (2号 附件2) and 2022 (63号 附件3) conditions at and past every bound."""

from __future__ import annotations

import pytest

from .records import LITTLE_GIANT_2022, LITTLE_GIANT_2026, run


def lg26(**changes):
    return run("little_giant", LITTLE_GIANT_2026, **changes)


def lg22(**changes):
    return run("little_giant", LITTLE_GIANT_2022, **changes)


def test_ruleset_switch_on_2026_04_01():
    data = {**LITTLE_GIANT_2022, **LITTLE_GIANT_2026}
    assert run("little_giant", data, as_of="2026-03-31")["ruleset"] == "2022"
    assert run("little_giant", data, as_of="2026-04-01")["ruleset"] == "2026"


def test_2026_base_qualifies_with_everything_at_the_bound():
    result = lg26()
    assert (result["qualified"], result["route"], result["unmet"], result["reasons"]) == (True, "conditions", [], [])
    assert result["ratios"]["growth"] == "0.05"
    assert result["rd_total"] == "1200"


@pytest.mark.parametrize(
    ("changes", "unmet"),
    [
        ({"specialized_valid": False}, ["specialized_title"]),
        ({"niche_years": "2.5"}, ["niche_years"]),
        (
            {
                "operating_revenue_y2": "4999.9999",
                "main_revenue": "4600",
                "operating_revenue_y0": "4000",
                "rd_expense_y2": "600",
            },
            ["revenue"],
        ),
        ({"main_revenue": "9922.4999"}, ["main_share"]),
        ({"operating_revenue_y2": "11024.9999", "main_revenue": "9922.4999"}, ["main_share", "growth"]),
        ({"operating_revenue_y2": "11024.9999", "main_revenue": "9922.4999", "is_review": True}, ["main_share"]),
        ({"total_liabilities": "750.0001"}, ["debt_ratio"]),
        ({"rd_expense_y2": "599.9999"}, ["rd_total"]),
        ({"rd_expense_y1": "314.9999", "rd_expense_y2": "900"}, ["rd_each_year"]),  # 3 % of 10500 = 315
        ({"rd_expense_y1": "315", "rd_expense_y2": "900"}, []),
        ({"ip_class1_self": 3}, ["ip"]),
        ({"ip_class1_self": 0, "award_national_top3_3y": True}, []),
        ({"market_share": "0.0999"}, ["market"]),
        ({"market_share": None}, ["market"]),
        ({"market_share": "0.01", "market_top3_domestic": True}, []),
        ({"key_field": False}, ["field"]),
        ({"development_score": "59.9"}, ["development_score"]),
    ],
)
def test_2026_conditions(changes, unmet):
    """Revenue >= 5000 万, 主营 >= 90 %, CAGR >= 5 %, debt <= 75 %, R&D >= 1200 万 and >= 3 % each year,
    >= 4 class I IP, share >= 10 % or top 3, key field, development score >= 60."""
    result = lg26(**changes)
    assert result["unmet"] == unmet
    assert result["qualified"] is (not unmet)
    assert len(result["reasons"]) == len(unmet)


def test_2026_growth_is_the_two_year_compound_rate():
    result = lg26(operating_revenue_y0="10000", operating_revenue_y2="12100", main_revenue="10890")
    assert result["ratios"]["growth"] == "0.1"
    reason = lg26(operating_revenue_y2="11000", main_revenue="9900")["reasons"][0]
    assert reason.startswith("近 2 年营业收入复合增长率 4.88%，低于 5%")
    assert "上一年度营业收入需达到 11025 万元（差 25 万元）" in reason


def test_2026_missing_development_score_is_pending():
    result = lg26(development_score=None)
    assert (result["qualified"], result["pending"]) == (None, ["development_score"])


def test_2022_base_qualifies():
    result = lg22()
    assert (result["qualified"], result["unmet"]) == (True, [])
    assert result["ratios"]["growth"] == "0.05"


@pytest.mark.parametrize(
    ("changes", "unmet"),
    [
        ({"specialized_valid": False}, ["specialized_title"]),
        ({"niche_years": "2.9"}, ["niche_years"]),
        ({"operating_revenue_y2": "15750.0001", "rd_expense_y2": "500"}, ["main_share"]),  # 11025 / 15750 = 70 %
        ({"main_revenue_y2": "11024.9999"}, ["growth"]),
        ({"info_system": False}, ["info_system"]),
        ({"certification": False}, ["certification"]),
        ({"total_liabilities": "700.0001"}, ["debt_ratio"]),
        ({"market_share": "0.0999"}, ["market_share"]),
        ({"own_brand": False}, ["brand"]),
        ({"rd_expense_y1": "359.9999"}, ["rd"]),
        ({"has_rd_institution": False}, ["rd_institution"]),
        ({"ip_class1": 1}, ["ip"]),
        ({"key_chain_link": False}, ["chain"]),
        ({"key_field": False}, ["field"]),
    ],
)
def test_2022_aspects(changes, unmet):
    result = lg22(**changes)
    assert result["unmet"] == unmet


@pytest.mark.parametrize(
    ("revenue", "rd_y1", "rd_y2", "unmet"),
    [
        # >= 1亿: 3 % each year (y1 revenue 12000, y2 revenue as given).
        ("10000", "360", "300", []),
        ("10000", "360", "299.9999", ["rd"]),
        # 5000万-1亿: 6 % each year.
        ("9999.9999", "720", "600", []),
        ("9999.9999", "720", "599.9999", ["rd"]),
        ("9999.9999", "719.9999", "600", ["rd"]),
        ("5000", "720", "300", []),
    ],
)
def test_2022_rd_bands_by_revenue(revenue, rd_y1, rd_y2, unmet):
    """R&D intensity by the previous year's 营业收入 band, lower bounds inclusive."""
    result = lg22(
        operating_revenue_y2=revenue,
        main_revenue_y2="4000",
        main_revenue_y1="3800",
        main_revenue_y0="3600",
        rd_expense_y1=rd_y1,
        rd_expense_y2=rd_y2,
    )
    assert [u for u in result["unmet"] if u == "rd"] == unmet


@pytest.mark.parametrize(
    ("changes", "unmet"),
    [
        (
            {
                "equity_financing_2y": "8000",
                "rd_expense_y1": "1500",
                "rd_expense_y2": "1500",
                "rd_staff": 50,
                "employees": 100,
            },
            [],
        ),
        (
            {
                "equity_financing_2y": "7999.9999",
                "rd_expense_y1": "1500",
                "rd_expense_y2": "1500",
                "rd_staff": 50,
                "employees": 100,
            },
            ["rd"],
        ),
        (
            {
                "equity_financing_2y": "8000",
                "rd_expense_y1": "1500",
                "rd_expense_y2": "1499.9999",
                "rd_staff": 50,
                "employees": 100,
            },
            ["rd"],
        ),
        (
            {
                "equity_financing_2y": "8000",
                "rd_expense_y1": "1500",
                "rd_expense_y2": "1500",
                "rd_staff": "49.875",
                "employees": 100,
            },
            ["rd"],
        ),
        ({"equity_financing_2y": "8000", "rd_expense_y1": "1500", "rd_expense_y2": "1500"}, ["rd"]),
    ],
)
def test_2022_small_band_needs_equity_rd_total_and_staff(changes, unmet):
    """营业收入 < 5000 万: equity >= 8000 万, R&D total >= 3000 万, R&D staff >= 50 %."""
    result = lg22(
        operating_revenue_y2="4999.9999",
        operating_revenue_y1="4000",
        main_revenue_y2="4000",
        main_revenue_y1="3800",
        main_revenue_y0="3600",
        **changes,
    )
    assert [u for u in result["unmet"] if u == "rd"] == unmet


@pytest.mark.parametrize("flag", ["award_national_top3_3y", "maker_top50_3y"])
def test_2022_direct_innovation_conditions(flag):
    result = lg22(rd_expense_y1="0", rd_expense_y2="0", has_rd_institution=False, ip_class1=0, **{flag: True})
    assert (result["qualified"], result["unmet"], result["direct_conditions"]) == (True, [], [flag])
