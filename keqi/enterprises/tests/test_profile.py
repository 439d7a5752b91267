"""P5 profile editing and P8 audit: own enterprise only, old → new kept, stale saves refused."""

from decimal import Decimal

import pytest

from keqi.accounts.models import Role
from keqi.core.models import AuditLog
from keqi.enterprises.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_enterprise, make_user):
    enterprise = make_enterprise("110114", name="北京原名科技有限公司")
    return make_user(Role.ENTERPRISE, enterprise=enterprise)


def profile_data(enterprise, **overrides):
    data = {
        "version": enterprise.version,
        "name": enterprise.name,
        "registration_type": "173",
        "industry": "",
        "legal_representative": "张三",
        "established_date": "2018-09-25",
        "region": enterprise.region_id,
        "zone": "",
        "tax_collection_method": "audit",
        "address": "北京市昌平区科技园路1号",
        "registered_capital": "1000.5",
        "business_scope": "软件开发",
        "high_tech_field": "electronic_information",
        "employees": "50",
        "tech_staff": "20",
        "rd_staff": "15",
        "graduates": "40",
    }
    data.update(overrides)
    return data


def test_owner_edits_profile_and_audit_keeps_old_and_new(client, owner):
    client.force_login(owner)
    enterprise = owner.enterprise
    response = client.post("/enterprise/profile/", profile_data(enterprise, name="北京新名科技有限公司"))
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name == "北京新名科技有限公司"
    assert enterprise.registered_capital == Decimal("1000.5000")
    assert enterprise.version == 2
    log = AuditLog.objects.get(action="update_profile", enterprise_id=enterprise.pk)
    assert log.actor == owner
    assert log.changes["name"] == ["北京原名科技有限公司", "北京新名科技有限公司"]
    assert log.changes["registered_capital"] == [None, "1000.5000"]


def test_stale_form_from_a_second_tab_is_refused_and_keeps_the_typing(client, owner):
    client.force_login(owner)
    enterprise = owner.enterprise
    first_tab = profile_data(enterprise, address="第一标签页地址")
    second_tab = profile_data(enterprise, address="第二标签页地址")
    assert client.post("/enterprise/profile/", first_tab).status_code == 302
    response = client.post("/enterprise/profile/", second_tab)
    assert response.status_code == 200
    assert "该信息已在其他页面或由其他人修改并保存" in response.content.decode()
    assert response.context["form"]["address"].value() == "第二标签页地址"
    enterprise.refresh_from_db()
    assert enterprise.address == "第一标签页地址"


def test_negative_capital_is_refused_at_the_field(client, owner):
    client.force_login(owner)
    response = client.post("/enterprise/profile/", profile_data(owner.enterprise, registered_capital="-1"))
    assert response.context["form"].errors["registered_capital"] == ["金额不能为负数"]


def test_tech_staff_cannot_exceed_employees(client, owner):
    client.force_login(owner)
    response = client.post("/enterprise/profile/", profile_data(owner.enterprise, tech_staff="60"))
    assert response.context["form"].errors["tech_staff"] == ["科技人员数不能大于职工总数（50人）"]


def test_region_must_be_in_the_enterprise_province(client, owner):
    from keqi.reference.models import Region

    client.force_login(owner)
    chongqing = Region.objects.get(code="500157")
    response = client.post("/enterprise/profile/", profile_data(owner.enterprise, region=chongqing.pk))
    assert "region" in response.context["form"].errors


def test_contacts_add_edit_batch_delete_with_audit(client, owner):
    client.force_login(owner)
    response = client.post(
        "/enterprise/profile/contact/new/", {"name": "李四", "position": "经理", "mobile": "13800001111"}
    )
    assert response.status_code == 302
    contact = Contact.objects.get(enterprise=owner.enterprise)
    client.post(
        f"/enterprise/profile/contact/{contact.pk}/edit/", {"name": "李四", "position": "总监", "mobile": "13800001111"}
    )
    contact.refresh_from_db()
    assert contact.position == "总监"
    client.post("/enterprise/profile/contact/delete/", {"ids": [contact.pk]})
    assert not Contact.objects.filter(pk=contact.pk).exists()
    actions = set(AuditLog.objects.filter(enterprise_id=owner.enterprise_id).values_list("action", flat=True))
    assert {"add_contact", "update_contact", "delete_contact"} <= actions


def test_contact_mobile_is_validated(client, owner):
    client.force_login(owner)
    response = client.post("/enterprise/profile/contact/new/", {"name": "李四", "mobile": "12345"})
    assert response.context["form"].errors["mobile"] == ["请输入11位有效手机号码"]


def test_qualification_validity_must_follow_issue_date(client, owner):
    client.force_login(owner)
    response = client.post(
        "/enterprise/profile/qualification/new/",
        {"kind": "high_tech", "number": "GR1", "issued_on": "2024-12-01", "valid_until": "2024-01-01"},
    )
    assert response.context["form"].errors["valid_until"] == ["有效期至不能早于认定日期"]


def test_an_enterprise_cannot_edit_another_enterprises_contact(client, owner, make_enterprise):
    other = make_enterprise("110114")
    foreign = Contact.objects.create(enterprise=other, name="王五", mobile="13800002222")
    client.force_login(owner)
    assert client.get(f"/enterprise/profile/contact/{foreign.pk}/edit/").status_code == 404
    client.post("/enterprise/profile/contact/delete/", {"ids": [foreign.pk]})
    assert Contact.objects.filter(pk=foreign.pk).exists()


def test_officer_sees_profile_read_only(client, owner, make_user):
    officer = make_user(Role.DISTRICT, region_code="110114")
    client.force_login(officer)
    response = client.get(f"/enterprise/{owner.enterprise_id}/")
    assert response.status_code == 200
    assert owner.enterprise.name in response.content.decode()
    assert client.get("/enterprise/profile/").status_code == 403
