"""Issue 10: enterprises registered under a retired GB/T 2260 code (渝北区 500112, 江北区 500105)
get a 注册地 they can see and save, and the filter tells 重庆市's two placeholder cities apart."""

import importlib

import pytest
from django.apps import apps as django_apps

from keqi.accounts.models import Role, User
from keqi.accounts.tests.helpers import solve_captcha
from keqi.core.identifiers import make_uscc
from keqi.enterprises.filters import region_options
from keqi.enterprises.models import Enterprise
from keqi.enterprises.tests.test_profile import profile_data
from keqi.reference.models import Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["500112", "500105"])
def test_registration_under_a_retired_code_lands_in_its_successor(client, code):
    uscc = make_uscc(code, 20_240_001)
    data = {"mobile": "13912345670", "name": "重庆渝北测试科技有限公司", "uscc": uscc}
    data |= {"password": "Good#Pass1", "password_confirm": "Good#Pass1", "captcha": solve_captcha(client)}
    assert client.post("/accounts/register/", data).status_code == 302
    assert User.objects.get(username="13912345670").enterprise.region.code == "500157"


@pytest.fixture
def stranded(make_user):
    """An enterprise registered before the retirement logic: parked in 重庆市市辖区 (500100)."""
    enterprise = Enterprise.objects.create(
        name="重庆渝北老牌科技有限公司", uscc=make_uscc("500112", 7_700_001), region=Region.objects.get(code="500100")
    )
    return make_user(Role.ENTERPRISE, enterprise=enterprise)


def test_profile_preselects_the_successor_and_says_why(client, stranded):
    client.force_login(stranded)
    response = client.get("/enterprise/profile/")
    form = response.context["form"]
    assert form["region"].value() == Region.objects.get(code="500157").pk
    page = response.content.decode()
    assert "登记机关区划代码500112（渝北区）已于2025年撤销" in page
    assert "重庆市两江新区" in page


def test_profile_of_a_stranded_enterprise_saves(client, stranded):
    client.force_login(stranded)
    enterprise = stranded.enterprise
    liangjiang = Region.objects.get(code="500157")
    data = profile_data(enterprise, region=liangjiang.pk, address="重庆市渝北区龙溪街道1号")
    response = client.post("/enterprise/profile/", data)
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.region == liangjiang
    assert enterprise.region_path == liangjiang.path


def test_migration_moves_stranded_enterprises_to_the_one_successor(stranded, make_enterprise):
    untouched = make_enterprise("500240")
    migration = importlib.import_module("keqi.enterprises.migrations.0007_retired_region_successors")
    migration.move(django_apps, None)
    stranded.enterprise.refresh_from_db()
    assert stranded.enterprise.region.code == "500157"
    assert stranded.enterprise.region_path == "/500000/500100/500157/"
    untouched.refresh_from_db()
    assert untouched.region.code == "500240"


def test_region_filter_tells_the_two_chongqing_placeholders_apart():
    region_options.cache_clear()
    labels = dict(region_options("/500000/", False))
    assert labels["500100"] == "重庆市（市辖区）"
    assert labels["500200"] == "重庆市（县）"
    assert len(set(labels.values())) == len(labels)


def test_several_successors_are_offered_not_guessed(client, make_user, monkeypatch):
    from keqi.reference import selectors as reference

    retired = {"500112": {"name": "渝北区", "year": 2025, "successors": ["500157", "500109"]}}
    monkeypatch.setattr(reference, "_retired", lambda: retired)
    enterprise = Enterprise.objects.create(
        name="重庆渝北分拆科技有限公司", uscc=make_uscc("500112", 7_700_002), region=Region.objects.get(code="500100")
    )
    client.force_login(make_user(Role.ENTERPRISE, enterprise=enterprise))
    response = client.get("/enterprise/profile/")
    assert response.context["form"]["region"].value() is None
    assert "注册地改为其继任区县：重庆市两江新区、重庆市北碚区，请选择其一" in response.content.decode()
