"""创新型中小企业 2022 (63号 附件1): every tier boundary, group minima and direct conditions."""

from __future__ import annotations

import pytest

from .records import INNOVATIVE_SME, run


def inno(**changes):
    return run("innovative_sme", INNOVATIVE_SME, **changes)


def test_base_record_scores_75():
    result = inno()
    assert result["scores"] == {
        "ip": 10,
        "rd_ratio": 15,
        "growth": 15,
        "debt_ratio": 10,
        "field": 10,
        "main_share": 15,
        "innovation": 25,
        "growth_group": 25,
        "specialization": 25,
    }
    assert (result["total"], result["qualified"], result["route"]) == (75, True, "score")


@pytest.mark.parametrize(
    ("ip_level", "points"),
    [("class1_high_value", 20), ("class1_self", 15), ("class1", 10), ("class2", 5), ("none", 0)],
)
def test_ip_levels(ip_level, points):
    assert inno(ip_level=ip_level)["scores"]["ip"] == points


@pytest.mark.parametrize(
    ("rd_expense", "points"),
    [("50", 20), ("49.9999", 15), ("30", 15), ("29.9999", 10), ("20", 10), ("19.9999", 5), ("10", 5), ("9.9999", 0)],
)
def test_rd_ratio_tiers(rd_expense, points):
    """R&D / 营业收入: >=5 % 20, 3-5 % 15, 2-3 % 10, 1-2 % 5, <1 % 0 (boundary in the higher tier)."""
    assert inno(rd_expense=rd_expense)["scores"]["rd_ratio"] == points


@pytest.mark.parametrize(
    ("main_revenue", "points"),
    [
        ("1150", 20),
        ("1149.9999", 15),
        ("1100", 15),
        ("1099.9999", 10),
        ("1050", 10),
        ("1049.9999", 5),
        ("1000", 5),
        ("999.9999", 0),
    ],
)
def test_growth_tiers(main_revenue, points):
    """主营业务收入增长率: >=15 % 20, 10-15 % 15, 5-10 % 10, 0-5 % 5, <0 0 (0 % scores 5)."""
    result = inno(main_revenue=main_revenue, main_revenue_y1="1000", operating_revenue="2000")
    assert result["scores"]["growth"] == points


@pytest.mark.parametrize(("main_revenue", "points"), [("600", 20), ("0", 5)])
def test_growth_from_a_zero_base(main_revenue, points):
    """From 0 to a positive figure growth is unbounded (top tier); from 0 to 0 it is 0 % (5 points)."""
    result = inno(main_revenue_y1="0", main_revenue=main_revenue)
    assert result["ratios"]["growth"] == (None if main_revenue != "0" else "0")
    assert result["scores"]["growth"] == points
    assert result["notes"]


@pytest.mark.parametrize(
    ("liabilities", "points"),
    [("0", 10), ("550", 10), ("550.0001", 5), ("750", 5), ("750.0001", 0), ("2000", 0)],
)
def test_debt_ratio_tiers(liabilities, points):
    """资产负债率: <=55 % 10, 55-75 % 5, >75 % 0; the boundary value scores in the better tier."""
    assert inno(total_liabilities=liabilities, total_assets="1000")["scores"]["debt_ratio"] == points


@pytest.mark.parametrize(("emerging", "points"), [(True, 10), (False, 5)])
def test_field(emerging, points):
    assert inno(strategic_emerging=emerging)["scores"]["field"] == points


@pytest.mark.parametrize(
    ("main_revenue", "points"),
    [
        ("700", 20),
        ("699.9999", 15),
        ("600", 15),
        ("599.9999", 10),
        ("550", 10),
        ("549.9999", 5),
        ("500", 5),
        ("499.9999", 0),
    ],
)
def test_main_share_tiers(main_revenue, points):
    """主营业务收入/营业收入: >=70 % 20, 60-70 % 15, 55-60 % 10, 50-55 % 5, <50 % 0."""
    result = inno(main_revenue=main_revenue, main_revenue_y1=main_revenue)
    assert result["scores"]["main_share"] == points


@pytest.mark.parametrize(
    ("changes", "total", "unmet"),
    [
        # innovation 15 (class2 5 + R&D 2 % 10) | 25 | 25 = 65.
        ({"ip_level": "class2", "rd_expense": "20"}, 65, ["innovation_below_20"]),
        # innovation 20 exactly: passes.
        ({"ip_level": "class2", "rd_expense": "30"}, 70, []),
        # growth group 10 (0 % growth 5 + debt 60 % 5), innovation 40, specialization 30.
        (
            {
                "ip_level": "class1_high_value",
                "rd_expense": "50",
                "main_revenue_y1": "700",
                "main_revenue": "700",
                "total_liabilities": "600",
            },
            80,
            ["growth_below_15"],
        ),
        # specialization 10 (field 5 + share 50 % 5), innovation 40, growth 30.
        (
            {
                "ip_level": "class1_high_value",
                "rd_expense": "50",
                "strategic_emerging": False,
                "main_revenue": "500",
                "main_revenue_y1": "400",
            },
            80,
            ["specialization_below_15"],
        ),
        # 20 + 15 + 15 = 50: only the total fails.
        (
            {
                "ip_level": "class2",
                "main_revenue_y1": "520",
                "total_liabilities": "600",
                "strategic_emerging": False,
                "main_revenue": "550",
            },
            50,
            ["total_below_60"],
        ),
        # 20 + 20 + 20 = 60 exactly with every group at its minimum or above.
        (
            {"ip_level": "class2", "strategic_emerging": False, "main_revenue_y1": "571.4285", "main_revenue": "600"},
            60,
            [],
        ),
    ],
)
def test_pass_rule_and_group_minima(changes, total, unmet):
    """Pass = total >= 60 and 创新能力 >= 20 and 成长性 >= 15 and 专业化 >= 15."""
    result = inno(**changes)
    assert result["total"] == total
    assert result["unmet"] == unmet
    assert result["qualified"] is (not unmet)
    assert len(result["reasons"]) == len(unmet)


def test_reasons_name_the_group_score_and_gap():
    result = inno(ip_level="class2", rd_expense="20")
    assert result["reasons"] == ["创新能力类指标得分 15 分，低于 20 分（差 5 分）"]


@pytest.mark.parametrize(
    ("flag", "value"),
    [("award_3y", True), ("honour_valid", True), ("provincial_rd_institution", True), ("equity_financing_3y", "500")],
)
def test_direct_conditions(flag, value):
    """Any direct condition qualifies regardless of the score (equity >= 500 万元 inclusive)."""
    result = inno(ip_level="none", rd_expense="0", **{flag: value})
    assert (result["qualified"], result["route"], result["unmet"]) == (True, "direct", [])
    assert result["direct_conditions"] == [flag]


def test_equity_just_below_500_is_not_direct():
    result = inno(ip_level="none", rd_expense="0", equity_financing_3y="499.9999")
    assert result["qualified"] is False
    assert result["unmet"] == ["total_below_60", "innovation_below_20"]
    assert result["direct_conditions"] == []
