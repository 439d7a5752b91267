"""P1 and P4: the shipped reference tables are complete and current."""

import pytest

from keqi.reference.models import DictionaryEntry, Industry, IPType, Region

pytestmark = pytest.mark.django_db


def test_industry_counts_match_gbt4754_2017_at_every_level():
    # 1381 小类: every full list found (three independent ones) has these 1381 codes, 4417 and
    # 7224 of amendment No.1 included; the "1382" some pages cite could not be traced to a code.
    counts = {level: Industry.objects.filter(level=level).count() for level in (1, 2, 3, 4)}
    assert counts == {1: 20, 2: 97, 3: 473, 4: 1381}


@pytest.mark.parametrize(
    ("code", "name"),
    [("3612", "新能源车整车制造"), ("6513", "应用软件开发"), ("644", "互联网安全服务"), ("C", "制造业")],
)
def test_2017_only_industry_codes_exist(code, name):
    assert Industry.objects.get(code=code).name == name


def test_every_industry_below_a_section_hangs_from_its_parent_code():
    for industry in Industry.objects.filter(level__gte=3).select_related("parent"):
        assert industry.code.startswith(industry.parent.code)


def test_newest_region_entries_exist():
    assert Region.objects.get(code="500157").name == "两江新区"
    assert Region.objects.get(code="653228").name == "和康县"  # 2024 county
    assert Region.objects.get(code="653229").name == "和安县"


def test_retired_codes_are_not_in_the_current_tree():
    assert not Region.objects.filter(code="500112").exists()  # 渝北区, merged in 2025


def test_region_full_names_and_paths():
    changping = Region.objects.get(code="110114")
    assert changping.full_name == "北京市昌平区"
    assert changping.path == "/110000/110100/110114/"
    shizhu = Region.objects.get(code="500240")
    assert shizhu.full_name == "重庆市石柱土家族自治县"
    assert shizhu.level == Region.Level.COUNTY


def test_zones_sit_under_their_city_and_can_scope_officers():
    zone = Region.objects.get(name="重庆高新技术产业开发区")
    assert zone.level == Region.Level.ZONE
    assert zone.path.startswith("/500000/500100/")
    assert Region.objects.get(code="500157").level == Region.Level.ZONE


def test_province_count_includes_all_34_provincial_divisions():
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 34


def test_ip_types_carry_their_class():
    classes = {ip.name: ip.ip_class for ip in IPType.objects.all()}
    assert classes["发明专利"] == 1
    assert classes["集成电路布图设计专有权"] == 1
    assert classes["软件著作权"] == 2
    assert classes["商标"] is None


def test_eight_high_tech_fields():
    fields = DictionaryEntry.objects.filter(category="high_tech_field").values_list("label", flat=True)
    assert len(fields) == 8
    assert "先进制造与自动化" in fields
