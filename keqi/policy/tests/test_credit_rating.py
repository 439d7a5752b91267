"""知识价值信用评级 (issue 12 item 3, S2.5): grade A–E from the annual report's figures with
administrator-set weights and cut-offs; table-driven boundaries; unknown figures → 需补充信息."""

from decimal import Decimal

import pytest

from keqi.policy import PolicyInputError, assess
from keqi.policy.schemes.credit_rating import DEFAULT_PARAMETERS, check_parameters

# Every figure known and zero: score 0, grade E.
ZEROS = {
    "invention_granted": 0,
    "utility_granted": 0,
    "design_granted": 0,
    "software_copyrights": 0,
    "ic_layouts": 0,
    "new_varieties": 0,
    "rd_expense": "0",
    "operating_revenue": "1000",
    "employees": 10,
    "tech_staff": 0,
    "hitech_products": 0,
    "is_high_tech": False,
}
# Only the bonus 创新企业 (10 points by default) and knowledge: 1 invention = 25 × 50% = 12.5.
SIMPLE = {
    "weights": {"ip": "100", "rd": "0"},
    "ip_points": {"invention": 1},
    "bonus": {"talent": 0, "product": 0, "enterprise": 0},
}


def rate(parameters=None, **figures):
    data = {**ZEROS, **figures}
    if parameters is not None:
        data["parameters"] = parameters
    return assess("credit_rating", data)


@pytest.mark.parametrize(
    ("inventions", "grade"),
    [(0, "E"), (39, "E"), (40, "D"), (54, "D"), (55, "C"), (69, "C"), (70, "B"), (84, "B"), (85, "A"), (100, "A")],
)
def test_cut_offs_are_inclusive_lower_bounds(inventions, grade):
    result = rate({**SIMPLE, "ip_points": {"invention": 1}}, invention_granted=inventions)
    assert result["grade"] == grade, result["explanation"]
    assert result["total"] == inventions


@pytest.mark.parametrize(
    ("rd_expense", "points"),
    [
        ("0", 0),
        ("9.9999", 0),
        ("10", 20),
        ("19.9999", 20),
        ("20", 40),
        ("30", 60),
        ("39.9999", 60),
        ("40", 80),
        ("60", 100),
        ("1000", 100),
    ],
)
def test_rd_intensity_tiers_on_operating_revenue(rd_expense, points):
    result = rate(rd_expense=rd_expense)  # revenue 1000 万元: 10 万元 is 1%
    assert result["scores"]["rd"] == points


@pytest.mark.parametrize(
    ("employees", "tech_staff", "bonus"),
    [(10, 2, 0), (10, 3, 5), (100, 29, 0), (100, 30, 5), (0, 0, 0)],
)
def test_talent_bonus_at_the_share_bound(employees, tech_staff, bonus):
    assert rate(employees=employees, tech_staff=tech_staff)["scores"]["bonus_talent"] == bonus


def test_weights_and_bonuses_add_up_and_every_indicator_is_explained():
    result = rate(
        invention_granted=2,
        utility_granted=1,
        rd_expense="40",
        employees=20,
        tech_staff=8,
        hitech_products=1,
        is_high_tech=True,
    )
    # ip = 2×25 + 10 = 60 → 30; rd 4% → 80 → 40; bonuses 5 + 5 + 10
    assert result["scores"] == {"ip": 60, "rd": 80, "bonus_talent": 5, "bonus_product": 5, "bonus_enterprise": 10}
    assert result["total"] == 90 and result["grade"] == "A" and result["qualified"] is True
    text = "\n".join(result["explanation"])
    for label in ("知识产权（权重 50%）", "研发投入（权重 50%）", "科技人才", "创新产品", "创新企业", "A ≥ 85 分"):
        assert label in text


def test_ip_points_are_capped():
    assert rate(invention_granted=100)["scores"]["ip"] == 100


def test_zero_revenue_scores_rd_zero_with_the_reason():
    result = rate(operating_revenue="0", rd_expense="5")
    assert result["scores"]["rd"] == 0
    assert any("营业收入为 0" in line for line in result["explanation"])


def test_unknown_figures_give_needs_information_not_a_low_grade():
    result = assess("credit_rating", {"rd_expense": "40", "operating_revenue": "1000"})
    assert result["grade"] is None and result["qualified"] is None
    assert result["pending"] == ["missing_information"]
    assert result["reasons"][0].startswith("需补充信息：缺少发明专利授权数")


def test_an_unknown_bonus_that_cannot_change_the_grade_keeps_the_grade():
    data = {**ZEROS, "invention_granted": 4, "rd_expense": "60"}  # 50 + 50 = 100 → A already
    del data["is_high_tech"]
    result = assess("credit_rating", data)
    assert result["grade"] == "A"
    assert any("不影响等级" in line for line in result["explanation"])


def test_administrator_parameters_change_the_grade():
    base = {"invention_granted": 2, "rd_expense": "40"}  # 25 + 40 = 65 → C by default
    assert rate(**base)["grade"] == "C"
    assert rate({"cutoffs": {"A": 90, "B": 60, "C": 50, "D": 30}}, **base)["grade"] == "B"


@pytest.mark.parametrize(
    ("parameters", "field", "message"),
    [
        ({"weights": {"ip": "60", "rd": "50"}}, "parameters.weights", "合计应为 100%"),
        ({"weights": {"ip": "abc", "rd": "50"}}, "parameters.weights.ip", "应为数值"),
        ({"cutoffs": {"A": 70, "B": 70, "C": 55, "D": 40}}, "parameters.cutoffs", "A > B > C > D"),
        ({"rd_tiers": [["0.01", 20], ["0.06", 100]]}, "parameters.rd_tiers", "从高到低"),
        ({"rd_tiers": [["2", 20]]}, "parameters.rd_tiers[0]", "0 至 1"),
        ({"talent_share": "-0.1"}, "parameters.talent_share", "0 至 1"),
        ("text", "parameters", "JSON 对象"),
    ],
)
def test_bad_parameters_are_refused_with_the_field_named(parameters, field, message):
    with pytest.raises(PolicyInputError) as caught:
        rate(parameters)
    assert any(e["field"] == field and message in e["message"] for e in caught.value.errors), caught.value.errors


def test_defaults_are_valid_and_typed():
    parameters, errors = check_parameters(DEFAULT_PARAMETERS)
    assert errors == []
    assert parameters["cutoffs"]["A"] == Decimal(85)
    assert sum(parameters["weights"].values()) == 100
