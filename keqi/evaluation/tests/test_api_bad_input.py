"""issue 11 #5 (P11): bad API input is a 422 naming the field, never a 500 (found on PostgreSQL:
NUL bytes in text and ?q=, tables given as a string, number, null or list of scalars, integers
beyond 64 bits, deeply nested JSON)."""

import json

import pytest
from django.test import Client

from keqi.accounts.services import issue_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(setup):
    key = issue_api_token(user=setup["ent"], name="ERP")
    client = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {key}"})

    def call(method, url, body=None, raw=None):
        data = raw if raw is not None else json.dumps(body)
        if method == "get":
            return client.get(url)
        return getattr(client, method)(url, data, content_type="application/json")

    return call


def errors(response):
    assert response.status_code == 422, (response.status_code, response.content[:300])
    return {(item["field"], item["message"]) for item in response.json()["errors"]}


@pytest.mark.parametrize("table", ["string", 42, None, [1, 2], ["a"], [None], 2**31])
def test_a_table_given_as_anything_but_a_list_of_rows(api, filled, table):
    response = api(
        "put",
        f"/api/v1/evaluations/{filled.pk}/answers",
        {"version": filled.version, "answers": {"rd_projects": table}},
    )
    (field, message), *_ = sorted(errors(response))
    assert field == "rd_projects" and message.endswith("应为行对象列表")


def test_nul_in_answers_names_the_field(api, filled):
    body = {"version": filled.version, "answers": {"rd_projects": [{"_uid": "p1", "name": "a\x00b"}]}}
    response = api("put", f"/api/v1/evaluations/{filled.pk}/answers", body)
    assert errors(response) == {("answers.rd_projects.0.name", "不能包含空字符（\\0）")}


def test_nul_in_profile_text_names_the_field(api):
    response = api("put", "/api/v1/enterprises/mine", {"version": 1, "industry_code": "65\x0013"})
    assert errors(response) == {("industry_code", "不能包含空字符（\\0）")}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reference/industries?q=a%00b",
        "/api/v1/reference/regions?parent=11%0000",
        "/api/v1/evaluations?q=%00",
        "/api/v1/enterprises/changes?q=%00",
    ],
)
def test_nul_in_the_query_names_the_parameter(api, url):
    (item,) = errors(api("get", url))
    assert item[0] in url and item[1] == "查询参数不能包含空字符（\\0）"


def test_deeply_nested_json(api, filled):
    deep = "[" * 5000 + "1" + "]" * 5000
    response = api("post", "/api/v1/policy/tech_sme/assess", raw='{"rd_projects":' + deep + "}")
    assert errors(response) == {("__all__", "JSON 嵌套层数过多（不超过32层）")}
    response = api("post", "/api/v1/policy/tech_sme/assess", raw="[" * 40 + "]" * 40)
    assert errors(response) == {(".".join(["0"] * 33), "JSON 嵌套层数过多（不超过32层）")}
    response = api("put", f"/api/v1/evaluations/{filled.pk}/answers", raw='{"version":1,"answers":' + deep + "}")
    assert response.status_code == 422


def test_integers_beyond_64_bits(api, filled):
    response = api("put", "/api/v1/enterprises/mine", {"version": 1, "employees": 10**30})
    assert errors(response) == {("employees", "数值超出范围")}


def test_nul_in_a_page_query_is_dropped(client, setup):
    client.force_login(setup["province"])
    response = client.get("/enterprise/list/", {"q": "北京昌平\x00"})
    assert response.status_code == 200
    assert response.context["request"].GET["q"] == "北京昌平"
