"""专精特新中小企业: 2022 (63号 附件2) indicators and paths, 2026 (2号 附件1) conditions, the switch."""

from __future__ import annotations

import pytest

from keqi.policy import assess

from .records import SPECIALIZED_2022, SPECIALIZED_2026, run


def s22(**changes):
    return run("specialized_sme", SPECIALIZED_2022, **changes)


def s26(**changes):
    return run("specialized_sme", SPECIALIZED_2026, **changes)


# ---- ruleset switch -------------------------------------------------------------------------

# One enterprise with the figures of both rulesets (each ruleset ignores the other's fields).
BOTH = {**SPECIALIZED_2026, **SPECIALIZED_2022, "main_revenue": "4000"}


def test_ruleset_switch_on_2026_04_01():
    """The 2026 standard takes effect on 2026-04-01; the day before the 2022 one applies."""
    data = BOTH
    before = assess("specialized_sme", {**data, "as_of": "2026-03-31"}, what_if=False)
    on = assess("specialized_sme", {**data, "as_of": "2026-04-01"}, what_if=False)
    assert (before["ruleset"], before["effective"], before["route"], before["total"]) == (
        "2022",
        "2022-08-01",
        "score",
        78,
    )
    assert (on["ruleset"], on["effective"], on["route"], on["total"]) == ("2026", "2026-04-01", "conditions", None)
    assert before["qualified"] is True and on["qualified"] is True


@pytest.mark.parametrize(("as_of", "ruleset"), [("2022-07-31", None), ("2022-08-01", "2022"), ("2030-01-01", "2026")])
def test_ruleset_by_effective_date(as_of, ruleset):
    data = {**BOTH, "as_of": as_of}
    if ruleset is None:
        with pytest.raises(ValueError, match="尚无有效规则") as caught:
            assess("specialized_sme", data)
        assert caught.value.errors[0]["field"] == "as_of"
    else:
        assert assess("specialized_sme", data, what_if=False)["ruleset"] == ruleset


def test_explicit_ruleset_overrides_as_of():
    result = run("specialized_sme", SPECIALIZED_2022, ruleset="2022", as_of="2026-09-01")
    assert result["ruleset"] == "2022"


# ---- 2022: the 13 indicators ----------------------------------------------------------------


def test_2022_base_scores():
    result = s22()
    assert result["scores"] == {
        "main_share": 3,
        "growth": 10,
        "niche_years": 2,
        "field": 3,
        "digital": 5,
        "quality": 3,
        "net_margin": 10,
        "debt_ratio": 5,
        "special": 10,
        "ip": 8,
        "rd": 6,
        "rd_staff": 5,
        "rd_institution": 8,
    }
    assert result["groups"] == {"specialization": 18, "refinement": 23, "characteristic": 10, "innovation": 27}
    assert (result["total"], result["qualified"], result["route"]) == (78, True, "score")


@pytest.mark.parametrize(
    ("main_revenue_y2", "points"),
    [("4000", 5), ("3999.9999", 3), ("3500", 3), ("3499.9999", 1), ("3000", 1), ("2999.9999", 0)],
)
def test_2022_main_share_tiers(main_revenue_y2, points):
    """1 主营收入占比: >=80 % 5, 70-80 % 3, 60-70 % 1, <60 % 0 (营业收入 5000)."""
    assert s22(main_revenue_y2=main_revenue_y2)["scores"]["main_share"] == points


@pytest.mark.parametrize(
    ("y2", "points"),
    [
        # y0 = y1 = 1000, so the mean growth is (y2 - 1000) / 2000.
        ("1200", 10),
        ("1199.9999", 8),
        ("1160", 8),
        ("1159.9999", 6),
        ("1120", 6),
        ("1119.9999", 4),
        ("1080", 4),
        ("1079.9999", 2),
        ("1000", 2),
        ("999.9999", 0),
    ],
)
def test_2022_growth_tiers(y2, points):
    """2 近 2 年主营收入平均增长率: >=10 % 10, 8 % 8, 6 % 6, 4 % 4, 0-4 % 2, <0 0."""
    result = s22(main_revenue_y0="1000", main_revenue_y1="1000", main_revenue_y2=y2)
    assert result["scores"]["growth"] == points


def test_2022_growth_is_the_simple_mean_of_two_yearly_rates():
    # +20 % then -5 %: mean 7.5 % -> 6 points.
    result = s22(main_revenue_y0="1000", main_revenue_y1="1200", main_revenue_y2="1140")
    assert result["ratios"]["growth"] == "0.075"
    assert result["scores"]["growth"] == 6


