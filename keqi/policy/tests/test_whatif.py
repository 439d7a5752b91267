"""X2 what-if: the smallest change of one figure that lifts the score or qualifies, verified."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from keqi.policy import assess

from .records import INNOVATIVE_SME, SPECIALIZED_2022, SPECIALIZED_2026, TECH_SME

D = Decimal


def hints(scheme, base, **changes):
    data = {**base, **changes}
    return assess(scheme, data)["hints"]


def by_field(items, field, goal=None):
    return [h for h in items if h["field"] == field and (goal is None or h["goal"] == goal)]


def test_x2_contract_example_text():
    """X2 "研发费用再增加 1.2 万元，研发投入得分由 40 升至 50"."""
    (hint,) = by_field(hints("tech_sme", TECH_SME, rd_expense="58.8"), "rd_expense")
    assert hint["text"] == "研发费用再增加 1.2 万元，研发投入得分由 40 升至 50"
    assert (hint["change"], hint["from"], hint["to"], hint["unit"]) == ("1.2", "58.8", "60", "万元")
    assert (hint["indicator"], hint["score_from"], hint["score_to"], hint["total_from"], hint["total_to"]) == (
        "rd",
        40,
        50,
        90,
        100,
    )
    assert (hint["goal"], hint["direction"], hint["qualifies"]) == ("next_tier", "increase", True)


def test_x2_money_is_rounded_up_to_the_yuan():
    """X2 6 % of 1234.5678 is 74.074068: from 70 the change 4.074068 rounds up to 4.0741 万元."""
    (hint,) = by_field(
        hints("tech_sme", TECH_SME, sales_revenue="1234.5678", rd_expense="70", cost_total="9000"), "rd_expense"
    )
    assert (hint["change"], hint["to"]) == ("4.0741", "74.0741")
    at = assess(
        "tech_sme",
        {**TECH_SME, "sales_revenue": "1234.5678", "rd_expense": "74.0741", "cost_total": "9000"},
        what_if=False,
    )
    below = assess(
        "tech_sme",
        {**TECH_SME, "sales_revenue": "1234.5678", "rd_expense": "74.074", "cost_total": "9000"},
        what_if=False,
    )
    assert (at["scores"]["rd"], below["scores"]["rd"]) == (50, 40)


def test_x2_persons_are_rounded_up_to_whole_people():
    """X2 10 % of 137 employees is 13.7 tech staff: from 10, four more people."""
    result = hints("tech_sme", TECH_SME, employees=137, tech_staff=10)
    (hint,) = by_field(result, "tech_staff", "next_tier")
    assert (hint["change"], hint["to"], hint["score_from"], hint["score_to"]) == (4, "14", 0, 4)
    assert (
        hint["text"]
        == "科技人员再增加 4 人，科技人员得分由 0 升至 4，总分由 80 升至 84，即可达到科技型中小企业评价标准"
    )


def test_x2_next_tier_and_qualify_hints_for_the_same_figure():
    """X2 staff 10 % (4) + R&D 50 + IP 0 = 54: +5 people reach 15 % (58), +10 reach 20 % (62, qualifies)."""
    result = hints("tech_sme", TECH_SME, tech_staff=10, ip_class1=0)
    staff = by_field(result, "tech_staff")
    assert [(h["goal"], h["change"], h["total_to"], h["qualifies"]) for h in staff] == [
        ("next_tier", 5, 58, False),
        ("qualify", 10, 62, True),
    ]
    assert (
        staff[1]["text"]
        == "科技人员再增加 10 人，科技人员得分由 4 升至 12，总分由 54 升至 62，即可达到科技型中小企业评价标准"
    )
    (ip2,) = by_field(result, "ip_class2")
    assert (
        ip2["text"]
        == "Ⅱ类知识产权再增加 1 项，科技成果得分由 0 升至 6，总分由 54 升至 60，即可达到科技型中小企业评价标准"
    )


def test_x2_size_limit_hint():
    """X2 reducing a figure below a size limit qualifies the enterprise."""
    result = hints("tech_sme", TECH_SME, employees="520.5", tech_staff=160)
    (hint,) = by_field(result, "employees")
    assert (hint["goal"], hint["direction"], hint["change"], hint["to"]) == ("qualify", "decrease", 21, "499.5")
    assert hint["text"] == "职工总数再减少 21 人，即可达到科技型中小企业评价标准"


def test_x2_no_hint_for_figures_already_at_the_top():
    result = hints("tech_sme", TECH_SME)
    assert result == []


def test_x2_innovative_debt_ratio_by_reducing_liabilities():
    result = hints("innovative_sme", INNOVATIVE_SME, total_liabilities="600")
    (hint,) = by_field(result, "total_liabilities")
    assert hint["text"] == "负债总额再减少 50 万元，资产负债率得分由 5 升至 10"


def test_x2_innovative_growth_by_raising_main_revenue():
    result = hints(
        "innovative_sme", INNOVATIVE_SME, main_revenue="1149.99", main_revenue_y1="1000", operating_revenue="2000"
    )
    (hint,) = by_field(result, "main_revenue")
    assert hint["text"] == "主营业务收入再增加 0.01 万元，主营业务收入增长率得分由 15 升至 20"


def test_x2_innovative_qualify_by_equity_financing():
    """X2 the direct route by equity (>= 500 万元) counts as qualifying."""
    result = hints("innovative_sme", INNOVATIVE_SME, ip_level="none", rd_expense="0", equity_financing_3y="120")
    (hint,) = by_field(result, "equity_financing_3y", "qualify")
    assert (hint["change"], hint["to"]) == ("380", "500")


def test_x2_specialized_2022_rd_condition():
    """X2 a failed recognition condition (R&D >= 3 % of 营业收入) is solved too."""
    result = hints("specialized_sme", SPECIALIZED_2022, rd_expense_y2="140")
    qualify = by_field(result, "rd_expense_y2", "qualify")
    assert [(h["change"], h["to"]) for h in qualify] == [("10", "150")]


def test_x2_condition_scheme_clears_one_condition():
    """X2 for the 2026 conditions: the change that meets a failed condition."""
    result = hints("specialized_sme", SPECIALIZED_2026, main_revenue="1900")
    (hint,) = by_field(result, "main_revenue")
    assert (hint["goal"], hint["change"], hint["cleared"]) == ("clear_condition", "100", ["main_share"])
    assert (
        hint["text"]
        == "上一年度主营业务收入再增加 100 万元，即可满足“主营业务收入占比”条件，从而满足专精特新中小企业认定条件"
    )


# ---- every hint is verified by re-assessing through the public API ------------------------------

QUANTUM = {"万元": D("0.0001"), "人": D(1), "项": D(1), "级": D(1)}

money = st.decimals(min_value=0, max_value=30000, places=4)
staff = st.integers(min_value=1, max_value=4000).map(lambda n: D(n) / 8)


def _with(data, hint, change):
    value = D(str(hint["from"])) + (change if hint["direction"] == "increase" else -change)
    moved = dict(data)
    moved[hint["field"]] = int(value) if isinstance(hint["from"], int) else str(value)
    return moved


def _reaches(goal, base, after):
    if goal == "next_tier":
        return after["total"] > base["total"]
    if goal == "qualify":
        return after["qualified"] is True
    return set(after["unmet"]) < set(base["unmet"])


def _verify(scheme, data):
    result = assess(scheme, data)
    base = {k: v for k, v in result.items() if k != "hints"}
    for hint in result["hints"]:
        change = D(str(hint["change"]))
        after = assess(scheme, _with(data, hint, change), what_if=False)
        assert _reaches(hint["goal"], base, after), hint
        assert after["total"] == hint["total_to"]
        smaller = change - QUANTUM[hint["unit"]]
        if smaller > 0:
            before = assess(scheme, _with(data, hint, smaller), what_if=False)
            assert not _reaches(hint["goal"], base, before), hint


@settings(max_examples=60, deadline=None, database=None)
@given(
    employees=staff,
    share=st.integers(min_value=0, max_value=100),
    sales=money,
    cost=money,
    rd=st.decimals(min_value=0, max_value=3000, places=4),
    ip1=st.integers(0, 1),
    ip2=st.integers(0, 5),
)
def test_x2_tech_sme_hints_are_exact_and_minimal(employees, share, sales, cost, rd, ip1, ip2):
    """X2 re-assess each hint: the change reaches its goal and one yuan / person less does not."""
    data = {
        "as_of": "2026-05-01",
        "employees": str(employees),
        "tech_staff": str((employees * share / 100).quantize(D("0.001"))),
        "sales_revenue": str(sales),
        "cost_total": str(cost),
        "total_assets": "1000",
        "rd_expense": str(rd),
        "ip_class1": ip1,
        "ip_class2": ip2,
    }
    _verify("tech_sme", data)


@settings(max_examples=60, deadline=None, database=None)
@given(
    operating=st.decimals(min_value=1, max_value=20000, places=4),
    main_share=st.integers(min_value=30, max_value=100),
    previous=money,
    rd=st.decimals(min_value=0, max_value=2000, places=4),
    liabilities=money,
    assets=st.decimals(min_value=1, max_value=30000, places=4),
    ip_level=st.sampled_from(["class1_high_value", "class1_self", "class1", "class2", "none"]),
    equity=st.decimals(min_value=0, max_value=600, places=4),
)
def test_x2_innovative_hints_are_exact_and_minimal(
    operating, main_share, previous, rd, liabilities, assets, ip_level, equity
):
    data = {
        "as_of": "2026-05-01",
        "operating_revenue": str(operating),
        "main_revenue": str((operating * main_share / 100).quantize(D("0.0001"), rounding="ROUND_DOWN")),
        "main_revenue_y1": str(previous),
        "rd_expense": str(rd),
        "total_liabilities": str(liabilities),
        "total_assets": str(assets),
        "ip_level": ip_level,
        "equity_financing_3y": str(equity),
    }
    _verify("innovative_sme", data)


@settings(max_examples=40, deadline=None, database=None)
@given(
    revenue=st.decimals(min_value=500, max_value=20000, places=4),
    rd=st.decimals(min_value=0, max_value=800, places=4),
    profit=st.decimals(min_value=-500, max_value=2000, places=4),
    liabilities=money,
    rd_staff=st.integers(0, 100),
    quality=st.integers(0, 4),
    digital=st.integers(0, 4),
)
def test_x2_specialized_2022_hints_are_exact_and_minimal(revenue, rd, profit, liabilities, rd_staff, quality, digital):
    data = {
        **SPECIALIZED_2022,
        "operating_revenue_y2": str(revenue),
        "main_revenue_y2": str((revenue * D("0.7")).quantize(D("0.0001"))),
        "rd_expense_y2": str(rd),
        "net_profit": str(profit),
        "total_liabilities": str(liabilities),
        "total_assets": "20000",
        "rd_staff": rd_staff,
        "quality_items": quality,
        "digital_level": digital,
        "special_score": 5,
    }
    _verify("specialized_sme", data)
