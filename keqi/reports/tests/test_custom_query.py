"""S2.9 自定义查询 (seed 002 §5.5): search and 年份, the seed's columns (区县, 企业名称, 产业类别,
统一社会信用代码, 注册年月, 科研联系人, 手机, 主营业务收入（千元）), scope, masking, and the
field-picked export equal to the list."""

from datetime import date
from decimal import Decimal

import pytest

from keqi.accounts.models import Role
from keqi.declarations.tests.tech_sme import declaration
from keqi.enterprises.models import Contact
from keqi.exports.tests.helpers import read_xlsx
from keqi.reference.models import Industry
from keqi.reference.sectors import PRIMARY, SECONDARY, TERTIARY, sector_of

pytestmark = pytest.mark.django_db


def evaluation(enterprise, year, status, main_revenue):
    return declaration(enterprise, year, status, main_revenue=main_revenue)


@pytest.fixture
def world(make_enterprise, make_user):
    software = Industry.objects.get(code="6513")
    machinery = Industry.objects.get(code="3411")
    a = make_enterprise("110114", name="北京甲软件有限公司", industry=software, established_date=date(2015, 3, 9))
    b = make_enterprise("110114", name="北京乙机械有限公司", industry=machinery, established_date=date(2019, 6, 1))
    draft_only = make_enterprise("110114", name="北京丙草稿有限公司", industry=software)
    chongqing = make_enterprise("500240", name="重庆石柱软件有限公司", industry=software)
    Contact.objects.create(enterprise=a, name="张三", mobile="13812345678", is_primary=True)
    evaluation(a, 2025, "approved", Decimal("1234.5678"))
    evaluation(a, 2026, "review", Decimal("2000.0001"))
    evaluation(b, 2025, "rejected", Decimal("0.0001"))
    evaluation(draft_only, 2026, "draft", Decimal("999"))
    evaluation(chongqing, 2025, "approved", Decimal("5"))
    trusted = make_user(Role.DISTRICT, region_code="110114")
    trusted.can_view_personal_data = True
    trusted.save(update_fields=["can_view_personal_data"])
    return {
        "a": a,
        "b": b,
        "draft_only": draft_only,
        "changping": make_user(Role.DISTRICT, region_code="110114"),
        "trusted": trusted,
        "enterprise_user": make_user(Role.ENTERPRISE, enterprise=a),
    }


def table(response) -> list[list[str]]:
    import re

    body = response.content.decode()
    tbody = body.split('<table class="table" id="results">')[1].split("</tbody>")[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody.split("<tbody>")[1])
    ]


def test_s2_9_three_sectors_follow_the_official_division():
    assert sector_of("0111") == PRIMARY
    assert sector_of("0511") == TERTIARY  # 农业专业及辅助性活动
    assert sector_of("0610") == SECONDARY
    assert sector_of("1120") == TERTIARY  # 开采专业及辅助性活动
    assert sector_of("3411") == SECONDARY
    assert sector_of("4310") == TERTIARY  # 金属制品、机械和设备修理业
    assert sector_of("5010") == SECONDARY  # 建筑装饰
    assert sector_of("5111") == TERTIARY
    assert sector_of("") is None and sector_of("C") is None


