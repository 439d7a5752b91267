"""Issue 15 item 6: officers' field-picked export of the tier declarations — the same filters and
scope as 梯度培育申报审核, the current level from each program's own levels, the promoted figures,
and the file (read back with openpyxl) equal to the list."""

import pytest
from django.utils import timezone

from keqi.accounts.models import Role
from keqi.cultivation.tests.test_tier import SPECIALIZED_ANSWERS, take, verify
from keqi.declarations import services as declarations
from keqi.declarations.models import Submission
from keqi.exports.tests.helpers import read_xlsx, read_xlsx_sheet

pytestmark = pytest.mark.django_db
URL = "/exports/new/tier_declarations/"


@pytest.fixture
def filed(cq, open_window, make_enterprise, make_user):
    """万州: a 专精特新 at the city level and a 创新型 returned; 北京: a 专精特新 in review."""
    for series in ("specialized-sme", "innovative-sme"):
        open_window(series)
    verify(cq)
    take(cq, platform_level=3)
    specialized = declarations.start(actor=cq["ent"], program=cq["programs"]["specialized-sme"])
    declarations.save(actor=cq["ent"], submission=specialized, raw=SPECIALIZED_ANSWERS, expected_version=1)
    innovative = declarations.start(actor=cq["ent"], program=cq["programs"]["innovative-sme"])
    now = timezone.now()
    Submission.objects.filter(pk=specialized.pk).update(status="review", level=1, submitted_at=now)
    Submission.objects.filter(pk=innovative.pk).update(status="returned", level=0, submitted_at=now)
    beijing = make_enterprise("110108", name="北京范围外企业")
    Submission.objects.create(
        program=cq["programs"]["specialized-sme"],
        enterprise=beijing,
        form=cq["programs"]["specialized-sme"].form,
        status="review",
        region_path=beijing.region_path,
        submitted_at=now,
    )
    return cq


def listed(client, query: str = "") -> list[tuple]:
    page = client.get(f"/tier/declarations/?{query}")
    assert page.status_code == 200
    return [(s.program.name, s.enterprise.name, s.level_label, s.get_status_display()) for s in page.context["page"]]


def exported(client, params: dict | None = None) -> list[tuple]:
    response = client.post(URL, {"fields": ["program", "enterprise", "level", "status"], **(params or {})})
    assert response.status_code == 200, response.content.decode()[:2000]
    header, *rows = read_xlsx(response)
    assert header == ["申报活动", "企业名称", "当前层级", "状态"]
    return [tuple(row) for row in rows]


def test_export_equals_the_list(client, filed):
    client.force_login(filed["province"])
    everything = listed(client)
    assert sorted(everything) == [
        ("2026年专精特新中小企业申报", "重庆万州精密制造有限公司", "市级中小企业主管部门", "审核中"),
        ("2026年创新型中小企业申报", "重庆万州精密制造有限公司", "区县中小企业主管部门", "退回补正"),
    ]
    assert exported(client) == everything
    for query, params in (
        ("tier=specialized-sme", {"tier": "specialized-sme"}),
        ("status=returned", {"status": "returned"}),
        ("q=万州", {"q": "万州"}),
        ("q=没有这家", {"q": "没有这家"}),
    ):
        assert exported(client, params) == listed(client, query), query


def test_figures_and_title_rows(client, filed):
    client.force_login(filed["county"])
    response = client.post(
        URL, {"fields": ["enterprise", "tier", "operating_revenue_y2", "niche_years"], "tier": "specialized-sme"}
    )
    response = b"".join(response.streaming_content)
    sheet = read_xlsx_sheet(response)
    assert sheet[1][0] == "查询条件：申报级别：专精特新中小企业"
    header, *rows = read_xlsx(response)
    assert header == ["申报级别", "企业名称", "上一年度营业收入（万元）", "细分市场年限（年）"]  # the dialog's order
    assert rows == [["专精特新中小企业", "重庆万州精密制造有限公司", 6000, 5]]


def test_bad_filters_are_named_and_the_page_falls_back_to_all(client, filed):
    client.force_login(filed["province"])
    text = client.post(URL, {"fields": ["enterprise"], "tier": "gold", "status": "draft"}).content.decode()
    assert "申报级别不存在，请重新选择" in text and "状态不存在，请重新选择" in text
    page = client.get("/tier/declarations/?tier=gold")
    assert "申报级别不存在，已显示全部" in page.content.decode() and len(page.context["page"]) == 2
    assert 'id="export-dialog"' in page.content.decode()


def test_scope(client, filed, make_user):
    client.force_login(filed["beijing"])
    assert [row[1] for row in exported(client)] == ["北京范围外企业"]
    client.force_login(make_user(Role.DISTRICT, region_code="500240"))  # 石柱: another 重庆 county
    assert exported(client) == []
    client.force_login(filed["ent"])
    assert client.post(URL, {"fields": ["enterprise"]}).status_code in (302, 403)
