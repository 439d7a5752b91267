"""S2.2 enterprise query list: filters, sorting, paging, counts, the same filters through the API, scope."""

from datetime import date
from decimal import Decimal

import pytest

from keqi.accounts.models import Role
from keqi.enterprises.models import Qualification, ReviewStatus
from keqi.reference.models import Industry

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_enterprise, make_user):
    software = Industry.objects.get(code="6513")
    metal = Industry.objects.get(code="3311")
    a = make_enterprise(
        "110114",
        name="北京甲软件有限公司",
        industry=software,
        established_date=date(2015, 3, 1),
        registered_capital=Decimal("500"),
        review_status=ReviewStatus.PENDING,
    )
    b = make_enterprise(
        "110114",
        name="北京乙制造有限公司",
        industry=metal,
        established_date=date(2019, 6, 1),
        registered_capital=Decimal("90"),
    )
    c = make_enterprise("110114", name="北京丙园区科技有限公司", zone_code="Z11011401", industry=software)
    chongqing = make_enterprise(
        "500240", name="重庆石柱软件有限公司", industry=software, established_date=date(2015, 1, 1)
    )
    haidian = make_enterprise("110108", name="北京海淀软件有限公司", industry=software)
    Qualification.objects.create(
        enterprise=a, kind="tech_sme", number="2026110114A0001", year=2026, valid_until=date(2026, 12, 31)
    )
    Qualification.objects.create(
        enterprise=b, kind="tech_sme", number="2025110114A0002", year=2025, valid_until=date(2025, 12, 31)
    )
    Qualification.objects.create(
        enterprise=b, kind="high_tech", number="GR2024", year=2024, valid_until=date(2099, 12, 31)
    )
    Qualification.objects.create(enterprise=chongqing, kind="tech_sme", number="X", year=2026)
    return {
        "a": a,
        "b": b,
        "c": c,
        "chongqing": chongqing,
        "haidian": haidian,
        "changping": make_user(Role.DISTRICT, region_code="110114"),
        "beijing": make_user(Role.CITY, region_code="110000"),
    }


def names(client, **params):
    response = client.get("/api/v1/enterprises", params)
    assert response.status_code == 200, response.content
    return sorted(item["name"] for item in response.json()["items"])


def test_s2_2_filters_through_the_api_and_the_page_agree(client, world):
    client.force_login(world["changping"])
    assert names(client) == sorted(["北京甲软件有限公司", "北京乙制造有限公司", "北京丙园区科技有限公司"])
    assert names(client, review_status="pending") == ["北京甲软件有限公司"]
    assert names(client, storage="yes", storage_year="2026") == ["北京甲软件有限公司"]
    assert names(client, storage="yes", storage_year="2025") == ["北京乙制造有限公司"]
    assert names(client, storage="no", storage_year="2026") == sorted(["北京乙制造有限公司", "北京丙园区科技有限公司"])
    assert names(client, industry="I") == sorted(["北京甲软件有限公司", "北京丙园区科技有限公司"])
    assert names(client, industry="33") == ["北京乙制造有限公司"]
    assert names(client, year="2015") == ["北京甲软件有限公司"]
    assert names(client, qualification="high_tech") == ["北京乙制造有限公司"]
    assert names(client, region="Z11011401") == ["北京丙园区科技有限公司"]
    assert names(client, q="软件", year="2015") == ["北京甲软件有限公司"]
    assert names(client, q=world["b"].uscc[-8:].lower()) == ["北京乙制造有限公司"]
    page = client.get("/enterprise/list/", {"industry": "I", "storage": "no", "storage_year": "2026"})
    assert page.status_code == 200
    assert page.context["total"] == 1
    assert [e.name for e in page.context["page"]] == ["北京丙园区科技有限公司"]


def test_s2_2_sorting_and_paging_with_counts(client, world, make_enterprise):
    for serial in range(25):
        make_enterprise("110114", name=f"北京分页企业{serial:02d}")
    client.force_login(world["changping"])
    first = client.get("/api/v1/enterprises", {"sort": "-registered_capital"}).json()
    assert first["count"] == 28 and first["pages"] == 2 and len(first["items"]) == 20
    assert [item["name"] for item in first["items"][:2]] == ["北京甲软件有限公司", "北京乙制造有限公司"]
    second = client.get("/enterprise/list/", {"q": "分页", "page": "2", "sort": "name"})
    assert second.context["total"] == 25
    assert [e.name for e in second.context["page"]] == [f"北京分页企业{n:02d}" for n in range(20, 25)]
    assert "q=%E5%88%86%E9%A1%B5" in second.content.decode()  # pager keeps the filters


def test_s2_2_changping_officer_never_sees_chongqing(client, world):
    client.force_login(world["changping"])
    for params in (
        {},
        {"q": "重庆"},
        {"q": world["chongqing"].uscc},
        {"industry": "I"},
        {"storage": "yes", "storage_year": "2026"},
    ):
        body = client.get("/api/v1/enterprises", params).content.decode()
        assert "重庆石柱" not in body
        page = client.get("/enterprise/list/", params)
        assert "重庆石柱" not in page.content.decode()
        assert world["chongqing"] not in page.context["page"].object_list
    # a region outside the scope is an error at the field, not a way in
    response = client.get("/api/v1/enterprises", {"region": "500240"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "region", "message": "所选区域不存在或不在您的管辖范围内"}]
    page = client.get("/enterprise/list/", {"region": "500240"})
    assert page.context["total"] == 0 and "所选区域不存在或不在您的管辖范围内" in page.content.decode()


def test_s2_2_bad_filter_values_give_clear_messages(client, world):
    client.force_login(world["changping"])
    long_text = "企" * 10_000
    checks = {
        "q": (long_text, "搜索内容不能超过100个字符（当前10000个）"),
        "review_status": ("nonsense", "审核状态“nonsense”不存在，请重新选择"),
        "industry": ("9999", "所选行业不存在（须为国民经济行业分类代码）"),
        "year": ("二〇二〇", "注册年份应为四位数字年份"),
        "storage_year": ("1800", "入库年度不能早于2000年"),
        "sort": ("password", "排序“password”不存在，请重新选择"),
        "qualification": ("nope", "企业资质“nope”不存在，请重新选择"),
    }
    for name, (value, message) in checks.items():
        api = client.get("/api/v1/enterprises", {name: value})
        assert api.status_code == 422
        assert {"field": name, "message": message} in api.json()["errors"]
        page = client.get("/enterprise/list/", {name: value})
        assert page.status_code == 200
        html = page.content.decode()
        assert message in html and "查询条件有误" in html
    page = client.get("/enterprise/list/", {"q": long_text})
    assert f'value="{long_text}"' in page.content.decode()  # what was typed is kept


def test_s2_2_city_officer_sees_the_whole_city_and_can_narrow_to_a_district(client, world):
    client.force_login(world["beijing"])
    assert len(names(client)) == 4
    assert names(client, region="110108") == ["北京海淀软件有限公司"]
    assert "重庆石柱软件有限公司" not in names(client, q="软件")


def test_p10_contact_mobiles_are_masked_for_officers_without_the_right(client, world):
    from keqi.enterprises.models import Contact

    Contact.objects.create(enterprise=world["a"], name="李四", mobile="13912345678", is_primary=True)
    client.force_login(world["changping"])
    html = client.get(f"/enterprise/{world['a'].pk}/").content.decode()
    assert "139****5678" in html and "13912345678" not in html
    world["changping"].can_view_personal_data = True
    world["changping"].save()
    assert "13912345678" in client.get(f"/enterprise/{world['a'].pk}/").content.decode()