def test_s2_9_lists_the_seed_columns_with_latest_reported_figures(client, world):
    client.force_login(world["changping"])
    response = client.get("/reports/custom-query/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "自定义查询" in page and 'id="export-dialog"' in page
    assert '<strong id="total">3</strong>' in page
    rows = table(response)
    assert rows[0] == [
        "1",
        "昌平区",
        "北京甲软件有限公司",
        "第三产业",
        world["a"].uscc,
        "2015-03",
        "张三",
        "138****5678",
        "20000.001",  # 2026's 2000.0001 万元 in 千元, exact
    ]
    assert rows[1][2:4] == ["北京乙机械有限公司", "第二产业"] and rows[1][8] == "0.001"
    assert rows[2][2] == "北京丙草稿有限公司" and rows[2][8] == "未报送"  # a draft is not reported data
    assert "重庆" not in page


def test_s2_9_year_keeps_the_enterprises_that_reported_that_year(client, world):
    client.force_login(world["trusted"])
    rows = table(client.get("/reports/custom-query/", {"year": "2025"}))
    assert [(row[2], row[7], row[8]) for row in rows] == [
        ("北京甲软件有限公司", "13812345678", "12345.678"),
        ("北京乙机械有限公司", "", "0.001"),
    ]
    rows = table(client.get("/reports/custom-query/", {"year": "2026", "q": "甲软件"}))
    assert [row[2] for row in rows] == ["北京甲软件有限公司"]
    empty = table(client.get("/reports/custom-query/", {"year": "2024"}))
    assert len(empty) == 1 and empty[0][0].startswith("没有符合条件的企业")  # the empty state, then what to do


def test_s2_9_bad_filters_get_messages_at_the_field(client, world):
    client.force_login(world["changping"])
    page = client.get("/reports/custom-query/", {"year": "二〇二五", "q": "企" * 10_000}).content.decode()
    assert "年份应为四位数字" in page and "搜索内容不能超过100个字符（当前10000个）" in page
    assert '<strong id="total">0</strong>' in page
    api = client.get("/api/v1/reports/custom-query", {"year": "1999"})
    assert api.status_code == 422 and api.json()["errors"][0] == {"field": "year", "message": "年份不能早于2000年"}


def test_s2_9_api_matches_the_page_and_is_for_officers_only(client, world):
    client.force_login(world["changping"])
    body = client.get("/api/v1/reports/custom-query", {"year": "2025"}).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["name"] == "北京甲软件有限公司" and first["sector"] == "第三产业"
    assert first["contact_mobile"] == "138****5678" and Decimal(first["main_revenue_thousand_yuan"]) == Decimal(
        "12345.678"
    )
    assert first["established_month"] == "2015-03" and first["data_year"] == 2025
    client.force_login(world["enterprise_user"])
    assert client.get("/api/v1/reports/custom-query").status_code == 403
    assert client.get("/reports/custom-query/").status_code in (302, 403)


def test_s2_9_export_with_picked_fields_equals_the_list(client, world):
    client.force_login(world["changping"])
    fields = ["name", "main_revenue", "sector", "established_date", "contact_mobile", "data_year"]
    data = {"year": "2025", "fields": fields, **{f"order_{key}": str(i) for i, key in enumerate(fields, 1)}}
    rows = read_xlsx(client.post("/exports/new/custom_query/", data))
    assert rows[0] == ["企业名称", "主营业务收入（千元）", "产业类别", "注册年月", "科研联系人手机", "数据年份"]
    assert rows[1][0] == "北京甲软件有限公司" and Decimal(str(rows[1][1])) == Decimal("12345.678")
    assert rows[1][2:] == ["第三产业", rows[1][3], "138****5678", 2025]
    assert rows[1][3].date() == date(2015, 3, 9)
    assert [row[0] for row in rows[1:]] == ["北京甲软件有限公司", "北京乙机械有限公司"]
    default = read_xlsx(client.post("/exports/new/custom_query/", {"default": "1", "q": "软件"}))
    assert default[0] == [
        "区县",
        "企业名称",
        "产业类别",
        "统一社会信用代码",
        "注册年月",
        "科研联系人",
        "科研联系人手机",
        "主营业务收入（千元）",
    ]
    assert [row[1] for row in default[1:]] == ["北京甲软件有限公司"]
    bad = client.post("/exports/new/custom_query/", {"default": "1", "year": "abc"}).content.decode()
    assert "年份应为四位数字" in bad


def test_s2_9_an_enterprise_gets_a_chinese_refusal_not_a_bare_403(client, world):
    client.force_login(world["enterprise_user"])
    response = client.get("/reports/custom-query/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page and "没有访问此页面的权限" in page and "Forbidden" not in page
    missing = client.get("/reports/no-such-page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
