"""P1/P2: administrators create officer accounts and assign region and role; dictionaries are editable."""

import pytest

from keqi.accounts.models import Role, User
from keqi.core.models import AuditLog
from keqi.reference.models import DictionaryEntry

pytestmark = pytest.mark.django_db


def officer_form(**overrides):
    data = {
        "username": "cp_new",
        "display_name": "昌平新审核员",
        "mobile": "13500001111",
        "role": Role.DISTRICT,
        "region": "110114",
        "agency": "",
        "password": "Officer#2026",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_district_officer(client, make_user):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    response = client.post("/accounts/officers/", officer_form())
    assert response.status_code == 302
    officer = User.objects.get(username="cp_new")
    assert officer.role == Role.DISTRICT and officer.region.code == "110114"
    assert officer.check_password("Officer#2026")
    assert AuditLog.objects.filter(action="create_officer", target_id=str(officer.pk), actor=admin).exists()


def test_district_officer_needs_a_county_or_zone(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    response = client.post("/accounts/officers/", officer_form(region="110000"))
    assert response.context["form"].errors["region"] == ["区县主管部门的管辖区域应为区县或园区"]


def test_unknown_region_code(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    response = client.post("/accounts/officers/", officer_form(region="999999"))
    assert response.context["form"].errors["region"] == ["区划代码不存在"]


def test_agency_officer_needs_an_agency(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    response = client.post("/accounts/officers/", officer_form(role=Role.AGENCY, region="110000"))
    assert response.context["form"].errors["agency"] == ["评价机构用户须选择所属评价机构"]


def test_officer_password_policy_applies(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    response = client.post("/accounts/officers/", officer_form(password="short"))
    assert response.context["form"].errors["password"]


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.DISTRICT, Role.CITY, Role.AGENCY])
def test_only_admins_manage_officers(client, make_user, role):
    client.force_login(make_user(role, region_code="110114" if role != Role.ENTERPRISE else None))
    assert client.get("/accounts/officers/").status_code == 403
    client.post("/accounts/officers/", officer_form())
    assert not User.objects.filter(username="cp_new").exists()


def test_admin_edits_a_dictionary_and_forms_use_it(client, make_user, make_enterprise):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    entry = DictionaryEntry.objects.get(category="tax_collection", code="fixed")
    response = client.post(
        f"/admin/reference/dictionaryentry/{entry.pk}/change/",
        {
            "category": "tax_collection",
            "code": "fixed",
            "label": "核定征收（定额）",
            "sort_order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    owner = make_user(Role.ENTERPRISE, enterprise=make_enterprise("110114"))
    client.force_login(owner)
    assert "核定征收（定额）" in client.get("/enterprise/profile/").content.decode()
