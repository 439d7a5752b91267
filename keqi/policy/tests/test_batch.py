"""The columnar path agrees with the single-record path (rules defined once, tables shared)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keqi.policy import assess
from keqi.policy.batch import score_innovative_sme, score_tech_sme

D = Decimal
money = st.decimals(min_value=0, max_value=30000, places=4)


@st.composite
def tech_row(draw):
    employees = D(draw(st.integers(1, 4800))) / 8
    return {
        "employees": employees,
        "tech_staff": (employees * draw(st.integers(0, 100)) / 100).quantize(D("0.001"), rounding="ROUND_DOWN"),
        "sales_revenue": draw(money),
        "cost_total": draw(money),
        "total_assets": draw(money),
        "rd_expense": draw(st.decimals(min_value=0, max_value=3000, places=4)),
        "ip_class1": draw(st.integers(0, 2)),
        "ip_class2": draw(st.integers(0, 6)),
        "rd_basis": draw(st.sampled_from(["best", "revenue", "cost"])),
        "resident_enterprise": draw(st.booleans()) or draw(st.booleans()),
        "high_tech_valid": draw(st.integers(0, 9)) == 0,
        "led_standard_5y": draw(st.integers(0, 9)) == 0,
    }


@st.composite
def innovative_row(draw):
    operating = draw(money)
    return {
        "rd_expense": draw(st.decimals(min_value=0, max_value=3000, places=4)),
        "operating_revenue": operating,
        "main_revenue": (operating * draw(st.integers(0, 100)) / 100).quantize(D("0.0001"), rounding="ROUND_DOWN"),
        "main_revenue_y1": draw(money),
        "total_liabilities": draw(money),
        "total_assets": draw(st.decimals(min_value=D("0.0001"), max_value=30000, places=4)),
        "ip_level": draw(st.sampled_from(["class1_high_value", "class1_self", "class1", "class2", "none"])),
        "strategic_emerging": draw(st.booleans()),
        "equity_financing_3y": draw(st.decimals(min_value=0, max_value=600, places=4)),
    }


def columns_of(rows):
    return {key: [row[key] for row in rows] for key in rows[0]}


@settings(max_examples=60, deadline=None, database=None)
@given(rows=st.lists(tech_row(), min_size=1, max_size=20))
def test_batch_tech_sme_equals_single(rows):
    batch = score_tech_sme(columns_of(rows))
    single = [assess("tech_sme", row, what_if=False) for row in rows]
    assert batch["total"] == [result["total"] for result in single]
    assert batch["qualified"] == [result["qualified"] for result in single]


@settings(max_examples=60, deadline=None, database=None)
@given(rows=st.lists(innovative_row(), min_size=1, max_size=20))
def test_batch_innovative_sme_equals_single(rows):
    batch = score_innovative_sme(columns_of(rows))
    single = [assess("innovative_sme", row, what_if=False) for row in rows]
    assert batch["total"] == [result["total"] for result in single]
    assert batch["qualified"] == [result["qualified"] for result in single]


def test_batch_tech_sme_known_rows():
    columns = {
        "employees": [D(100), D(100), D(600)],
        "tech_staff": [D(30), D(9), D(300)],
        "sales_revenue": [D(1000), D(1000), D(1000)],
        "cost_total": [D(800), D(800), D(800)],
        "total_assets": [D(500), D(500), D(500)],
        "rd_expense": [D("59.9999"), D(60), D(60)],
        "ip_class1": [0, 1, 1],
        "ip_class2": [1, 0, 0],
    }
    assert score_tech_sme(columns) == {"total": [66, 80, 100], "qualified": [True, False, False]}


def test_batch_rejects_ragged_columns():
    with pytest.raises(ValueError, match="column tech_staff"):
        score_tech_sme({"employees": [D(1), D(2)], "tech_staff": [D(1)]})
