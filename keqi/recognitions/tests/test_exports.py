"""Issue 16 item 5: 认定企业管理 exported through the export engine — field-picked, region-scoped,
the same filters as the page, and the file (read back with openpyxl) equal to the list."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from keqi.accounts.models import Role
from keqi.declarations.models import Submission
from keqi.enterprises.services import grant_qualification
from keqi.exports.tests.helpers import read_xlsx, read_xlsx_sheet
from keqi.recognitions.models import MajorChange

pytestmark = pytest.mark.django_db
URL = "/exports/new/recognised_enterprises/"


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


@pytest.fixture
def world(recognised, make_enterprise, make_user):
    """石柱: the recognised enterprise (专精特新 2023, plus 创新型 2025) with a change in review; a second
    石柱 enterprise; a 北京 enterprise out of every 重庆 officer's scope."""
    enterprise = recognised["enterprise"]
    grant_qualification(actor=None, enterprise=enterprise, kind="innovative_sme", issued_on=date(2025, 3, 1))
    MajorChange.objects.create(
        enterprise=enterprise,
        change_type="rename",
        before="甲",
        after="乙",
        changed_on=date(2026, 1, 1),
        status="review",
        region_path=enterprise.region_path,
    )
    other = make_enterprise("500240", name="石柱第二企业")
    grant_qualification(actor=None, enterprise=other, kind="little_giant", issued_on=date(2024, 9, 1))
    beijing = make_enterprise("110108", name="北京范围外企业")
    grant_qualification(actor=None, enterprise=beijing, kind="specialized_sme", issued_on=date(2024, 1, 1))
    return {**recognised, "other": other, "beijing": beijing}


def listed(client, query: str = "") -> list[tuple]:
    """The page's rows as (name, kind label, valid until, update label, pending changes, reviewing)."""
    page = client.get(f"/recognitions/manage/?{query}")
    assert page.status_code == 200
    return [
        (
            row["enterprise"].name,
            r["label"],
            r["valid_until"],
            row["update_label"],
            row["pending_changes"],
            "是" if row["reviewing"] else "否",
        )
        for row in page.context["rows"]
        for r in row["recognitions"]
    ]


FIELDS = ["name", "kind", "valid_until", "update", "pending_changes", "reviewing"]


def exported(client, params: dict | None = None, fields=FIELDS) -> list[tuple]:
    response = client.post(URL, {"fields": fields, **(params or {})})
    assert response.status_code == 200, response.content.decode()[:2000]
    header, *rows = read_xlsx(response)
    assert (
        header
        == ["企业名称", "认定类型", "有效期至", "本年度信息更新", "待审核重大变更（条）", "复核审核中"][: len(fields)]
    )
    return [tuple(r if not isinstance(r, datetime) else r.date() for r in row) for row in rows]


def test_export_equals_the_list_with_and_without_filters(client, world, review_program):
    with at(date(2026, 5, 2)):
        Submission.objects.create(  # a 复核 filed in April, now in review
            program=review_program,
            enterprise=world["enterprise"],
            form=review_program.form,
            status="review",
            region_path=world["enterprise"].region_path,
        )
        client.force_login(world["district"])
        everything = listed(client)
        assert len(everything) == 3 and "北京范围外企业" not in str(everything)
        assert exported(client) == everything
        assert ("重庆石柱精工科技有限公司", "专精特新中小企业", date(2026, 6, 30), "逾期未更新", 1, "是") in everything
        for query, params in (
            ("kind=little_giant", {"kind": "little_giant"}),
            ("q=第二", {"q": "第二"}),
            ("expiring=1", {"expiring": "1"}),
            ("update=overdue", {"update": "overdue"}),
            ("update=updated", {"update": "updated"}),
        ):
            assert exported(client, params) == listed(client, query), query
        assert listed(client, "kind=little_giant") == [
            ("石柱第二企业", "专精特新“小巨人”企业", date(2027, 8, 31), "逾期未更新", 0, "否")
        ]


@at(date(2026, 5, 2))
def test_export_names_its_filters_and_every_column_exports(client, world):
    client.force_login(world["city"])
    response = client.post(URL, {"default": "1", "kind": "specialized_sme", "q": "精工"})
    sheet = read_xlsx_sheet(response)
    assert sheet[0][0] == "认定企业管理"
    assert sheet[1][0] == "查询条件：企业名称/统一社会信用代码：精工；认定类型：专精特新中小企业"
    from keqi.exports.datasets import get

    every = [c.key for c in get("recognised_enterprises").columns]
    header, *rows = read_xlsx(client.post(URL, {"fields": every}))
    assert "证书编号" in header and "有效期最后一年" in header and len(rows) == 3


def test_bad_filters_are_refused_at_the_field_and_the_page_keeps_its_dialog(client, world):
    client.force_login(world["district"])
    response = client.post(URL, {"fields": ["name"], "kind": "nonsense", "update": "<b>"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "认定类型不存在，请重新选择" in text and "信息更新状态不存在，请重新选择" in text
    page = client.get("/recognitions/manage/?kind=nonsense").content.decode()
    assert "认定类型不存在，已显示全部" in page and 'id="export-dialog"' in page
    assert client.post(URL, {"fields": ["nope"]}).content.decode().count("导出字段“nope”不存在") == 1


@at(date(2026, 5, 2))
def test_scope_beijing_officers_and_enterprises_get_nothing_of_chongqing(client, world, make_user):
    client.force_login(make_user(Role.CITY, region_code="110000"))
    rows = exported(client)
    assert [r[0] for r in rows] == ["北京范围外企业"]
    client.force_login(make_user(Role.DISTRICT, region_code="500101"))  # 万州: another Chongqing county
    assert exported(client) == []
    client.force_login(world["ent"])
    assert client.post(URL, {"fields": ["name"]}).status_code in (302, 403)
