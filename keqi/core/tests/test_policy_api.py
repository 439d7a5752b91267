"""S1.14 / X2 over HTTP: POST /api/v1/policy/{scheme}/assess per POLICY-API.md."""

import json

import pytest

pytestmark = pytest.mark.django_db

QUALIFIED = {
    "employees": 50,
    "tech_staff": 15,
    "sales_revenue": "1000",
    "cost_total": "800",
    "total_assets": "2000",
    "rd_expense": "60",
    "ip_class1": 1,
}


@pytest.fixture
def api_client(client, make_user):
    client.force_login(make_user())
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body) if not isinstance(body, str) else body, content_type="application/json")


def test_assess_tech_sme_scores_exactly(api_client):
    response = post(api_client, "/api/v1/policy/tech_sme/assess", QUALIFIED)
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["scheme"] == "tech_sme" and result["ruleset"] == "2017"
    assert result["qualified"] is True
    assert result["scores"]["tech_staff"] == 20  # 30 % → 20
    assert result["scores"]["rd"] == 50  # 6 % of sales → 50
    assert result["total"] == 100
    assert result["reasons"] == []


def test_not_qualified_names_figure_threshold_and_gap(api_client):
    body = {**QUALIFIED, "tech_staff": "4.5", "ip_class1": 0}
    result = post(api_client, "/api/v1/policy/tech_sme/assess", body).json()
    assert result["qualified"] is False
    assert "tech_staff_zero" in result["unmet"]
    assert any("科技人员占比 9.0%" in reason and "10%" in reason for reason in result["reasons"])


def test_bad_input_lists_every_bad_field_with_422(api_client):
    body = {**QUALIFIED, "sales_revenue": "-1", "tech_staff": 60}
    response = post(api_client, "/api/v1/policy/tech_sme/assess", body)
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"sales_revenue", "tech_staff"} <= fields


def test_unknown_ruleset_is_422_and_unknown_scheme_404(api_client):
    assert post(api_client, "/api/v1/policy/tech_sme/assess?ruleset=1999", QUALIFIED).status_code == 422
    assert post(api_client, "/api/v1/policy/no_such/assess", QUALIFIED).status_code == 404


def test_malformed_json_is_422(api_client):
    response = post(api_client, "/api/v1/policy/tech_sme/assess", "{not json")
    assert response.status_code == 422


def test_ruleset_switch_on_2026_04_01(api_client):
    schemes = {item["scheme"]: item for item in api_client.get("/api/v1/policy/schemes").json()}
    rulesets = {r["id"]: r["effective"] for r in schemes["specialized_sme"]["rulesets"]}
    assert rulesets["2026"] == "2026-04-01"
    figures = {
        "niche_years": 4,
        "rd_expense_y1": "150",
        "rd_expense_y2": "180",
        "operating_revenue_y1": "3000",
        "operating_revenue_y2": "3600",
        "main_revenue": "3300",
        "main_revenue_y0": "2500",
        "main_revenue_y1": "2800",
        "main_revenue_y2": "3300",
        "net_profit": "300",
        "total_liabilities": "1000",
        "total_assets": "3000",
        "rd_staff": 20,
        "employees": 100,
    }
    before = post(api_client, "/api/v1/policy/specialized_sme/assess", {**figures, "as_of": "2026-03-31"}).json()
    after = post(api_client, "/api/v1/policy/specialized_sme/assess", {**figures, "as_of": "2026-04-01"}).json()
    assert before["ruleset"] == "2022" and after["ruleset"] == "2026"


def test_schema_endpoint(api_client):
    schema = api_client.get("/api/v1/policy/tech_sme/schema").json()
    assert schema["type"] == "object"
    assert "employees" in schema["properties"]


def test_requires_authentication(client):
    assert post(client, "/api/v1/policy/tech_sme/assess", QUALIFIED).status_code == 401
