"""The command line: schemes, schema, assess (file and stdin), exit 2 with every bad field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .records import SPECIALIZED_2022, SPECIALIZED_2026, TECH_SME

ROOT = Path(__file__).resolve().parents[3]


def cli(*args, stdin=None):
    completed = subprocess.run(
        [sys.executable, "-m", "keqi.policy", *args],
        input=stdin.encode("utf-8") if stdin is not None else None,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    return completed.returncode, completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8")


def test_schemes_lists_rulesets_and_effective_dates():
    code, out, _ = cli("schemes")
    assert code == 0
    listing = {item["scheme"]: item for item in json.loads(out)}
    assert [(r["id"], r["effective"]) for r in listing["specialized_sme"]["rulesets"]] == [
        ("2022", "2022-08-01"),
        ("2026", "2026-04-01"),
    ]
    assert listing["tech_sme"]["rulesets"][0]["document"].startswith("国科发政〔2017〕115号")


@pytest.mark.parametrize(
    ("args", "ruleset"),
    [
        (("tech_sme",), "2017"),
        (("specialized_sme", "--ruleset", "2022"), "2022"),
        (("little_giant", "--ruleset", "2026"), "2026"),
    ],
)
def test_schema(args, ruleset):
    code, out, _ = cli("schema", *args)
    assert code == 0
    schema = json.loads(out)
    assert schema["x-keqi-ruleset"] == ruleset
    assert schema["type"] == "object"


def test_assess_from_file(tmp_path):
    path = tmp_path / "input.json"
    path.write_text(json.dumps({**TECH_SME, "rd_expense": 58.8}), encoding="utf-8")
    code, out, _ = cli("assess", "tech_sme", "--input", str(path))
    assert code == 0
    result = json.loads(out)
    assert (result["scheme"], result["ruleset"], result["total"], result["qualified"]) == ("tech_sme", "2017", 90, True)
    assert result["ratios"]["rd_revenue"] == "0.0588"  # JSON 58.8 read as Decimal, never float
    assert result["hints"][0]["text"] == "研发费用再增加 1.2 万元，研发投入得分由 40 升至 50"


def test_assess_from_stdin_with_ruleset_by_date():
    data = {**SPECIALIZED_2026, **SPECIALIZED_2022, "main_revenue": "4000", "as_of": "2026-04-01"}
    code, out, _ = cli("assess", "specialized_sme", "--no-what-if", stdin=json.dumps(data))
    assert code == 0
    result = json.loads(out)
    assert (result["ruleset"], result["qualified"], result["route"]) == ("2026", True, "conditions")
    assert "hints" not in result


def test_json_decimals_are_exact():
    """0.1 + 0.2 style inputs: JSON numbers are parsed as Decimal."""
    data = {**TECH_SME, "employees": 10, "tech_staff": 0.3, "rd_expense": 0.1}
    code, out, _ = cli("assess", "tech_sme", "--compact", stdin=json.dumps(data))
    assert code == 0
    assert json.loads(out)["ratios"]["tech_staff"] == "0.03"
    assert "\n" not in out.strip()


def test_bad_input_exits_2_listing_every_bad_field():
    data = {
        "employees": 10,
        "tech_staff": 12,
        "sales_revenue": -5,
        "total_assets": "lots",
        "rd_expense": 1,
        "ip_class2": 1.5,
    }
    code, out, _ = cli("assess", "tech_sme", stdin=json.dumps(data))
    assert code == 2
    errors = json.loads(out)["errors"]
    assert [e["field"] for e in errors] == ["sales_revenue", "cost_total", "total_assets", "ip_class2", "tech_staff"]
    assert errors[0] == {"field": "sales_revenue", "message": "销售收入不能为负数"}
    assert errors[1] == {"field": "cost_total", "message": "缺少必填项：成本费用支出总额"}
    assert errors[-1] == {"field": "tech_staff", "message": "科技人员数（12）不能大于职工总数（10）"}


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (("assess", "tech_sme", "--ruleset", "2099"), json.dumps(TECH_SME), "ruleset"),
        (("assess", "nonsense"), "{}", "scheme"),
        (("schema", "nonsense"), None, "scheme"),
        (("assess", "tech_sme"), "{not json", ""),
        (("assess", "tech_sme"), "[1, 2]", ""),
        (("assess", "tech_sme"), json.dumps({**TECH_SME, "sales_revenue": "x"}).replace('"x"', "NaN"), "sales_revenue"),
        (("assess", "tech_sme", "--input", "/nonexistent/input.json"), None, "--input"),
    ],
)
def test_errors_exit_2(args, stdin, field):
    code, out, _ = cli(*args, stdin=stdin)
    assert code == 2
    errors = json.loads(out)["errors"]
    assert errors and errors[0]["field"] == field
    assert all(set(e) == {"field", "message"} for e in errors)