@pytest.mark.parametrize(
    ("y0", "y1", "y2", "points"),
    [("0", "100", "90", 10), ("0", "0", "100", 10), ("0", "0", "0", 2), ("100", "0", "0", 0), ("100", "0", "1", 10)],
)
def test_2022_growth_from_a_zero_base(y0, y1, y2, points):
    """A yearly rate from 0 to a positive figure is unbounded; from 0 to 0 it is 0 %."""
    result = s22(main_revenue_y0=y0, main_revenue_y1=y1, main_revenue_y2=y2)
    assert result["scores"]["growth"] == points


@pytest.mark.parametrize(
    ("years", "points"),
    [("2", 1), ("3.9", 1), ("4", 2), ("6", 3), ("8", 4), ("9.99", 4), ("10", 5), ("25", 5)],
)
def test_2022_niche_year_points(years, points):
    """3 细分市场年限: 1 point per full 2 years, max 5."""
    assert s22(niche_years=years)["scores"]["niche_years"] == points


@pytest.mark.parametrize(("level", "points"), [("key_chain", 5), ("basic", 3), ("none", 0)])
def test_2022_field_points(level, points):
    assert s22(field_level=level)["scores"]["field"] == points


@pytest.mark.parametrize(("level", "points"), [(4, 5), (3, 5), (2, 3), (1, 0), (0, 0)])
def test_2022_digital_points(level, points):
    """5 数字化水平: 三级及以上 5, 二级 3, 一级 0."""
    assert s22(digital_level=level)["scores"]["digital"] == points


@pytest.mark.parametrize(("items", "points"), [(0, 0), (1, 3), (2, 5), (4, 5)])
def test_2022_quality_points(items, points):
    """6 质量管理: 3 per item, capped at 5."""
    assert s22(quality_items=items)["scores"]["quality"] == points


@pytest.mark.parametrize(
    ("profit", "points"),
    [
        ("500", 10),
        ("499.9999", 8),
        ("400", 8),
        ("399.9999", 6),
        ("300", 6),
        ("299.9999", 4),
        ("200", 4),
        ("199.9999", 2),
        ("100", 2),
        ("99.9999", 0),
        ("-50", 0),
    ],
)
def test_2022_net_margin_tiers(profit, points):
    """7 净利润率: >=10 % 10, 8 %, 6 %, 4 %, 2 %, <2 % 0 (营业收入 5000)."""
    assert s22(net_profit=profit)["scores"]["net_margin"] == points


@pytest.mark.parametrize(
    ("liabilities", "points"),
    [("2500", 5), ("2500.0001", 3), ("3000", 3), ("3000.0001", 1), ("3500", 1), ("3500.0001", 0)],
)
def test_2022_debt_ratio_tiers(liabilities, points):
    """8 资产负债率: <=50 % 5, 50-60 % 3, 60-70 % 1, >70 % 0; boundary in the better tier."""
    assert s22(total_liabilities=liabilities)["scores"]["debt_ratio"] == points


@pytest.mark.parametrize(
    ("level", "points"),
    [("class1_high_value", 10), ("class1_self", 8), ("class1", 6), ("class2", 2), ("none", 0)],
)
def test_2022_ip_points(level, points):
    assert s22(ip_level=level)["scores"]["ip"] == points


@pytest.mark.parametrize(
    ("rd", "revenue", "points"),
    [
        # by amount (ratio kept at 3-4 % with a large revenue)
        ("500", "15000", 10),
        ("499.9999", "15000", 8),
        ("400", "12000", 8),
        ("399.9999", "12000", 6),
        ("300", "9000", 6),
        ("299.9999", "9000", 4),
        ("200", "6000", 4),
        ("199.9999", "6000", 2),
        ("100", "3000", 2),
        # by ratio (amount below 100 万元 scores 0 by amount)
        ("99", "990", 10),
        ("98.9999", "990", 8),
        ("80", "1000", 8),
        ("79.9999", "1000", 6),
        ("60", "1000", 6),
        ("59.9999", "1000", 4),
        ("40", "1000", 4),
        ("39.9999", "1000", 2),
        ("30", "1000", 2),
        ("29.9999", "1000", 0),
    ],
)
def test_2022_rd_tiers_take_the_better_of_amount_and_ratio(rd, revenue, points):
    """11 研发投入: amount >=500 / ratio >=10 % 10 ... amount 100-200 / ratio 3-4 % 2."""
    result = s22(rd_expense_y2=rd, operating_revenue_y2=revenue, main_revenue_y2="900")
    assert result["scores"]["rd"] == points


