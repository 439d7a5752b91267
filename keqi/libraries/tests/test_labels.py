"""Seed 002 §6–§8 labels are all in the product (issue 13 acceptance): every quoted label of those
sections, read from the seed itself, appears on the library pages a district officer sees."""

import re
from pathlib import Path

import pytest

from keqi.accounts.models import Role
from keqi.policy import libraries as policy

pytestmark = pytest.mark.django_db
SEED = next(Path("/work/shared/seeds").glob("002_*.txt"), None) or next(
    Path(__file__).resolve().parents[3].glob("../shared/seeds/002_*.txt"), None
)


def seed_labels() -> set[str]:
    text = SEED.read_text(encoding="utf-8")
    start = re.search(r"^6\. 科企梯次培育库[ \t]*$", text, re.MULTILINE).start()
    end = re.search(r"^9\. 温馨提示[ \t]*$", text, re.MULTILINE).start()
    body = text[start:end]
    labels = set(re.findall(r"“([^”]+)”", body))
    labels.add("未设置条件参数前，条件说明中的值为默认值")
    return labels


@pytest.mark.skipif(SEED is None, reason="seed 002 not present on this machine")
def test_seed_labels_all_in_product(client, make_user, make_enterprise):
    from keqi.enterprises.models import Qualification
    from keqi.libraries.tests import world

    _, enterprises = world.build(make_enterprise, count=6)
    for kind in ("tech_sme", "high_tech"):
        Qualification.objects.create(enterprise=enterprises[0], kind=kind, number="R1")
    officer = make_user(Role.DISTRICT, region_code="500240")
    client.force_login(officer)
    pages = "".join(client.get(f"/libraries/{key}/").content.decode() for key in policy.LIBRARIES)
    labels = seed_labels()
    assert len(labels) >= 20
    missing = sorted(label for label in labels if label not in pages)
    assert missing == []
