"""S1.14 科技型中小企业 self-assessment: every tier boundary, pass rule, direct pass and unmet id."""

from __future__ import annotations

import pytest

from keqi.policy import assess

from .records import TECH_SME, run


def tech(**changes):
    return run("tech_sme", TECH_SME, **changes)


# (tech_staff, employees, expected points): exactly at each lower bound, and just below it.
STAFF_CASES = [
    ("30", 100, 20),
    ("29.875", 100, 16),
    ("25", 100, 16),
    ("24.875", 100, 12),
    ("20", 100, 12),
    ("19.875", 100, 8),
    ("15", 100, 8),
    ("14.875", 100, 4),
    ("10", 100, 4),
    ("9.875", 100, 0),
    ("0", 100, 0),
    ("100", 100, 20),
    ("149.9995", 500, 16),  # 29.9999 %: no rounding up
    ("49.9995", 500, 0),  # 9.9999 %
]


@pytest.mark.parametrize(("tech_staff", "employees", "points"), STAFF_CASES)
def test_s1_14_tech_staff_tiers(tech_staff, employees, points):
    """S1.14 科技人员指标: >=30 % 20, [25,30) 16, [20,25) 12, [15,20) 8, [10,15) 4, <10 % 0."""
    result = tech(tech_staff=tech_staff, employees=employees)
    assert result["scores"]["tech_staff"] == points


# (rd_expense, points) with sales 1000 万元.
RD_REVENUE_CASES = [
    ("60", 50),
    ("59.9999", 40),
    ("50", 40),
    ("49.9999", 30),
    ("40", 30),
    ("39.9999", 20),
    ("30", 20),
    ("29.9999", 10),
    ("20", 10),
    ("19.9999", 0),
    ("0", 0),
]


@pytest.mark.parametrize(("rd_expense", "points"), RD_REVENUE_CASES)
def test_s1_14_rd_revenue_tiers(rd_expense, points):
    """S1.14 研发投入 (1) 研发费用/销售收入: >=6 % 50 ... <2 % 0."""
    result = tech(rd_expense=rd_expense, sales_revenue="1000", cost_total="9000", rd_basis="revenue")
    assert result["scores"]["rd_revenue"] == points
    assert result["scores"]["rd"] == points


# (rd_expense, points) with cost 1000 万元.
RD_COST_CASES = [
    ("300", 50),
    ("299.9999", 40),
    ("250", 40),
    ("249.9999", 30),
    ("200", 30),
    ("199.9999", 20),
    ("150", 20),
    ("149.9999", 10),
    ("100", 10),
    ("99.9999", 0),
]


@pytest.mark.parametrize(("rd_expense", "points"), RD_COST_CASES)
def test_s1_14_rd_cost_tiers(rd_expense, points):
    """S1.14 研发投入 (2) 研发费用/成本费用支出总额: >=30 % 50 ... <10 % 0."""
    result = tech(rd_expense=rd_expense, sales_revenue="19000", cost_total="1000", rd_basis="cost")
    assert result["scores"]["rd_cost"] == points
    assert result["scores"]["rd"] == points


@pytest.mark.parametrize(
    ("ip_class1", "ip_class2", "points"),
    [(1, 0, 30), (3, 5, 30), (0, 4, 24), (0, 9, 24), (0, 3, 18), (0, 2, 12), (0, 1, 6), (0, 0, 0)],
)
def test_s1_14_ip_tiers(ip_class1, ip_class2, points):
    """S1.14 科技成果: any class I scores 30 (not added to class II); else 4+/3/2/1 class II."""
    assert tech(ip_class1=ip_class1, ip_class2=ip_class2)["scores"]["ip"] == points


@pytest.mark.parametrize(
    ("basis", "rd_revenue", "rd_cost", "rd"),
    [("revenue", 30, 50, 30), ("cost", 30, 50, 50), ("best", 30, 50, 50)],
)
def test_s1_14_rd_basis_choice(basis, rd_revenue, rd_cost, rd):
    """S1.14 the enterprise picks one R&D ratio; "best" takes the higher score."""
    result = tech(rd_expense="45", sales_revenue="1000", cost_total="150", rd_basis=basis)
    assert (result["scores"]["rd_revenue"], result["scores"]["rd_cost"], result["scores"]["rd"]) == (
        rd_revenue,
        rd_cost,
        rd,
    )
    assert result["rd_basis"] == ("cost" if basis == "best" else basis)