@pytest.mark.parametrize(
    ("staff", "points"), [("20", 5), ("19.875", 3), ("10", 3), ("9.875", 1), ("5", 1), ("4.875", 0)]
)
def test_2022_rd_staff_tiers(staff, points):
    """12 研发人员占比: >=20 % 5, 10-20 % 3, 5-10 % 1, <5 % 0."""
    assert s22(rd_staff=staff)["scores"]["rd_staff"] == points


@pytest.mark.parametrize(
    ("level", "points"), [("national", 10), ("provincial", 8), ("city", 4), ("below_city", 2), ("none", 0)]
)
def test_2022_rd_institution_points(level, points):
    assert s22(rd_institution_level=level)["scores"]["rd_institution"] == points


# ---- 2022: conditions and alternative paths ---------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "unmet"),
    [
        ({"niche_years": 2}, []),
        ({"niche_years": "1.9"}, ["niche_years"]),
        ({"rd_expense_y2": "150"}, []),  # 100 万元 and 3 % of 5000 = 150: both at the bound
        ({"rd_expense_y2": "149.9999"}, ["rd"]),  # ratio just below 3 %
        ({"rd_expense_y2": "99.9999", "operating_revenue_y2": "1000", "main_revenue_y2": "900"}, ["rd"]),
        ({"operating_revenue_y2": "1000", "main_revenue_y2": "900", "rd_expense_y2": "100"}, []),
        ({"operating_revenue_y2": "999.9999", "main_revenue_y2": "900", "rd_expense_y2": "100"}, ["revenue"]),
        (
            {
                "operating_revenue_y2": "999.9999",
                "main_revenue_y2": "900",
                "rd_expense_y2": "100",
                "equity_financing_2y": "2000",
            },
            [],
        ),
    ],
)
def test_2022_conditions(changes, unmet):
    """Conditions: 细分市场 >= 2 年; R&D >= 100 万 and >= 3 %; 营业收入 >= 1000 万 or equity >= 2000 万."""
    result = s22(**changes)
    assert [u for u in result["unmet"] if u != "score_below_60"] == unmet


def _low_score(**changes):
    """A record that meets conditions 1-3 but scores 31: 专业化 15, 精细化 5, 特色化 0, 创新 11."""
    low = dict(
        field_level="none",
        digital_level=0,
        quality_items=0,
        net_profit="0",
        special_score=0,
        ip_level="none",
        rd_institution_level="none",
    )
    low.update(changes)
    return s22(**low)


# +29 points without 特色化: ip class2 2, quality 3, field basic 3, institution city 4, digital 二级 3 = +15.
UPGRADES = {
    "ip_level": "class2",
    "quality_items": 1,
    "field_level": "basic",
    "rd_institution_level": "city",
    "digital_level": 2,
}


def test_2022_score_below_60_without_alternative():
    result = _low_score()
    assert result["total"] == 31
    assert (result["qualified"], result["unmet"]) == (False, ["score_below_60"])
    assert result["reasons"][0].startswith("评价总分 31 分，低于 60 分（差 29 分），且不满足任一直通条件")


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"award_provincial_top3_3y": True}, "award"),
        ({"award_national_top5_3y": True}, "award"),
        ({"rd_expense_y1": "1700", "rd_expense_y2": "300"}, "rd_average"),
        ({"equity_financing_2y": "6000"}, "equity"),
        ({"maker_top500_3y": True}, "maker"),
    ],
)
def test_2022_alternative_paths(changes, path):
    """Condition 4 holds by any alternative path when the score is below 60."""
    result = _low_score(**changes)
    assert (result["qualified"], result["route"], result["paths"], result["unmet"]) == (True, "direct", [path], [])


@pytest.mark.parametrize(
    "changes", [{"rd_expense_y1": "1699.9999", "rd_expense_y2": "300"}, {"equity_financing_2y": "5999.9999"}]
)
def test_2022_alternative_paths_just_below(changes):
    result = _low_score(**changes)
    assert result["unmet"] == ["score_below_60"]


@pytest.mark.parametrize(("special", "total", "qualified"), [(14, 60, True), (13, 59, False)])
def test_2022_score_of_60_is_the_bar(special, total, qualified):
    result = _low_score(special_score=special, **UPGRADES)
    assert (result["total"], result["qualified"]) == (total, qualified)
    assert result["unmet"] == ([] if qualified else ["score_below_60"])


