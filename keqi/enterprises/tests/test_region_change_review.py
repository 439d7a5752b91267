"""Issue 11 item 8: moving the registered region (注册地/园区) changes which district sees the
enterprise, so once a district holds it the move is an info-change request that district reviews —
on the page and through the API — never a direct save. Other fields stay self-service."""

import json

import pytest

from keqi.accounts.models import Role
from keqi.enterprises import services
from keqi.enterprises.models import Enterprise, InfoChangeRequest
from keqi.enterprises.tests.test_profile import profile_data
from keqi.reference.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def mover(make_enterprise, make_user):
    enterprise = make_enterprise("110114", name="北京昌平想搬家科技有限公司")
    return {
        "enterprise": enterprise,
        "ent": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "changping": make_user(Role.DISTRICT, region_code="110114"),
        "haidian": make_user(Role.DISTRICT, region_code="110108"),
    }


def test_a_region_change_waits_for_the_current_district(client, mover):
    enterprise = mover["enterprise"]
    haidian = Region.objects.get(code="110108")
    client.force_login(mover["ent"])
    assert "注册地、园区的修改保存后将提交区县主管部门审核" in client.get("/enterprise/profile/").content.decode()
    data = profile_data(enterprise, region=haidian.pk, employees=60)
    response = client.post("/enterprise/profile/", data)
    assert response.status_code == 302, response.context["form"].errors
    enterprise.refresh_from_db()
    assert enterprise.region.code == "110114" and enterprise.employees == 60  # free field saved, region not
    change = InfoChangeRequest.objects.get(enterprise=enterprise, status="pending")
    assert change.changes["region"][1] == haidian.pk and set(change.changes) == {"region"}

    # the district that holds the enterprise decides; the one it wants to move to cannot see it yet
    client.force_login(mover["haidian"])
    assert client.get(f"/enterprise/changes/{change.pk}/").status_code == 404
    services.review_change_request(actor=mover["changping"], change_request=change, decision="approve")
    enterprise.refresh_from_db()
    assert enterprise.region.code == "110108" and enterprise.region_path == haidian.path


def test_the_api_cannot_move_the_region_either(client, mover):
    enterprise = mover["enterprise"]
    client.force_login(mover["ent"])
    mine = json.loads(client.get("/api/v1/enterprises/mine").content)
    payload = {"version": mine["version"], "region_code": "110108"}
    response = client.put("/api/v1/enterprises/mine", payload, content_type="application/json")
    assert response.status_code == 200, response.content
    enterprise.refresh_from_db()
    assert enterprise.region.code == "110114"
    assert (
        InfoChangeRequest.objects.get(enterprise=enterprise, status="pending").changes["region"][0]
        == enterprise.region_id
    )


def test_an_enterprise_registered_under_a_city_code_picks_its_county_itself(client, make_enterprise, make_user):
    enterprise = make_enterprise("110114")
    Enterprise.objects.filter(pk=enterprise.pk).update(region=Region.objects.get(code="110000"))  # a city-level code
    enterprise.refresh_from_db()
    client.force_login(make_user(Role.ENTERPRISE, enterprise=enterprise))
    changping = Region.objects.get(code="110114")
    assert client.post("/enterprise/profile/", profile_data(enterprise, region=changping.pk)).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.region == changping and not InfoChangeRequest.objects.filter(enterprise=enterprise).exists()