def test_s1_14_zero_sales_scores_zero_on_revenue_route():
    """S1.14 销售收入 0: route (1) is undefined and scores 0; the cost route still counts."""
    result = tech(sales_revenue="0", cost_total="200", rd_expense="60")
    assert result["ratios"]["rd_revenue"] is None
    assert result["scores"]["rd_revenue"] == 0
    assert result["scores"]["rd"] == 50


def test_s1_14_total_and_ratios_of_a_qualified_enterprise():
    """S1.14 total = staff + rd + ip; ratios are exact decimal strings."""
    result = tech(tech_staff=29, ip_class1=0, ip_class2=4, rd_expense="59.7")
    assert result["scores"] == {"tech_staff": 16, "rd_revenue": 40, "rd_cost": 0, "rd": 40, "ip": 24}
    assert result["total"] == 80
    assert result["ratios"] == {"tech_staff": "0.29", "rd_revenue": "0.0597", "rd_cost": "0.074625"}
    assert (result["qualified"], result["route"], result["unmet"], result["reasons"]) == (True, "score", [], [])


# Pass rule: total >= 60 and staff score != 0.
@pytest.mark.parametrize(
    ("changes", "qualified", "total", "unmet"),
    [
        # 4 + 50 + 6 = 60, exactly at the bar.
        ({"tech_staff": 10, "ip_class1": 0, "ip_class2": 1}, True, 60, []),
        # 4 + 50 + 0 = 54.
        ({"tech_staff": 10, "ip_class1": 0}, False, 54, ["total_below_60"]),
        # 0 + 50 + 30 = 80 but staff ratio 9.875 % scores 0.
        ({"tech_staff": "9.875"}, False, 80, ["tech_staff_zero"]),
        # 0 + 20 + 0 = 20: both.
        ({"tech_staff": 5, "rd_expense": "30", "ip_class1": 0}, False, 20, ["total_below_60", "tech_staff_zero"]),
        # 20 + 40 + 0 = 60.
        ({"rd_expense": "50", "ip_class1": 0}, True, 60, []),
        # 16 + 40 + 0 = 56.
        ({"tech_staff": 25, "rd_expense": "50", "ip_class1": 0}, False, 56, ["total_below_60"]),
    ],
)
def test_s1_14_pass_rule(changes, qualified, total, unmet):
    """S1.14 总分 >= 60 且科技人员指标不为 0."""
    result = tech(**changes)
    assert (result["qualified"], result["total"], result["unmet"]) == (qualified, total, unmet)
    assert len(result["reasons"]) == len(unmet)
    assert result["route"] == ("score" if qualified else None)


def test_s1_14_reason_for_staff_zero_names_figure_threshold_and_gap():
    """S1.14 the reason for tech_staff_zero reads like the contract example."""
    result = tech(tech_staff=9)
    assert result["unmet"] == ["tech_staff_zero"]
    assert result["reasons"] == ["科技人员占比 9.0%，低于 10%，科技人员指标得 0 分（差 1.0 个百分点）"]


def test_s1_14_reason_for_low_total_lists_the_scores_and_gap():
    result = tech(tech_staff=10, ip_class1=0)
    assert result["reasons"] == [
        "综合评价总分 54 分（科技人员 4 分、研发投入 50 分、科技成果 0 分），低于 60 分（差 6 分）"
    ]


def test_s1_14_percent_shows_enough_digits_not_to_look_like_the_bound():
    """9.9999 % must not be shown as 10.00 %."""
    result = tech(tech_staff="49.9995", employees=500)
    assert result["reasons"][0].startswith("科技人员占比 9.9999%，低于 10%")


# Basic conditions: each unmet id.
@pytest.mark.parametrize(
    ("changes", "unmet", "fragment"),
    [
        ({"resident_enterprise": False}, ["resident"], "居民企业"),
        ({"products_allowed": False}, ["products"], "禁止、限制和淘汰类"),
        ({"credit_ok": False}, ["credit"], "失信"),
        (
            {"employees": "500.125", "tech_staff": 160},
            ["size"],
            "职工总数 500.125 人，超过 500 人的上限（超出 0.125 人）",
        ),
        (
            {"sales_revenue": "20000.0001", "rd_expense": "1200.0001"},
            ["size"],
            "年销售收入 20000.0001 万元，超过 20000 万元 的上限（超出 0.0001 万元）",
        ),
        ({"total_assets": "20000.0001"}, ["size"], "资产总额 20000.0001 万元"),
    ],
)
def test_s1_14_basic_conditions(changes, unmet, fragment):
    """S1.14 第六条 (一)-(四): resident, size (<= 500 / 2亿 / 2亿 inclusive), products, credit."""
    result = tech(**changes)
    assert result["qualified"] is False
    assert result["unmet"] == unmet
    assert fragment in result["reasons"][0]


