"""Property tests: scores are monotone in each figure and never exceed their maxima.

S1.14 (tech_sme), innovative_sme, specialized_sme 2022, S3.3 (digital_level).

Ratio denominators that measure size (sales, cost, 营业收入, employees, assets) are drawn
positive: at exactly 0 the ratio is undefined and the indicator scores 0 (POLICY-RULES.md
§1.9), which tests elsewhere pin down.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from keqi.policy import assess

from .records import SPECIALIZED_2022

D = Decimal
SETTINGS = settings(max_examples=150, deadline=None, database=None)

money = st.decimals(min_value=0, max_value=40000, places=4)
positive = st.decimals(min_value=D("0.0001"), max_value=40000, places=4)
bump = st.decimals(min_value=0, max_value=5000, places=4)


def total(scheme, data):
    return assess(scheme, {**data, "as_of": "2026-03-01"}, what_if=False)


def ordered(scheme, data, field, low, high, increasing=True):
    """Assess with ``field`` at ``low`` and at ``high`` (>= low) and check the total's order."""
    first = total(scheme, {**data, field: low})
    second = total(scheme, {**data, field: high})
    if increasing:
        assert second["total"] >= first["total"], (field, low, high)
    else:
        assert second["total"] <= first["total"], (field, low, high)
    return first, second


# ---- tech_sme -------------------------------------------------------------------------------

TECH_MAXIMA = {"tech_staff": 20, "rd_revenue": 50, "rd_cost": 50, "rd": 50, "ip": 30}


@st.composite
def tech_records(draw):
    employees = D(draw(st.integers(min_value=1, max_value=8000))) / 8
    return {
        "employees": employees,
        "tech_staff": (employees * draw(st.integers(0, 1000)) / 1000).quantize(D("0.001"), rounding="ROUND_DOWN"),
        "sales_revenue": draw(positive),
        "cost_total": draw(positive),
        "total_assets": draw(money),
        "rd_expense": draw(money),
        "ip_class1": draw(st.integers(0, 3)),
        "ip_class2": draw(st.integers(0, 8)),
        "rd_basis": draw(st.sampled_from(["best", "revenue", "cost"])),
    }


def check_tech_maxima(result):
    scores = result["scores"]
    for key, maximum in TECH_MAXIMA.items():
        assert 0 <= scores[key] <= maximum
    assert result["total"] == scores["tech_staff"] + scores["rd"] + scores["ip"] <= 100


@SETTINGS
@given(record=tech_records(), delta=bump, field=st.sampled_from(["rd_expense", "sales_revenue", "cost_total"]))
def test_s1_14_total_monotone_in_money(record, delta, field):
    """S1.14 more R&D never lowers the total; more sales or cost never raises it."""
    first, second = ordered(
        "tech_sme", record, field, record[field], record[field] + delta, increasing=field == "rd_expense"
    )
    check_tech_maxima(first)
    check_tech_maxima(second)


@SETTINGS
@given(record=tech_records(), share=st.integers(0, 1000))
def test_s1_14_total_monotone_in_staff(record, share):
    """S1.14 more tech staff (same employees) never lowers the total; more employees never raises it."""
    employees = record["employees"]
    more_staff = record["tech_staff"] + (employees - record["tech_staff"]) * share / 1000
    ordered(
        "tech_sme", record, "tech_staff", record["tech_staff"], more_staff.quantize(D("0.001"), rounding="ROUND_DOWN")
    )
    ordered("tech_sme", record, "employees", employees, employees + D(share) / 8, increasing=False)


@SETTINGS
@given(record=tech_records(), extra=st.integers(0, 5), field=st.sampled_from(["ip_class1", "ip_class2"]))
def test_s1_14_total_monotone_in_ip(record, extra, field):
    ordered("tech_sme", record, field, record[field], record[field] + extra)


# ---- innovative_sme --------------------------------------------------------------------------

INNO_MAXIMA = {
    "ip": 20,
    "rd_ratio": 20,
    "growth": 20,
    "debt_ratio": 10,
    "field": 10,
    "main_share": 20,
    "innovation": 40,
    "growth_group": 30,
    "specialization": 30,
}


@st.composite
def innovative_records(draw):
    operating = draw(positive)
    return {
        "ip_level": draw(st.sampled_from(["class1_high_value", "class1_self", "class1", "class2", "none"])),
        "rd_expense": draw(money),
        "operating_revenue": operating,
        "main_revenue": (operating * draw(st.integers(0, 100)) / 100).quantize(D("0.0001"), rounding="ROUND_DOWN"),
        "main_revenue_y1": draw(money),
        "total_liabilities": draw(money),
        "total_assets": draw(st.decimals(min_value=D("0.0001"), max_value=40000, places=4)),
        "strategic_emerging": draw(st.booleans()),
    }


def check_inno_maxima(result):
    for key, maximum in INNO_MAXIMA.items():
        assert 0 <= result["scores"][key] <= maximum
    assert result["total"] <= 100


