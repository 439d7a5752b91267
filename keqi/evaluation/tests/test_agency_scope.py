"""Least privilege (issue 11 item 8, P1): an evaluation agency sees only the enterprises that
submitted to it — enterprise pages, the query list and its counts, the export, the API — not
every enterprise of its region, and nothing of a draft that was never sent."""

import json

import pytest

from keqi.accounts.models import Role
from keqi.enterprises.exports import ENTERPRISES
from keqi.evaluation import services
from keqi.evaluation.tests.conftest import attach_cover
from keqi.exports.datasets import queryset_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(setup, filled, make_enterprise):
    evaluation = attach_cover(filled, setup["ent"])
    services.submit(actor=setup["ent"], evaluation=evaluation, agency_id=setup["agency"].pk)
    neighbour = make_enterprise("110114", name="北京昌平未申报邻居有限公司")
    return {"client": setup["enterprise"], "neighbour": neighbour}


def test_an_agency_sees_its_clients_and_not_their_neighbours(client, setup, sent):
    client.force_login(setup["agency_user"])
    listed = client.get("/enterprise/list/").content.decode()
    assert "北京昌平评价测试科技有限公司" in listed and "北京昌平未申报邻居有限公司" not in listed
    assert client.get("/enterprise/list/").context["total"] == 1
    assert client.get(f"/enterprise/{sent['client'].pk}/").status_code == 200
    assert client.get(f"/enterprise/{sent['neighbour'].pk}/").status_code == 404
    api = json.loads(client.get("/api/v1/enterprises").content)
    assert [row["name"] for row in api["items"]] == ["北京昌平评价测试科技有限公司"]
    assert client.get(f"/api/v1/enterprises/{sent['neighbour'].pk}").status_code == 404
    rows = list(queryset_for(ENTERPRISES, setup["agency_user"], {}, ["name"]))
    assert [row.name for row in rows] == ["北京昌平评价测试科技有限公司"]

    # another agency of the same city sees neither
    client.force_login(setup["other_agency_user"])
    assert client.get("/enterprise/list/").context["total"] == 0
    assert client.get(f"/enterprise/{sent['client'].pk}/").status_code == 404


def test_a_draft_never_sent_shows_the_agency_nothing(client, setup, filled):
    client.force_login(setup["agency_user"])
    assert client.get("/enterprise/list/").context["total"] == 0
    assert client.get(f"/enterprise/{setup['enterprise'].pk}/").status_code == 404


def test_district_scope_is_unchanged(client, setup, sent, make_user):
    client.force_login(make_user(Role.DISTRICT, region_code="110114"))
    assert client.get("/enterprise/list/").context["total"] == 2
