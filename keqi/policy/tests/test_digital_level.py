"""S3.3 数字化水平评测 2022: level bands, indicator-5 points and dimension totals."""

from __future__ import annotations

import pytest

from keqi.policy import PolicyInputError, assess

from .records import DIGITAL, run


@pytest.mark.parametrize(
    ("score", "level", "name", "points"),
    [
        ("100", 4, "四级", 5),
        ("80", 4, "四级", 5),
        ("79.99", 3, "三级", 5),
        ("60", 3, "三级", 5),
        ("59.99", 2, "二级", 3),
        ("40", 2, "二级", 3),
        ("39.99", 1, "一级", 0),
        ("20", 1, "一级", 0),
        ("19.99", 0, "无等级", 0),
        ("0", 0, "无等级", 0),
    ],
)
def test_s3_3_level_bands_and_indicator_points(score, level, name, points):
    """S3.3 一级 20-40, 二级 40-60, 三级 60-80, 四级 >= 80 (lower bounds inclusive); 专精特新 2022
    indicator 5: 三级+ 5, 二级 3, 一级 0."""
    result = run("digital_level", DIGITAL, score=score)
    assert (result["level"], result["level_name"], result["indicator_points"]) == (level, name, points)
    assert result["qualified"] is (level > 0)
    assert result["unmet"] == ([] if level else ["no_level"])


def test_s3_3_below_20_reason_and_next_level():
    result = run("digital_level", DIGITAL, score="15")
    assert result["reasons"] == ["数字化水平评测得分 15 分，低于 20 分，未达到一级（差 5 分）"]
    assert result["next_level"] == {"level": 1, "name": "一级", "score": "20", "gap": "5"}


def test_s3_3_next_level_gap():
    assert run("digital_level", DIGITAL, score="72.5")["next_level"] == {
        "level": 4,
        "name": "四级",
        "score": "80",
        "gap": "7.5",
    }
    assert run("digital_level", DIGITAL, score="95")["next_level"] is None


def test_s3_3_questionnaire_dimensions_add_up():
    """S3.3 the questionnaire is given as four dimension totals."""
    result = run(
        "digital_level",
        DIGITAL,
        score=None,
        foundation_score="30",
        operation_score="15.5",
        management_score="10",
        outcome_score="5",
        industry="productive_services",
    )
    assert (result["total"], result["level"], result["industry"]) == ("60.5", 3, "productive_services")
    assert result["scores"] == {
        "foundation_score": 30,
        "operation_score": "15.5",
        "management_score": 10,
        "outcome_score": 5,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"foundation_score": "30"}, "维度得分不完整"),
        (
            {
                "score": "61",
                "foundation_score": "30",
                "operation_score": "10",
                "management_score": "10",
                "outcome_score": "10",
            },
            "不一致",
        ),
        (
            {"foundation_score": "60", "operation_score": "30", "management_score": "10", "outcome_score": "10"},
            "超过 100 分",
        ),
        ({}, "缺少必填项"),
        ({"score": "100.5"}, "不能大于 100"),
    ],
)
def test_s3_3_bad_questionnaire(data, message):
    with pytest.raises(PolicyInputError) as caught:
        assess("digital_level", {"as_of": "2024-01-01", **data})
    assert [e["field"] for e in caught.value.errors] == ["score"]
    assert message in caught.value.errors[0]["message"]
