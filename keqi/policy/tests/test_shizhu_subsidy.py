"""石柱县 2024 科技创新奖补 (S4.2): every award rule at its boundaries, with amount and sentence."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from keqi.policy import PolicyInputError, assess, input_schema

D = Decimal
YES = {
    "completed": True,
    "approved": True,
    "digital_upgrade": True,
    "indicators_improved": True,
    "county_funded": False,
    "city_2024_declared": False,
}


def items(data: dict, category: str) -> list[dict]:
    result = assess("shizhu_subsidy", {**data, "category": category})
    return [item for item in result["items"] if item["category"] == category]


def one(data: dict, category: str, item_id: str | None = None) -> dict:
    found = items(data, category)
    return found[0] if item_id is None else next(i for i in found if i["id"] == item_id)


def amount(item: dict):
    return None if item["amount"] is None else D(item["amount"])


@pytest.mark.parametrize(
    ("facts", "status", "expected"),
    [
        ({"high_tech_kind": "first", "high_tech_date": "2023-08-01"}, "eligible", D(20)),  # first day
        ({"high_tech_kind": "first", "high_tech_date": "2024-03-31"}, "eligible", D(20)),  # last day
        ({"high_tech_kind": "first", "high_tech_date": "2023-07-31"}, "ineligible", None),
        ({"high_tech_kind": "first", "high_tech_date": "2024-04-01"}, "ineligible", None),
        ({"high_tech_kind": "review", "high_tech_date": "2024-01-10", "high_tech_reviews": 3}, "eligible", D(20)),
        ({"high_tech_kind": "review", "high_tech_date": "2024-01-10", "high_tech_reviews": 2}, "ineligible", None),
        ({"high_tech_kind": "review", "high_tech_date": "2024-01-10"}, "pending", None),
        ({"high_tech_kind": "none"}, "ineligible", None),
        ({}, "pending", None),
    ],
)
def test_high_tech_window_and_reviews(facts, status, expected):
    item = one(facts, "high_tech")
    assert item["status"] == status and amount(item) == expected
    assert "按20万元/家的标准申请资金" in item["rule"]
    if facts.get("high_tech_date") and status == "ineligible" and facts["high_tech_kind"] == "first":
        assert "不在2023年8月1日至2024年3月31日期间（含首尾两日）" in item["reasons"][0]
    if status == "eligible":
        assert item["window"]["within"] is True


def test_high_tech_window_sentence_gives_the_day_gap():
    item = one({"high_tech_kind": "first", "high_tech_date": "2024-04-01"}, "high_tech")
    assert item["reasons"] == [
        "高新技术企业认定（复审）日期 2024-04-01 晚于2024年3月31日（晚 1 天），不在2023年8月1日至2024年3月31日期间（含首尾两日）"
    ]
    review = one({"high_tech_kind": "review", "high_tech_date": "2024-01-10", "high_tech_reviews": 2}, "high_tech")
    assert review["reasons"] == ["连续通过高新技术企业复审 2 次，须连续 3 次（差 1 次）"]


@pytest.mark.parametrize(
    ("facts", "entry", "report"),
    [
        (
            {
                "tech_first_entry_date": "2024-01-01",
                "tech_entry_rewarded": False,
                "annual_report_update_date": "2024-03-31",
            },
            D("0.5"),
            D("0.2"),
        ),
        (
            {
                "tech_first_entry_date": "2023-12-31",
                "tech_entry_rewarded": False,
                "annual_report_update_date": "2024-04-01",
            },
            None,
            None,
        ),
        ({"tech_first_entry_date": "2024-02-01", "tech_entry_rewarded": True}, None, None),
    ],
)
def test_tech_enterprise_entry_and_annual_report(facts, entry, report):
    assert amount(one(facts, "tech_enterprise", "tech_first_entry")) == entry
    assert amount(one(facts, "tech_enterprise", "tech_annual_report")) == report
    assert "按0.5万元/家" in one(facts, "tech_enterprise", "tech_first_entry")["rule"]


def test_tech_entry_reward_unknown_is_pending():
    item = one({"tech_first_entry_date": "2024-02-01"}, "tech_enterprise", "tech_first_entry")
    assert item["status"] == "pending" and item["missing"] == ["是否已获得过入库奖励（资助）"]


@pytest.mark.parametrize(
    ("kind", "level", "event", "expected"),
    [
        ("rd_platform", "national", "new", D(20)),
        ("rd_platform", "municipal", "new", D(10)),
        ("rd_platform", "national", "reevaluation", D(10)),
        ("rd_platform", "municipal", "reevaluation", D(5)),
        ("expert_court", "municipal", "new", D(10)),
        ("science_courtyard", "municipal", "new", D(10)),
        ("workstation", "municipal", "new", D(5)),
        ("popularization_base", "municipal", "new", D(2)),
        ("rd_platform", "county", "new", D(1)),
        ("extension_agency", "county", "reevaluation", D(1)),
        ("popularization_base", "county", "new", D(1)),
        ("expert_court", "national", "new", None),
    ],
)
def test_platform_table(kind, level, event, expected):
    row = {"name": "平台", "type": kind, "level": level, "event": event, "date": "2023-01-01"}
    item = one({"platforms": [row]}, "platform")
    assert amount(item) == expected
    assert item["rule"].startswith("2023年1月1日至2024年3月31日期间，")
    assert ("不在本指南的奖补范围内" in item["reasons"][0]) if expected is None else item["reasons"] == []


def test_platform_window_last_day_and_after():
    rows = [
        {"type": "rd_platform", "level": "national", "event": "new", "date": "2024-03-31"},
        {"type": "rd_platform", "level": "national", "event": "new", "date": "2022-12-31"},
    ]
    found = items({"platforms": rows}, "platform")
    assert [amount(i) for i in found] == [D(20), None]
    assert "早于2023年1月1日（早 1 天）" in found[1]["reasons"][0]


@pytest.mark.parametrize(
    ("y2023", "y2022", "expected"),
    [
        ("500", "400", D("22")),  # 400 × 3 % + 100 × 10 %
        ("400", "400", D("12")),  # no increment
        ("300", "400", D("9")),  # fell: the whole 300 is stock
        ("0", "400", None),
    ],
)
def test_rd_investment_ceiling(y2023, y2022, expected):
    facts = {
        "rd_reserve_system": True,
        "rd_statistics_reported": True,
        "rd_super_deduction_filed": True,
        "rd_expense_2023": y2023,
        "rd_expense_2022": y2022,
    }
    item = one(facts, "rd_investment")
    assert amount(item) == expected
    assert "存量不高于3%、增量不高于10%" in item["rule"]
    if expected is not None:
        assert item["ceiling"] is True


def test_rd_investment_conditions_refuse_or_wait():
    refused = one({"rd_reserve_system": False, "rd_expense_2023": 1, "rd_expense_2022": 1}, "rd_investment")
    assert refused["status"] == "ineligible" and refused["reasons"] == ["未建立研发准备金制度"]
    waiting = one({"rd_reserve_system": True}, "rd_investment")
    assert waiting["status"] == "pending"
    assert (
        "2023年联网直报的研发投入" in waiting["missing"]
        and "是否已向税务部门申报研发费用加计扣除" in waiting["missing"]
    )


@pytest.mark.parametrize(
    ("title", "level", "day", "first", "expected"),
    [
        ("hidden_champion", "municipal", "2023-03-31", True, D(20)),
        ("tech_demo", "municipal", "2024-03-31", True, D(10)),
        ("little_giant", "municipal", "2023-06-01", True, D(5)),
        ("specialized", "municipal", "2023-06-01", True, D(2)),
        ("hidden_champion", "national", "2023-06-01", True, D(30)),
        ("tech_demo", "national", "2023-06-01", True, D(20)),
        ("little_giant", "national", "2023-06-01", True, D(10)),
        ("specialized", "national", "2023-06-01", True, None),
        ("little_giant", "national", "2023-03-30", True, None),
        ("little_giant", "national", "2024-04-01", True, None),
        ("little_giant", "national", "2023-06-01", False, None),  # first time only
    ],
)
def test_high_growth_titles(title, level, day, first, expected):
    item = one({"titles": [{"title": title, "level": level, "date": day, "first_time": first}]}, "high_growth")
    assert amount(item) == expected
    assert "首次获得" in item["rule"]
    if first is False:
        assert item["reasons"] == ["非首次获得国家级“小巨人”称号（只奖补首次获得）"]


def test_achievement_products_and_varieties():
    facts = {
        "new_products": [{"name": "甲", "date": "2023-01-01"}, {"name": "乙", "date": "2024-04-01"}],
        "crop_varieties": [
            {"name": "丙", "level": "national", "date": "2024-03-31"},
            {"name": "丁", "level": "municipal", "date": "2023-05-01"},
        ],
    }
    found = items(facts, "achievement")
    assert [amount(i) for i in found] == [D(2), None, D(5), D(2)]
    assert "按每个产品2万元" in found[0]["rule"] and "5万元、2万元" in found[2]["rule"]


@pytest.mark.parametrize(
    ("investment", "expected"),
    [
        ("100", D(10)),  # the minimum, exactly
        ("99.9999", None),
        ("200", D(20)),  # the cap exactly reached
        ("250", D(20)),  # cap exceeded
    ],
)
def test_smart_project_investment_and_cap(investment, expected):
    facts = {
        "above_scale_manufacturer": True,
        "specialized_or_high_tech": False,
        "smart_projects": [{"name": "产线", "start_date": "2022-01-01", "investment": investment, **YES}],
    }
    item = one(facts, "smart")
    assert amount(item) == expected
    assert "最高不超过20万元" in item["rule"]


@pytest.mark.parametrize(
    ("flag", "statuses"),
    [
        (False, ["eligible", "ineligible"]),  # one project
        (True, ["eligible", "eligible"]),  # two for 专精特新、小巨人、高新技术企业
        (None, ["eligible", "pending"]),
    ],
)
def test_smart_one_or_two_projects(flag, statuses):
    project = {"start_date": "2023-05-01", "investment": "150", **YES}
    facts = {"above_scale_manufacturer": True, "specialized_or_high_tech": flag, "smart_projects": [project, project]}
    assert [i["status"] for i in items(facts, "smart")] == statuses


def test_smart_start_before_2022_and_conditions():
    project = {"start_date": "2021-12-31", "investment": "150", **YES, "county_funded": True}
    item = one({"above_scale_manufacturer": True, "smart_projects": [project]}, "smart")
    assert item["status"] == "ineligible"
    assert item["reasons"][0].startswith("项目实施日期 2021-12-31 早于2022年1月1日")
    assert "项目已获得县级财政资金补助" in item["reasons"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"city_funds": "100"}, D(5)),  # 5 % of city funds
        ({"city_funds": "0", "investment": "300"}, D(30)),  # 10 % exactly at the cap
        ({"city_funds": "0", "investment": "400"}, D(30)),  # cap exceeded
        ({"city_funds": "0", "investment": "120"}, D(12)),
    ],
)
def test_digital_workshop(row, expected):
    facts = {"digital_workshops": [{"name": "车间", "listed_date": "2022-01-01", "county_funded": False, **row}]}
    item = one(facts, "smart")
    assert amount(item) == expected and "最高不超过30万元" in item["rule"]


@pytest.mark.parametrize(
    ("kind", "day", "first", "expected"),
    [
        ("national_demo", "2023-01-01", True, D(5)),
        ("national_advantage", "2024-03-31", True, D(3)),
        ("municipal_demo", "2023-06-01", True, D(2)),
        ("municipal_advantage", "2023-06-01", True, D(1)),
        ("municipal_advantage", "2024-04-01", True, None),
        ("municipal_advantage", "2023-06-01", False, None),
    ],
)
def test_ip_recognitions(kind, day, first, expected):
    item = one({"ip_recognitions": [{"kind": kind, "date": day, "first_time": first}]}, "ip", "ip_recognitions[0]")
    assert amount(item) == expected and "5万元、3万元、2万元、1万元" in item["rule"]


def test_ip_standard_patents_and_maintenance():
    facts = {
        "ip_recognitions": [],
        "ip_standard_date": "2023-09-01",
        "ip_standard_first": True,
        "high_tech_or_above_scale": True,
        "invention_patents_granted": 3,
        "invention_patents_maintained": 2,
    }
    found = {i["id"]: i for i in items(facts, "ip")}
    assert amount(found["ip_standard"]) == D(3)
    assert amount(found["invention_patents"]) == D("0.3") and "每件0.1万元" in found["invention_patents"]["rule"]
    assert amount(found["maintained_patents"]) == D("0.2") and "从第6年起" in found["maintained_patents"]["rule"]
    not_scale = one({**facts, "high_tech_or_above_scale": False}, "ip", "ip_standard")
    assert not_scale["reasons"] == ["贯标认证奖补只适用于高新技术企业或规模以上工业企业"]


def test_whole_result_totals_categories_and_lists_missing_facts():
    result = assess(
        "shizhu_subsidy", {"high_tech_kind": "first", "high_tech_date": "2024-01-05", "invention_patents_granted": 1}
    )
    assert result["qualified"] is True and D(result["total"]) == D("20.1")
    high_tech = result["categories"]["high_tech"]
    assert (high_tech["name"], high_tech["status"], high_tech["amount"]) == ("高新技术企业奖补", "eligible", "20")
    assert result["categories"]["platform"]["status"] == "pending"
    assert "科研推广平台认定情况" in result["missing"]
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


def test_nothing_known_is_pending_never_no():
    result = assess("shizhu_subsidy", {})
    assert result["qualified"] is None and result["unmet"] == []
    assert {c["status"] for c in result["categories"].values()} == {"pending"}


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"invention_patents_granted": 10**9}, "invention_patents_granted", "不能大于 100000"),
        ({"smart_projects": [{"investment": -1}]}, "smart_projects[0].investment", "不能为负数"),
        ({"high_tech_date": "2024-02-30"}, "high_tech_date", "YYYY-MM-DD"),
        ({"platforms": [{"type": "moon_base", "level": "national", "event": "new"}]}, "platforms[0].type", "取值无效"),
        ({"titles": "many"}, "titles", "应为列表"),
    ],
)
def test_bad_input_is_named(data, field, text):
    with pytest.raises(PolicyInputError) as caught:
        assess("shizhu_subsidy", data)
    assert any(e["field"] == field and text in e["message"] for e in caught.value.errors), caught.value.errors


def test_schema_published_and_cli():
    schema = input_schema("shizhu_subsidy")
    assert schema["x-keqi-ruleset"] == "2024"
    assert schema["properties"]["platforms"]["anyOf"][0]["items"]["properties"]["type"]["enum"][0] == "rd_platform"
    out = subprocess.run(
        [sys.executable, "-m", "keqi.policy", "schema", "shizhu_subsidy", "--compact"], capture_output=True, check=True
    )
    assert json.loads(out.stdout)["title"].startswith("石柱县科技创新奖补")
    run = subprocess.run(
        [sys.executable, "-m", "keqi.policy", "assess", "shizhu_subsidy", "--compact"],
        input=json.dumps({"high_tech_kind": "first", "high_tech_date": "2024-03-31"}).encode(),
        capture_output=True,
    )
    assert run.returncode == 0 and json.loads(run.stdout)["categories"]["high_tech"]["status"] == "eligible"
    bad = subprocess.run(
        [sys.executable, "-m", "keqi.policy", "assess", "shizhu_subsidy"],
        input=b'{"smart_projects":[{"investment":-1}]}',
        capture_output=True,
    )
    assert bad.returncode == 2 and "不能为负数" in bad.stdout.decode()