def test_2022_missing_special_score_is_pending_when_it_could_decide():
    result = _low_score(special_score=None, **UPGRADES)
    assert result["total"] == 46
    assert (result["qualified"], result["unmet"], result["pending"]) == (None, [], ["special"])
    assert "特色化指标需至少 14 分" in result["reasons"][0]


def test_2022_missing_special_score_fails_when_even_15_is_not_enough():
    result = _low_score(special_score=None)
    assert (result["qualified"], result["unmet"], result["pending"]) == (False, ["score_below_60"], [])


def test_2022_missing_special_score_does_not_matter_when_the_rest_passes():
    result = s22(special_score=None)
    assert (result["total"], result["qualified"], result["pending"]) == (68, True, [])
    assert result["scores"]["special"] is None


# ---- 2026 -----------------------------------------------------------------------------------------


def test_2026_base_qualifies():
    result = s26()
    assert (result["qualified"], result["route"], result["unmet"], result["pending"], result["reasons"]) == (
        True,
        "conditions",
        [],
        [],
        [],
    )
    assert result["ratios"] == {"main_share": "0.84", "debt_ratio": "0.5", "rd_ratio_y1": "0.05", "rd_ratio_y2": "0.04"}


@pytest.mark.parametrize(
    ("changes", "unmet"),
    [
        ({"tech_innovative_valid": False}, ["tech_innovative_title"]),
        ({"niche_years": "2.99"}, ["niche_years"]),
        ({"operating_revenue_y2": "1500", "main_revenue": "1200", "rd_expense_y2": "100"}, []),
        ({"operating_revenue_y2": "1499.9999", "main_revenue": "1200", "rd_expense_y2": "100"}, ["revenue"]),
        ({"operating_revenue_y2": "1499.9999", "main_revenue": "1200", "equity_investment_2y": "2000"}, []),
        ({"main_revenue": "2000"}, []),  # exactly 80 %
        ({"main_revenue": "1999.9999"}, ["main_share"]),
        ({"total_liabilities": "1600"}, []),  # exactly 80 %
        ({"total_liabilities": "1600.0001"}, ["debt_ratio"]),
        ({"rd_expense_y1": "99.9999", "operating_revenue_y1": "3000"}, ["rd_each_year"]),
        ({"rd_expense_y1": "100", "operating_revenue_y1": "3333.3333"}, []),  # 3.0000003 %
        ({"rd_expense_y1": "100", "operating_revenue_y1": "3333.3334"}, ["rd_each_year"]),  # just under 3 %
        ({"rd_expense_y2": "99.9999"}, ["rd_each_year"]),
        ({"ip_class1_self": 0}, ["ip"]),
        ({"ip_class1_self": 0, "award_provincial_top3_3y": True}, []),
        ({"ip_class1_self": 0, "provincial_rd_institution": True}, []),
        ({"market_position_ok": False}, ["market"]),
        ({"development_score": "49.99"}, ["development_score"]),
    ],
)
def test_2026_conditions(changes, unmet):
    """Every 2026 condition at its bound (passes) and just past it (unmet id)."""
    result = s26(**changes)
    assert result["unmet"] == unmet
    assert result["qualified"] is (not unmet)
    assert len(result["reasons"]) == len(unmet)


def test_2026_market_judgement_pending():
    result = s26(market_position_ok=None)
    assert (result["qualified"], result["route"], result["unmet"], result["pending"]) == (None, None, [], ["market"])
    assert result["reasons"] == ["主导产品细分市场占有率是否“较为靠前”尚待人工判断"]


def test_2026_pending_is_dropped_when_something_failed():
    result = s26(market_position_ok=None, ip_class1_self=0)
    assert (result["qualified"], result["unmet"], result["pending"]) == (False, ["ip"], [])


def test_2026_missing_development_score_is_pending():
    result = s26(development_score=None)
    assert (result["qualified"], result["pending"]) == (None, ["development_score"])


@pytest.mark.parametrize(("previous", "qualified"), [("50", True), ("49", False)])
def test_2026_re_review_takes_either_of_two_years(previous, qualified):
    result = s26(development_score="45", is_review=True, development_score_prev=previous)
    assert result["qualified"] is qualified


def test_2026_reasons_name_figures_thresholds_and_gaps():
    result = s26(rd_expense_y2="70", total_liabilities="1700")
    assert result["unmet"] == ["debt_ratio", "rd_each_year"]
    assert result["reasons"] == [
        "资产负债率 85.0%，高于 80%（超出 5.0 个百分点）",
        "上一年度研发费用 70 万元，低于 100 万元（差 30 万元）；上一年度研发费用占营业收入比重 2.8%，低于 3%（差 0.2 个百分点）",
    ]
