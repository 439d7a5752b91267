"""Issue 10 item 5: pages of the evaluation journey show labels, never dictionary codes,
status codes, English identifiers or None."""

import re

import pytest

from keqi.accounts.models import Role
from keqi.enterprises.models import Qualification, Shareholder
from keqi.evaluation import services
from keqi.evaluation.tests.conftest import attach_cover

pytestmark = pytest.mark.django_db

IDENTIFIER = re.compile(r"\bNone\b|\b[a-z]+(?:[_.][a-z]+)+\b|\baudit\b|\bdraft\b|\bpending\b")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def check(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    text = visible_text(response.content.decode())
    found = [item for item in IDENTIFIER.findall(text) if not item.endswith((".pdf", ".png"))]  # file names
    assert not found, (url, found)
    for code in ("173", "electronic_information", "natural_person", "tech_sme"):
        assert f" {code} " not in f" {text} ", (url, code)
    return text


def test_journey_pages_show_labels_not_codes(client, filled, setup, make_user):
    enterprise = setup["enterprise"]
    enterprise.registration_type, enterprise.tax_collection_method = "173", "audit"
    enterprise.high_tech_field = "electronic_information"
    enterprise.save()
    Shareholder.objects.create(
        enterprise=enterprise, name="王五", shareholder_type="natural_person", contribution=100, share_ratio=60
    )
    Qualification.objects.create(enterprise=enterprise, kind="high_tech", number="GR2024", year=2024)
    ent = setup["ent"]
    evaluation = services.sync_profile(actor=ent, evaluation=filled)
    client.force_login(ent)
    client.get(f"/evaluation/{evaluation.pk}/result/")
    evaluation = attach_cover(evaluation, ent)
    services.submit(actor=ent, evaluation=evaluation, agency_id=setup["agency"].pk)
    services.decide(actor=setup["agency_user"], evaluation=evaluation, action="agency_return", opinion="请补充盖章页")
    pages = [
        "/workbench/",
        "/enterprise/profile/",
        "/evaluation/",
        f"/evaluation/{evaluation.pk}/",
        f"/evaluation/{evaluation.pk}/form/",
        f"/evaluation/{evaluation.pk}/result/",
        f"/evaluation/{evaluation.pk}/view/",
        f"/evaluation/{evaluation.pk}/records/",
    ]
    texts = [check(client, url) for url in pages]
    assert any("私营有限责任公司" in text and "查账征收" in text for text in texts)
    client.force_login(setup["agency_user"])
    check(client, "/evaluation/review/")
    check(client, f"/evaluation/review/{evaluation.pk}/")
    officer = make_user(Role.DISTRICT, region_code="110114")
    client.force_login(officer)
    check(client, "/enterprise/list/")
    detail = check(client, f"/enterprise/{enterprise.pk}/")
    assert "自然人" in detail and "私营有限责任公司" in detail
    check(client, "/enterprise/changes/")