@pytest.mark.parametrize(
    "changes",
    [
        {"employees": 500, "tech_staff": 150},
        {"sales_revenue": "20000", "rd_expense": "1200"},
        {"total_assets": "20000"},
    ],
)
def test_s1_14_size_limits_are_inclusive(changes):
    """S1.14 "不超过" includes the limit."""
    assert tech(**changes)["qualified"] is True


def test_s1_14_size_reason_lists_every_exceeded_limit():
    result = tech(employees=600, tech_staff=180, sales_revenue="25000", rd_expense="1500", total_assets="30000")
    assert result["unmet"] == ["size"]
    assert result["reasons"][0].count("超过") == 3


@pytest.mark.parametrize("flag", ["high_tech_valid", "national_award_top3_5y", "provincial_rd_institution"])
def test_s1_14_direct_pass_skips_the_score(flag):
    """S1.14 第八条 直通车: any confirmed direct condition qualifies despite a low score."""
    result = tech(tech_staff=0, rd_expense="0", ip_class1=0, **{flag: True})
    assert result["total"] == 0
    assert (result["qualified"], result["route"], result["unmet"], result["reasons"]) == (True, "direct", [], [])
    assert result["direct_conditions"] == [flag]


def test_s1_14_direct_pass_still_needs_basic_conditions():
    result = tech(tech_staff=0, high_tech_valid=True, credit_ok=False)
    assert result["qualified"] is False
    assert result["unmet"] == ["credit"]


def test_s1_14_led_standard_is_pending_for_manual_review():
    """S1.14 "主导制定" is unconfirmed: alone it leaves the verdict open."""
    result = tech(tech_staff=0, led_standard_5y=True)
    assert (result["qualified"], result["route"], result["unmet"], result["pending"]) == (
        None,
        None,
        [],
        ["led_standard_5y"],
    )
    assert len(result["reasons"]) == 1


def test_s1_14_led_standard_does_not_matter_when_the_score_passes():
    result = tech(led_standard_5y=True)
    assert (result["qualified"], result["route"], result["pending"]) == (True, "score", [])


def test_s1_14_quarterly_staff_figures():
    """S1.8/S1.14 staff figures from four [start, end] pairs: sum of 8 values / 8."""
    result = tech(
        employees=None,
        tech_staff=None,
        employees_quarters=[[96, 100], [100, 104], [104, 100], [100, 96]],
        tech_staff_quarters=[[9, 10], [10, 10], [10, 10], [10, 9]],
    )
    assert result["figures"]["employees"] == "100"
    assert result["figures"]["tech_staff"] == "9.75"
    assert result["scores"]["tech_staff"] == 0
    assert result["unmet"] == ["tech_staff_zero"]


def test_s1_14_rd_projects_count_commissioned_at_80_percent():
    """S1.6/S1.14 counted R&D from project rows feeds the R&D ratio."""
    result = tech(
        rd_expense=None,
        rd_projects=[
            {"form": "self", "amount": "40"},
            {"form": "commissioned_domestic", "amount": "10"},
            {"form": "commissioned_overseas", "amount": "20"},
        ],
    )
    # domestic 40 + 8 = 48; overseas 16, under the cap of 32: total 64.
    assert result["figures"]["rd_expense"] == "64"
    assert result["rd_count"] == {
        "domestic": "48",
        "overseas_uncapped": "16",
        "overseas": "16",
        "total": "64",
        "capped": False,
    }


def test_s1_14_overseas_cap_can_be_switched_off():
    projects = [{"form": "self", "amount": "30"}, {"form": "commissioned_overseas", "amount": "50"}]
    capped = tech(rd_expense=None, rd_projects=projects)
    uncapped = tech(rd_expense=None, rd_projects=projects, overseas_cap=False)
    assert capped["figures"]["rd_expense"] == "50"  # 30 + min(40, 20)
    assert uncapped["figures"]["rd_expense"] == "70"  # 30 + 40


def test_s1_14_result_has_the_contract_shape():
    result = assess("tech_sme", TECH_SME)
    for key in ("scheme", "ruleset", "qualified", "route", "total", "scores", "ratios", "unmet", "pending", "reasons"):
        assert key in result
    assert (result["scheme"], result["ruleset"], result["effective"]) == ("tech_sme", "2017", "2017-05-10")
