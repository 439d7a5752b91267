"""Declarations fixtures: the bundled Changping program with a window open now, and users."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from keqi.accounts.models import Role

PROGRAM_FILE = Path(__file__).resolve().parents[1] / "programs" / "changping-zjtx-2024.json"


@pytest.fixture
def program_data():
    data = json.loads(PROGRAM_FILE.read_text(encoding="utf-8"))
    now = timezone.now()
    data["windows"] = [
        {"opens": (now - timedelta(days=3)).isoformat(), "closes": (now + timedelta(days=30)).isoformat()}
    ]
    return data


@pytest.fixture
def changping(db, program_data):
    from keqi.declarations import program_services

    return program_services.load(program_data)


@pytest.fixture
def qualified(make_enterprise):
    """A 昌平 enterprise with a valid 北京市专精特新 qualification."""
    from keqi.enterprises.models import Qualification

    def create(region_code="110114", **fields):
        enterprise = make_enterprise(region_code, **fields)
        Qualification.objects.create(
            enterprise=enterprise, kind="specialized_sme", issued_on=date(2023, 6, 1), valid_until=date(2099, 5, 31)
        )
        return enterprise

    return create


@pytest.fixture
def people(make_user, qualified):
    enterprise = qualified(
        name="北京昌平精工科技有限公司", legal_representative="王五", address="北京市昌平区科技园路1号"
    )
    return {
        "enterprise": enterprise,
        "ent": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "district": make_user(Role.DISTRICT, region_code="110114"),
        "shizhu": make_user(Role.DISTRICT, region_code="500240"),
        "city": make_user(Role.CITY, region_code="110000"),
    }
