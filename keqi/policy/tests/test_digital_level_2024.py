"""S3.3 数字化水平评测 2024 questionnaire (NEXT-WAVE-RULES.md §3.2): every option's points,
multiple choice capped at the item's maximum, rate tiers at their (a, b] bounds, full marks = 100,
and the level taken from the platform (its 2024 rule is not public)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keqi.policy import PolicyInputError, assess
from keqi.policy.schemes.digital_level_2024 import BY_KEY, QUESTIONS, SCENES

D = Decimal
AS_OF = "2026-06-01"

# (item, option, points) for every option of every item, as the platform JSON gives them.
OPTION_POINTS = [
    ("network", "A", "0"), ("network", "B", "2"), ("network", "C", "2"), ("network", "D", "2"), ("network", "E", "2"),
    *((item, k, p) for item in ("equipment_digital", "equipment_networked")
      for k, p in zip("ABCDE", ("0", "1.5", "3", "4.5", "6"), strict=True)),
    ("data_collection", "A", "0"),
    *(("data_collection", chr(ord("B") + i), "0.7") for i in range(13)),
    ("data_collection", "O", "0.9"),
    *(("information_system", k, p) for k, p in zip("ABCDE", ("0", "2.5", "5", "7.5", "10"), strict=True)),
    *((item, k, p) for item in ("network_security", "data_security")
      for k, p in zip("ABCDE", ("0", "1.25", "1.25", "1.25", "1.25"), strict=True)),
    *(("planning", k, p) for k, p in zip("ABCDEF", ("0", "1.5", "3", "4.5", "6", "7.5"), strict=True)),
    *(("mechanism", k, p) for k, p in zip("ABCDE", ("0", "1.875", "1.875", "1.875", "1.875"), strict=True)),
    *(("talent", k, p) for k, p in zip("ABCDEF", ("0", "1.5", "1.5", "1.5", "1.5", "1.5"), strict=True)),
    *(("funding", k, p) for k, p in zip("ABCDE", ("0", "1.875", "3.75", "5.625", "7.5"), strict=True)),
    ("green", "A", "0"), ("green", "B", "3.5"), ("green", "C", "7"),
    ("quality", "A", "0"), ("quality", "B", "3.5"), ("quality", "C", "7"),
    ("market", "A", "0"), ("market", "B", "1.5"), ("market", "C", "3"),
    ("value", "A", "0"), ("value", "B", "1.5"), ("value", "C", "3"),
]  # fmt: skip

ITEM_MAX = {
    "network": "8", "equipment_digital": "6", "equipment_networked": "6", "data_collection": "10",
    "information_system": "10", "network_security": "5", "data_security": "5", "planning": "7.5",
    "mechanism": "7.5", "talent": "7.5", "funding": "7.5", "green": "7", "quality": "7", "market": "3", "value": "3",
}  # fmt: skip


def zero_answers() -> dict:
    """Every item answered with its first option (无 / 0 points)."""
    return {q.key: (["A"] if q.multiple else "A") for q in QUESTIONS}


def full_answers() -> dict:
    return {q.key: ([o.key for o in q.options[1:]] if q.multiple else q.options[-1].key) for q in QUESTIONS}


def run(answers: dict, **extra):
    return assess("digital_level", {"as_of": AS_OF, **answers, **extra}, what_if=False)


def test_s3_3_2024_ruleset_in_force_from_the_notice_date():
    assert run(zero_answers())["ruleset"] == "2024"
    assert assess("digital_level", {"as_of": "2024-09-08", "score": 50})["ruleset"] == "2022"


def test_s3_3_items_are_the_listed_ones_with_their_maximum():
    assert {q.key: str(q.points) for q in QUESTIONS} == ITEM_MAX
    assert len(SCENES) == 16


@pytest.mark.parametrize(("item", "option", "points"), OPTION_POINTS)
def test_s3_3_every_option_scores_its_points(item, option, points):
    answers = zero_answers()
    answers[item] = [option] if BY_KEY[item].multiple else option
    result = run(answers)
    assert D(str(result["scores"][item])) == D(points)
    assert D(str(result["total"])) == D(points)


@pytest.mark.parametrize(
    ("item", "chosen", "expected"),
    [
        ("network", ["B", "C", "D", "E"], "8"),
        ("network", ["B", "C"], "4"),
        ("data_collection", [chr(ord("B") + i) for i in range(13)], "9.1"),
        ("data_collection", [chr(ord("B") + i) for i in range(13)] + ["O"], "10"),
        ("data_collection", ["B", "O"], "1.6"),
        ("network_security", ["B", "C", "D", "E"], "5"),
        ("mechanism", ["B", "C", "D", "E"], "7.5"),
        ("talent", ["B", "C", "D", "E", "F"], "7.5"),
        ("talent", ["B", "F"], "3"),
    ],
)
def test_s3_3_multiple_choice_sums_capped_at_the_item_maximum(item, chosen, expected):
    answers = zero_answers()
    answers[item] = chosen
    score = D(str(run(answers)["scores"][item]))
    assert score == D(expected)
    assert score <= D(ITEM_MAX[item])


@pytest.mark.parametrize(
    ("count", "option", "points"),
    [
        (0, "A", "0"),
        (10, "A", "0"),  # 10 % is in [0, 10%]
        (11, "B", "1.5"),  # 11 % is in (10, 20]
        (20, "B", "1.5"),
        (21, "C", "3"),
        (40, "C", "3"),
        (41, "D", "4.5"),
        (60, "D", "4.5"),
        (61, "E", "6"),
        (100, "E", "6"),
    ],
)
def test_s3_3_equipment_rates_tier_at_left_open_right_closed_bounds(count, option, points):
    answers = {**zero_answers(), "equipment_digital": None, "equipment_networked": None}
    result = run(answers, equipment_total=100, equipment_digital_count=count, equipment_networked_count=count)
    for item in ("equipment_digital", "equipment_networked"):
        assert D(str(result["scores"][item])) == D(points)
    assert D(result["ratios"]["equipment_digital"]) == D(count) / 100


@pytest.mark.parametrize(
    ("spend", "points"),
    [("100", "0"), ("100.01", "1.875"), ("200", "1.875"), ("400", "3.75"), ("600", "5.625"), ("600.5", "7.5")],
)
def test_s3_3_funding_tier_from_spend_and_revenue(spend, points):
    answers = {**zero_answers(), "funding": None}
    result = run(answers, funding_spend=spend, funding_revenue="1000")
    assert D(str(result["scores"]["funding"])) == D(points)


def test_s3_3_full_marks_are_100():
    result = run(full_answers())
    assert D(str(result["total"])) == 100
    assert {key: D(str(value)) for key, value in result["dimensions"].items()} == {
        "foundation": 50,
        "management": 30,
        "outcome": 20,
    }


def test_s3_3_level_is_the_platform_issued_one_and_pending_without_it():
    answers = full_answers()
    pending = run(answers)
    assert pending["qualified"] is None and pending["pending"] == ["platform_level"]
    assert "需补充信息" in pending["reasons"][0]
    issued = run(answers, platform_level=3, scene_product_design=2)
    assert (issued["level"], issued["level_name"], issued["indicator_points"]) == (3, "三级", 5)
    assert issued["scenes"] == {"scene_product_design": 2}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"network": ["A", "B"]}, "network", "选择“无”时不能再选择其他选项"),
        ({"network": ["Z"]}, "network", "取值无效"),
        ({"network": ["B", "B"]}, "network", "选项重复"),
        ({"planning": None}, "answers", "尚未作答：规划实施"),
        ({"equipment_total": 10, "equipment_digital_count": 11}, "equipment_digital_count", "不能大于"),
        ({"equipment_total": 0, "equipment_digital_count": 0}, "equipment_total", "应大于 0"),
        ({"equipment_total": 100, "equipment_digital_count": 50}, "equipment_digital", "应选择“D"),
        ({"scene_product_design": 5}, "scene_product_design", "不能大于 4"),
    ],
)
def test_s3_3_bad_answers_name_the_item(change, field, message):
    answers = {**zero_answers(), **change}
    answers = {key: value for key, value in answers.items() if value is not None}
    with pytest.raises(PolicyInputError) as caught:
        assess("digital_level", {"as_of": AS_OF, **answers})
    found = [e for e in caught.value.errors if e["field"] == field]
    assert found and message in found[0]["message"], caught.value.errors
