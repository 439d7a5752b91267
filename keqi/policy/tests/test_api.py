"""The Python face: assess / list_schemes / input_schema, input validation and the result shape."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from keqi.policy import PolicyInputError, UnknownSchemeError, assess, input_schema, list_schemes, what_if

from .records import (
    DIGITAL,
    HIGH_TECH,
    INNOVATIVE_SME,
    LITTLE_GIANT_2022,
    LITTLE_GIANT_2026,
    SPECIALIZED_2022,
    SPECIALIZED_2026,
    TECH_SME,
)

ALL_BASES = [
    ("tech_sme", TECH_SME),
    ("innovative_sme", INNOVATIVE_SME),
    ("specialized_sme", SPECIALIZED_2022),
    ("specialized_sme", SPECIALIZED_2026),
    ("little_giant", LITTLE_GIANT_2022),
    ("little_giant", LITTLE_GIANT_2026),
    ("high_tech", HIGH_TECH),
    ("digital_level", DIGITAL),
]


def errors_of(scheme, data, ruleset=None):
    with pytest.raises(PolicyInputError) as caught:
        assess(scheme, data, ruleset)
    return caught.value.errors


def test_list_schemes_with_rulesets_and_dates():
    listing = {item["scheme"]: item for item in list_schemes(on=date(2026, 3, 31))}
    assert set(listing) == {
        "tech_sme",
        "innovative_sme",
        "specialized_sme",
        "little_giant",
        "high_tech",
        "digital_level",
        "credit_rating",
        "shizhu_subsidy",
    }
    assert [(r["id"], r["effective"]) for r in listing["specialized_sme"]["rulesets"]] == [
        ("2022", "2022-08-01"),
        ("2026", "2026-04-01"),
    ]
    assert listing["specialized_sme"]["current"] == "2022"
    assert listing["tech_sme"]["rulesets"][0]["effective"] == "2017-05-10"
    assert listing["high_tech"]["rulesets"][0]["effective"] == "2016-01-01"
    assert listing["digital_level"]["rulesets"][0]["effective"] == "2022-11-01"
    assert {item["scheme"]: item["current"] for item in list_schemes(on=date(2026, 4, 1))}["little_giant"] == "2026"


@pytest.mark.parametrize(("scheme", "base"), ALL_BASES)
def test_result_is_json_ready_and_reasons_empty_iff_qualified(scheme, base):
    result = assess(scheme, base)
    text = json.dumps(result, ensure_ascii=False)  # no Decimal, no date left
    assert json.loads(text) == result
    assert result["qualified"] is True
    assert result["reasons"] == [] and result["unmet"] == [] and result["pending"] == []
    assert all(
        isinstance(value, int) or value is None for value in result["scores"].values() if scheme != "digital_level"
    )
    assert all(isinstance(value, str) or value is None for value in result["ratios"].values())


def test_unknown_scheme():
    with pytest.raises(UnknownSchemeError) as caught:
        assess("tech", {})
    assert caught.value.errors == [
        {
            "field": "scheme",
            "message": "未知的政策类型“tech”，可选：tech_sme、innovative_sme、specialized_sme、little_giant、high_tech、digital_level、credit_rating、shizhu_subsidy",
        }
    ]
    assert isinstance(caught.value, LookupError)


def test_unknown_ruleset():
    assert errors_of("tech_sme", TECH_SME, "2022") == [
        {"field": "ruleset", "message": "未知的规则版本“2022”，科技型中小企业评价可选：2017"}
    ]


def test_every_bad_field_is_listed():
    data = {
        "employees": "-1",
        "tech_staff": [1],
        "sales_revenue": "1,000",
        "total_assets": True,
        "rd_expense": "12.5",
        "ip_class1": "1.5",
        "ip_class2": -2,
        "rd_basis": "max",
        "credit_ok": "yes",
    }
    fields = [e["field"] for e in errors_of("tech_sme", data)]
    assert fields == [
        "employees",
        "tech_staff",
        "sales_revenue",
        "cost_total",
        "total_assets",
        "ip_class1",
        "ip_class2",
        "rd_basis",
        "credit_ok",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"employees": "-1"}, "employees", "职工总数不能为负数"),
        ({"tech_staff": 101}, "tech_staff", "科技人员数（101）不能大于职工总数（100）"),
        ({"employees": 0, "tech_staff": 0}, "employees", "职工总数须大于 0"),
        ({"sales_revenue": None}, "sales_revenue", "缺少必填项：销售收入"),
        ({"rd_expense": None}, "rd_expense", "缺少必填项：研发费用总额（填写 rd_expense 或 rd_projects）"),
        ({"employees": None}, "employees", "缺少必填项：职工总数（填写 employees 或 employees_quarters）"),
        ({"sales_revenue": 1000.5}, "sales_revenue", "销售收入应为数值（整数、小数或十进制数字字符串，不接受浮点数）"),
        ({"sales_revenue": "NaN"}, "sales_revenue", "销售收入应为数值（整数、小数或十进制数字字符串，不接受浮点数）"),
        ({"sales_revenue": Decimal("Infinity")}, "sales_revenue", "销售收入应为有限数值"),
        ({"sales_revenue": "1e13"}, "sales_revenue", "销售收入数值过大（绝对值须小于 10 的 12 次方）"),
        ({"sales_revenue": "0.00000000001"}, "sales_revenue", "销售收入小数位数过多（最多 10 位）"),
        ({"ip_class1": True}, "ip_class1", "Ⅰ类知识产权数应为数值（整数、小数或十进制数字字符串，不接受浮点数）"),
        ({"ip_class1": "2.5"}, "ip_class1", "Ⅰ类知识产权数应为整数"),
        ({"rd_basis": "max"}, "rd_basis", "研发投入计分口径取值无效：“max”，可选：best、revenue、cost"),
        ({"as_of": "2026-13-01"}, "as_of", "评价基准日应为 YYYY-MM-DD 格式的日期"),
        ({"as_of": "2017-05-09"}, "as_of", "2017-05-09 时科技型中小企业评价尚无有效规则（最早于 2017-05-10 生效）"),
        ({"employees_quarters": [[1, 2]]}, "employees_quarters", "职工总数季度数据应为 4 个季度的 [季初, 季末] 数据"),
        (
            {"employees": 30, "employees_quarters": [[30, 30]] * 4, "tech_staff": 31},
            "tech_staff",
            "科技人员数（31）不能大于职工总数（30）",
        ),
    ],
)
def test_validation_messages(changes, field, message):
    data = dict(TECH_SME)
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    errors = errors_of("tech_sme", data)
    assert {"field": field, "message": message} in errors


def test_quarters_must_agree_with_a_given_average():
    errors = errors_of("tech_sme", {**TECH_SME, "employees_quarters": [[90, 100]] * 4})
    assert errors == [{"field": "employees", "message": "职工总数 100 与季度数据计算的全年平均数 95 不一致"}]


def test_nested_errors_carry_their_path():
    data = {
        **TECH_SME,
        "rd_expense": None,
        "rd_projects": [{"form": "self", "amount": "-1"}, {"form": "x", "amount": "1"}, 3],
    }
    data.pop("rd_expense")
    assert [e["field"] for e in errors_of("tech_sme", data)] == [
        "rd_projects[0].amount",
        "rd_projects[1].form",
        "rd_projects[2]",
    ]


def test_numbers_as_strings_ints_and_decimals_agree():
    as_strings = assess("tech_sme", {**TECH_SME, "employees": "100", "rd_expense": "60.0000"}, what_if=False)
    as_decimals = assess(
        "tech_sme", {**TECH_SME, "employees": Decimal(100), "rd_expense": Decimal("6E+1")}, what_if=False
    )
    assert as_strings == as_decimals


def test_unknown_fields_are_ignored_and_reported():
    result = assess("tech_sme", {**TECH_SME, "tech_stuff": 3}, what_if=False)
    assert result["ignored_fields"] == ["tech_stuff"]


def test_input_must_be_an_object():
    assert errors_of("tech_sme", [1, 2]) == [{"field": "", "message": "输入应为 JSON 对象"}]


@pytest.mark.parametrize(
    ("scheme", "ruleset", "required"),
    [
        ("tech_sme", "2017", ["sales_revenue", "cost_total", "total_assets"]),
        (
            "innovative_sme",
            "2022",
            ["rd_expense", "operating_revenue", "main_revenue", "main_revenue_y1", "total_liabilities", "total_assets"],
        ),
        (
            "specialized_sme",
            "2026",
            [
                "niche_years",
                "operating_revenue_y1",
                "operating_revenue_y2",
                "main_revenue",
                "total_liabilities",
                "total_assets",
                "rd_expense_y1",
                "rd_expense_y2",
            ],
        ),
    ],
)
def test_input_schema(scheme, ruleset, required):
    schema = input_schema(scheme, ruleset)
    assert schema["type"] == "object"
    assert schema["required"] == required
    assert schema["x-keqi-ruleset"] == ruleset
    assert "as_of" in schema["properties"]
    json.dumps(schema)


def test_input_schema_alternatives_and_defaults():
    schema = input_schema("tech_sme", "2017")
    assert {"anyOf": [{"required": ["employees"]}, {"required": ["employees_quarters"]}]} in schema["allOf"]
    assert schema["properties"]["resident_enterprise"] == {
        "type": "boolean",
        "title": "境内（不含港澳台）注册的居民企业",
        "default": True,
    }
    assert schema["properties"]["rd_basis"]["enum"] == ["best", "revenue", "cost"]


def test_input_schema_by_date():
    assert input_schema("specialized_sme", as_of=date(2026, 3, 31))["x-keqi-ruleset"] == "2022"
    assert input_schema("specialized_sme", as_of=date(2026, 4, 1))["x-keqi-ruleset"] == "2026"


def test_what_if_function_returns_hints():
    hints = what_if("tech_sme", {**TECH_SME, "rd_expense": "58.8"})
    assert [(h["field"], h["change"]) for h in hints] == [
        ("rd_expense", "1.2"),
        ("sales_revenue", "20"),
        ("cost_total", "604"),
    ]
    assert hints[0]["text"] == "研发费用再增加 1.2 万元，研发投入得分由 40 升至 50"


def test_schemes_without_a_solver_have_no_hints():
    assert "hints" not in assess("digital_level", DIGITAL)
    assert what_if("digital_level", DIGITAL) == []


def test_every_ruleset_has_a_json_schema_naming_its_fields():
    for item in list_schemes():
        for ruleset in item["rulesets"]:
            schema = input_schema(item["scheme"], ruleset["id"])
            json.dumps(schema)
            assert set(schema["required"]) <= set(schema["properties"])
            assert schema["x-keqi-effective"] == ruleset["effective"]


@pytest.mark.parametrize(("scheme", "base"), ALL_BASES)
def test_base_records_use_only_schema_properties(scheme, base):
    """Every key of a valid record is declared in the schema of the ruleset it selects."""
    result = assess(scheme, base, what_if=False)
    properties = input_schema(scheme, result["ruleset"])["properties"]
    assert set(base) <= set(properties)
    assert "ignored_fields" not in result