@SETTINGS
@given(
    record=innovative_records(),
    delta=bump,
    field=st.sampled_from(["rd_expense", "main_revenue_y1", "total_liabilities", "total_assets", "operating_revenue"]),
)
def test_innovative_total_monotone(record, delta, field):
    """More R&D or assets never lower the total; more liabilities, revenue base or 营业收入 never raise it."""
    increasing = field in ("rd_expense", "total_assets")
    first, second = ordered("innovative_sme", record, field, record[field], record[field] + delta, increasing)
    check_inno_maxima(first)
    check_inno_maxima(second)


@SETTINGS
@given(record=innovative_records(), share=st.integers(0, 100))
def test_innovative_total_monotone_in_main_revenue(record, share):
    """More 主营业务收入 (within 营业收入) raises growth and share, never lowers the total."""
    room = record["operating_revenue"] - record["main_revenue"]
    higher = record["main_revenue"] + (room * share / 100).quantize(D("0.0001"), rounding="ROUND_DOWN")
    ordered("innovative_sme", record, "main_revenue", record["main_revenue"], higher)


# ---- specialized_sme 2022 -------------------------------------------------------------------------

SPEC_MAXIMA = {
    "main_share": 5,
    "growth": 10,
    "niche_years": 5,
    "field": 5,
    "digital": 5,
    "quality": 5,
    "net_margin": 10,
    "debt_ratio": 5,
    "special": 15,
    "ip": 10,
    "rd": 10,
    "rd_staff": 5,
    "rd_institution": 10,
}


@st.composite
def specialized_records(draw):
    operating = draw(positive)
    employees = D(draw(st.integers(1, 4000)))
    return {
        **SPECIALIZED_2022,
        "niche_years": draw(st.decimals(min_value=0, max_value=30, places=1)),
        "rd_expense_y1": draw(money),
        "rd_expense_y2": draw(money),
        "operating_revenue_y2": operating,
        "main_revenue_y0": draw(money),
        "main_revenue_y1": draw(money),
        "main_revenue_y2": (operating * draw(st.integers(0, 100)) / 100).quantize(D("0.0001"), rounding="ROUND_DOWN"),
        "field_level": draw(st.sampled_from(["key_chain", "basic", "none"])),
        "digital_level": draw(st.integers(0, 4)),
        "quality_items": draw(st.integers(0, 4)),
        "net_profit": draw(st.decimals(min_value=-5000, max_value=5000, places=4)),
        "total_liabilities": draw(money),
        "total_assets": draw(st.decimals(min_value=1, max_value=40000, places=4)),
        "special_score": draw(st.integers(0, 15)),
        "ip_level": draw(st.sampled_from(["class1_high_value", "class1_self", "class1", "class2", "none"])),
        "employees": employees,
        "rd_staff": employees * draw(st.integers(0, 100)) / 100,
        "rd_institution_level": draw(st.sampled_from(["national", "provincial", "city", "below_city", "none"])),
    }


def check_spec_maxima(result):
    for key, maximum in SPEC_MAXIMA.items():
        assert 0 <= result["scores"][key] <= maximum
    assert result["total"] == sum(result["scores"].values()) <= 100


@SETTINGS
@given(
    record=specialized_records(),
    delta=bump,
    field=st.sampled_from(
        [
            "rd_expense_y2",
            "net_profit",
            "niche_years",
            "total_liabilities",
            "operating_revenue_y2",
            "main_revenue_y0",
            "total_assets",
        ]
    ),
)
def test_specialized_2022_total_monotone(record, delta, field):
    increasing = field in ("rd_expense_y2", "net_profit", "niche_years", "total_assets")
    first, second = ordered("specialized_sme", record, field, record[field], record[field] + delta, increasing)
    check_spec_maxima(first)
    check_spec_maxima(second)


@SETTINGS
@given(record=specialized_records(), share=st.integers(0, 100), extra=st.integers(0, 4))
def test_specialized_2022_total_monotone_in_shares_and_levels(record, share, extra):
    room = record["operating_revenue_y2"] - record["main_revenue_y2"]
    higher = record["main_revenue_y2"] + (room * share / 100).quantize(D("0.0001"), rounding="ROUND_DOWN")
    ordered("specialized_sme", record, "main_revenue_y2", record["main_revenue_y2"], higher)
    staff_room = record["employees"] - record["rd_staff"]
    ordered("specialized_sme", record, "rd_staff", record["rd_staff"], record["rd_staff"] + staff_room * share / 100)
    ordered(
        "specialized_sme", record, "digital_level", record["digital_level"], min(4, record["digital_level"] + extra)
    )
    ordered(
        "specialized_sme", record, "quality_items", record["quality_items"], min(4, record["quality_items"] + extra)
    )


# ---- digital_level ---------------------------------------------------------------------------------


@SETTINGS
@given(low=st.decimals(min_value=0, max_value=100, places=2), high=st.decimals(min_value=0, max_value=100, places=2))
def test_s3_3_level_monotone_in_score(low, high):
    """S3.3 a higher score never gives a lower level or fewer indicator-5 points."""
    low, high = min(low, high), max(low, high)
    first = assess("digital_level", {"score": low}, "2022", what_if=False)
    second = assess("digital_level", {"score": high}, "2022", what_if=False)
    assert 0 <= first["level"] <= second["level"] <= 4
    assert 0 <= first["indicator_points"] <= second["indicator_points"] <= 5
