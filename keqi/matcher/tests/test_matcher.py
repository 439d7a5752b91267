"""政策匹配 (issue 14, X1–X3): every scheme and program for one enterprise, unknown never "no",
a 昌平 enterprise never told it qualifies for a 石柱-only program, the facts' sources shown."""

from datetime import date
from decimal import Decimal

import pytest

from keqi.accounts.models import Role
from keqi.declarations.tests.shizhu import load_open
from keqi.enterprises.models import IntellectualProperty, Qualification
from keqi.matcher import selectors
from keqi.reference.models import IPType


def shizhu_enterprise(make_enterprise):
    """A 石柱 enterprise holding 高新技术企业 (2023-12-15) with three invention patents."""
    enterprise = make_enterprise("500240", name="重庆石柱黄连科技有限公司", established_date=date(2012, 5, 1))
    Qualification.objects.create(
        enterprise=enterprise,
        kind="high_tech",
        number="GR202350000123",
        issued_on=date(2023, 12, 15),
        valid_until=date(2026, 12, 14),
    )
    invention = IPType.objects.get(code="invention_patent")
    for index, granted in enumerate([date(2023, 5, 1), date(2024, 3, 31), date(2018, 1, 1)]):
        IntellectualProperty.objects.create(
            enterprise=enterprise,
            name=f"一种黄连提取方法{index}",
            ip_type=invention,
            number=f"ZL2018100000{index}",
            granted_on=granted,
            acquisition="self",
        )
    return enterprise


@pytest.fixture
def shizhu_world(db, make_enterprise, make_user):
    programs = load_open()
    enterprise = shizhu_enterprise(make_enterprise)
    return {"programs": programs, "enterprise": enterprise, "user": make_user(Role.ENTERPRISE, enterprise=enterprise)}


def by_key(result):
    return {entry.key: entry for entry in result["entries"]}


def test_shizhu_enterprise_qualifies_with_amounts_and_sources(shizhu_world):
    result = selectors.match(shizhu_world["enterprise"], today=date(2024, 4, 15))
    entries = by_key(result)
    high_tech = entries["program:shizhu-kjcx-2024-high-tech"]
    assert high_tech.status == "qualifies" and high_tech.amount == Decimal("20") and high_tech.apply_url
    ip = entries["program:shizhu-kjcx-2024-ip"]
    # 2 patents granted in 2023-01-01..2024-03-31 and 1 maintained over 5 years: 0.2 + 0.1
    assert ip.status == "qualifies" and ip.amount == Decimal("0.3")
    assert entries["program:shizhu-kjcx-2024-rd-investment"].status == "needs_info"
    assert "是否建立研发准备金制度" in entries["program:shizhu-kjcx-2024-rd-investment"].missing
    assert entries["scheme:high_tech"].status == "qualifies"
    json = selectors.as_json(result)
    high = next(e for e in json["entries"] if e["key"] == "program:shizhu-kjcx-2024-high-tech")
    assert ("高新技术企业", "企业资质（GR202350000123）") in [(f["label"], f["source"]) for f in high["facts"]]
    assert {f["source"] for f in json["facts"]} >= {"企业信息", "知识产权登记（按授权日计算）"}


def test_unknown_is_never_no(db, make_enterprise):
    load_open()
    enterprise = make_enterprise("500240", name="石柱空白企业")
    entries = by_key(selectors.match(enterprise, today=date(2024, 4, 15)))
    for key in ("scheme:tech_sme", "scheme:innovative_sme", "scheme:little_giant", "scheme:high_tech"):
        assert entries[key].status == "needs_info", key
        assert entries[key].missing
    assert entries["program:shizhu-kjcx-2024-high-tech"].status == "needs_info"


def test_changping_enterprise_never_qualifies_for_shizhu_and_is_told_why(db, make_enterprise):
    load_open()
    enterprise = make_enterprise("110114", name="北京昌平精工科技有限公司")
    Qualification.objects.create(enterprise=enterprise, kind="high_tech", number="GR1", issued_on=date(2023, 12, 1))
    entries = by_key(selectors.match(enterprise, today=date(2024, 4, 15)))
    shizhu = [e for key, e in entries.items() if key.startswith("program:shizhu-")]
    assert len(shizhu) == 8
    for entry in shizhu:
        assert entry.status == "not_yet" and entry.amount is None and not entry.apply_url
        assert any("企业注册地不在" in text and "石柱" in text for text in entry.unmet), entry.unmet


def test_page_and_api(shizhu_world, client):
    client.force_login(shizhu_world["user"])
    page = client.get("/matcher/")
    text = page.content.decode()
    assert page.status_code == 200 and "政策匹配" in text and "高新技术企业奖补" in text and "去申报" in text
    api = client.get("/api/v1/matcher")
    assert api.status_code == 200 and api.json()["counts"]["qualifies"] >= 2


def test_officers_get_no_matcher(db, make_user, client):
    officer = make_user(Role.DISTRICT, region_code="500240")
    client.force_login(officer)
    assert client.get("/api/v1/matcher").status_code == 403
    assert client.get("/matcher/").status_code in (302, 403, 404)
