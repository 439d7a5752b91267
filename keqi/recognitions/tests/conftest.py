"""Fixtures for life after recognition (issue 16): a 石柱 enterprise recognised 2023-07-01, its
officers (石柱县 district, 重庆市 province-level) and the bundled 复核 programs."""

from datetime import date
from pathlib import Path

import pytest

from keqi.accounts.models import Role

REVIEW_FILE = (
    Path(__file__).resolve().parents[2] / "declarations" / "programs" / "chongqing-recognition-review-2026.json"
)


@pytest.fixture
def recognised(make_enterprise, make_user):
    from keqi.enterprises.models import Contact
    from keqi.enterprises.services import grant_qualification

    enterprise = make_enterprise("500240", name="重庆石柱精工科技有限公司", legal_representative="李四", employees=50)
    Contact.objects.create(enterprise=enterprise, name="张联系", mobile="13900001111", is_primary=True)
    district = make_user(Role.DISTRICT, region_code="500240")
    qualification = grant_qualification(
        actor=district, enterprise=enterprise, kind="specialized_sme", issued_on=date(2023, 7, 1), number="ZJTX2023001"
    )
    return {
        "enterprise": enterprise,
        "qualification": qualification,
        "ent": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "district": district,
        "city": make_user(Role.CITY, region_code="500000"),
    }


@pytest.fixture
def review_programs(db):
    """The bundled 复核 programs by the recognition each reviews (each on its tier's declaration form)."""
    from keqi.declarations import program_services

    return {p.on_decision["qualification_kinds"][0]: p for p in program_services.load_path(REVIEW_FILE)}


@pytest.fixture
def review_program(review_programs):
    return review_programs["specialized_sme"]
