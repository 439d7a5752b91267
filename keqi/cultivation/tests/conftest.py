"""梯度培育 fixtures: the three bundled tier programs, a 重庆 enterprise and the officers of every
level (万州区 → 重庆市 → 重庆市(省级) → 工业和信息化部), and a 北京 provincial officer."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from keqi.accounts.models import Role

PROGRAMS = Path(__file__).resolve().parents[2] / "declarations" / "programs"
TIER_FILES = ("innovative-sme-2026.json", "specialized-sme-2026.json", "little-giant-2026.json")


@pytest.fixture
def tier_programs(db):
    from keqi.declarations import program_services

    return {
        p.series: p
        for p in (
            program_services.load(json.loads((PROGRAMS / name).read_text(encoding="utf-8"))) for name in TIER_FILES
        )
    }


@pytest.fixture
def cq(make_enterprise, make_user, tier_programs):
    from keqi.reference.models import Industry

    industry = Industry.objects.filter(level=4, code__startswith="39").first()
    enterprise = make_enterprise(
        "500101", name="重庆万州精密制造有限公司", legal_representative="张三", industry=industry
    )
    return {
        "programs": tier_programs,
        "enterprise": enterprise,
        "ent": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "county": make_user(Role.DISTRICT, region_code="500101"),
        "city": make_user(Role.CITY, region_code="500100"),
        "province": make_user(Role.CITY, region_code="500000"),
        "ministry": make_user(Role.CITY, region_code="100000"),
        "beijing": make_user(Role.CITY, region_code="110000"),
    }


@pytest.fixture
def open_window(cq):
    """The 重庆 province opens its windows for 创新型 and 专精特新; the ministry for 小巨人."""
    from keqi.declarations import program_services

    def open_for(series: str, days_before: int = 1, days_after: int = 30):
        now = timezone.now()
        program = cq["programs"][series]
        actor = cq["ministry"] if series == "little-giant" else cq["province"]
        return program_services.set_region_window(
            actor=actor,
            program=program,
            opens=now - timedelta(days=days_before),
            closes=now + timedelta(days=days_after),
        )

    return open_for
