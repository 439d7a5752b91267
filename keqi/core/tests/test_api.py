"""P11: API skeleton — OpenAPI document, token authentication, profile and reference endpoints."""

import json

import pytest

from keqi.accounts.models import Role
from keqi.accounts.services import issue_api_token

pytestmark = pytest.mark.django_db


def test_openapi_document_is_served_and_lists_routes(client, make_user):
    client.force_login(make_user())
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/enterprises/mine" in paths
    assert "/api/v1/reference/regions" in paths


def test_docs_use_local_static(client, make_user):
    client.force_login(make_user())
    body = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in body.lower()
    assert "/static/ninja/swagger-ui-bundle" in body


def test_bearer_token_authenticates(client, make_enterprise, make_user):
    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("500157"))
    key = issue_api_token(user=user, name="ERP")
    assert client.get("/api/v1/accounts/me").status_code == 401
    response = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200 and response.json()["enterprise_id"] == user.enterprise_id
    assert client.get("/api/v1/accounts/me", headers={"Authorization": "Bearer kq_wrong"}).status_code == 401


def test_profile_update_by_api_with_version_and_errors(client, make_enterprise, make_user):
    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("500157"))
    key = issue_api_token(user=user, name="ERP")
    headers = {"Authorization": f"Bearer {key}"}
    profile = client.get("/api/v1/enterprises/mine", headers=headers).json()
    body = {
        "version": profile["version"],
        "address": "重庆市两江新区金开大道1号",
        "industry_code": "6513",
        "employees": 40,
    }
    response = client.put(
        "/api/v1/enterprises/mine", json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code == 200, response.content
    assert response.json()["industry_code"] == "6513"
    stale = client.put("/api/v1/enterprises/mine", json.dumps(body), content_type="application/json", headers=headers)
    assert stale.status_code == 422
    assert stale.json()["errors"][0]["message"].startswith("该信息已在其他页面")
    bad = client.put(
        "/api/v1/enterprises/mine",
        json.dumps({"version": response.json()["version"], "industry_code": "9999"}),
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"field": "industry_code", "message": "行业代码不存在（须为国民经济行业小类代码）"}]
    negative = client.put(
        "/api/v1/enterprises/mine",
        json.dumps({"version": response.json()["version"], "registered_capital": "-5"}),
        content_type="application/json",
        headers=headers,
    )
    assert negative.status_code == 422


def test_reference_endpoints(client, make_user):
    client.force_login(make_user())
    counties = client.get("/api/v1/reference/regions", {"parent": "500200"}).json()
    assert {
        "code": "500240",
        "name": "石柱土家族自治县",
        "full_name": "重庆市石柱土家族自治县",
        "level": "county",
    } in counties
    sections = client.get("/api/v1/reference/industries").json()
    assert len(sections) == 20
    children = client.get("/api/v1/reference/industries", {"parent": "361"}).json()
    assert {"code": "3612", "name": "新能源车整车制造", "level": 4} in children
    assert len(client.get("/api/v1/reference/dictionaries/high_tech_field").json()) == 8
