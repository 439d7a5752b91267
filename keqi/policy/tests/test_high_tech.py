"""高新技术企业认定 2016: the eight conditions, the R&D bands and the growth sub-score ranges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keqi.policy import assess, high_tech_growth_rate, high_tech_rd_band

from .records import HIGH_TECH, run


def ht(**changes):
    return run("high_tech", HIGH_TECH, **changes)


def test_base_qualifies():
    result = ht()
    assert (result["qualified"], result["route"], result["unmet"], result["pending"]) == (True, "conditions", [], [])
    assert result["ratios"]["rd_ratio"] == "0.05"
    assert result["rd_band"] == "0.05"
    assert result["registered_days"] == 365


@pytest.mark.parametrize(
    ("sales", "band"),
    [
        ("0", "0.05"),
        ("5000", "0.05"),
        ("5000.0001", "0.04"),
        ("20000", "0.04"),
        ("20000.0001", "0.03"),
        ("90000", "0.03"),
    ],
)
def test_rd_band_by_latest_sales(sales, band):
    """<= 5000 万 5 %; 5000 万-2 亿 (2 亿 inclusive) 4 %; > 2 亿 3 %."""
    assert high_tech_rd_band(Decimal(sales)) == Decimal(band)


@pytest.mark.parametrize(
    ("latest_sales", "rd_expense_3y", "unmet"),
    [
        ("5000", "600", []),  # 600 / 12000 = 5 %
        ("5000", "599.9999", ["rd_ratio"]),
        ("5000.0001", "480", []),  # 4 %
        ("5000.0001", "479.9999", ["rd_ratio"]),
    ],
)
def test_rd_ratio_condition_uses_the_band(latest_sales, rd_expense_3y, unmet):
    result = ht(latest_sales=latest_sales, rd_expense_3y=rd_expense_3y, rd_domestic_3y=rd_expense_3y)
    assert result["unmet"] == unmet


def test_rd_ratio_condition_over_2yi():
    data = {"sales_3y": "60000", "latest_sales": "20000.0001", "rd_expense_3y": "1800", "rd_domestic_3y": "1800"}
    assert ht(**data)["unmet"] == []
    data["rd_expense_3y"] = data["rd_domestic_3y"] = "1799.9999"
    result = ht(**data)
    assert result["unmet"] == ["rd_ratio"]
    assert "适用 3% 的标准" in result["reasons"][0]


@pytest.mark.parametrize(
    ("changes", "unmet"),
    [
        ({"application_date": "2025-05-31"}, ["registered_1y"]),
        ({"owns_core_ip": False}, ["ip"]),
        ({"field_in_catalogue": False}, ["field"]),
        ({"tech_staff": "9.99"}, ["tech_staff"]),
        ({"rd_domestic_3y": "359.9999"}, ["rd_domestic"]),
        ({"high_tech_income": "599.9999"}, ["high_tech_income"]),
        ({"innovation_score": 70}, ["innovation_score"]),
        ({"innovation_score": "70.5"}, []),
        ({"no_major_incident": False}, ["incident"]),
    ],
)
def test_each_condition(changes, unmet):
    result = ht(**changes)
    assert result["unmet"] == unmet
    assert len(result["reasons"]) == len(unmet)


def test_registered_one_year_reason():
    result = ht(application_date="2024-12-01")
    assert result["reasons"] == ["申请时注册成立 183 天，不满一年（365 天，差 182 天）"]


def test_application_date_defaults_to_as_of():
    assert ht(application_date=None, as_of="2025-05-31")["unmet"] == ["registered_1y"]
    assert ht(application_date=None, as_of="2025-06-01")["unmet"] == []


def test_innovation_score_pending_when_nothing_else_failed():
    result = ht(innovation_score=None)
    assert (result["qualified"], result["unmet"], result["pending"]) == (None, [], ["innovation_score"])
    assert len(result["reasons"]) == 1


def test_machine_checks_still_decide_without_innovation_score():
    result = ht(innovation_score=None, tech_staff=5)
    assert (result["qualified"], result["unmet"], result["pending"]) == (False, ["tech_staff"], [])


@pytest.mark.parametrize(
    ("values", "rate"),
    [
        (["100", "120", "150"], "0.225"),  # (1.2 + 1.25) / 2 - 1
        (["0", "100", "130"], "0.3"),  # first year 0: last two years only
        (["100", "0", "130"], None),  # second year 0: scores 0
        (["100", "90", "81"], "-0.1"),
    ],
)
def test_growth_rate_special_cases(values, rate):
    result = high_tech_growth_rate([Decimal(v) for v in values])
    assert result == (None if rate is None else Decimal(rate))


@pytest.mark.parametrize(
    ("sales", "points"),
    [
        (["100", "135", "182.25"], [9, 10]),  # 35 %
        (["100", "125", "156.25"], [7, 8]),  # 25 %
        (["100", "115", "132.25"], [5, 6]),  # 15 %
        (["100", "105", "110.25"], [3, 4]),  # 5 %
        (["100", "100", "100.01"], [1, 2]),  # > 0
        (["100", "100", "100"], [0, 0]),  # 0
        (["100", "90", "81"], [0, 0]),
    ],
)
def test_growth_sub_score_ranges(sales, points):
    """企业成长性 sub-items: >=35 % 9-10, >=25 % 7-8, >=15 % 5-6, >=5 % 3-4, >0 1-2, <=0 0."""
    result = ht(sales=sales, net_assets=sales)
    assert result["score_ranges"]["sales_growth"] == points
    assert result["score_ranges"]["net_assets_growth"] == points


@pytest.mark.parametrize(
    ("class1", "class2", "points"),
    [(1, 0, [7, 8]), (0, 5, [5, 6]), (0, 4, [3, 4]), (0, 3, [3, 4]), (0, 2, [1, 2]), (0, 0, [0, 0])],
)
def test_ip_count_sub_score_range(class1, class2, points):
    assert ht(ip_class1=class1, ip_class2=class2)["score_ranges"]["ip_count"] == points


def test_x2_high_tech_hints_clear_failed_conditions():
    """X2 for 高企: the smallest change that meets a failed condition, verified by re-assessing."""
    result = assess("high_tech", {**HIGH_TECH, "tech_staff": 8, "rd_expense_3y": "500", "rd_domestic_3y": "400"})
    assert result["unmet"] == ["tech_staff", "rd_ratio"]
    texts = [hint["text"] for hint in result["hints"]]
    assert texts == [
        "科技人员再增加 2 人，即可满足“科技人员占比”条件",
        "近三年研发费用再增加 100 万元，即可满足“研发费用占比”条件",
    ]
    fixed = assess(
        "high_tech", {**HIGH_TECH, "tech_staff": 10, "rd_expense_3y": "600", "rd_domestic_3y": "400"}, what_if=False
    )
    assert fixed["qualified"] is True
