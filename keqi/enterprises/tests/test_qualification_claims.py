"""Issue 11 item 6: an enterprise's own qualification entry is a claim with evidence that counts
nowhere (query list, 入库 counts and export column, registration lock, eligibility, the evaluation's
prefill) until its district confirms it; shown as 待确认 / 已确认 / 未通过; platform decisions
(入库登记) create confirmed ones."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from keqi.accounts.models import Role
from keqi.core.models import AuditLog
from keqi.core.tests.sample_files import pdf_bytes
from keqi.declarations import eligibility
from keqi.declarations.prefill import _profile_value as profile_value
from keqi.enterprises import selectors, services
from keqi.enterprises.models import Qualification
from keqi.files.models import Attachment

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def claim_world(make_enterprise, make_user):
    enterprise = make_enterprise("110114", name="北京自称科技有限公司")
    return {
        "enterprise": enterprise,
        "ent": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "district": make_user(Role.DISTRICT, region_code="110114"),
        "other_district": make_user(Role.DISTRICT, region_code="110108"),
        "city": make_user(Role.CITY, region_code="110000"),
    }


def evidence(name="高新证书.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def claim(client, world, kind="tech_sme", **extra):
    client.force_login(world["ent"])
    data = {
        "kind": kind,
        "number": "GR2026001",
        "year": YEAR,
        "issued_on": f"{YEAR}-01-01",
        "valid_until": f"{YEAR}-12-31",
        "file": evidence(),
        **extra,
    }
    if data["file"] is None:
        del data["file"]
    return client.post("/enterprise/profile/qualification/new/", data)


def counted_everywhere(world, kind) -> dict[str, bool]:
    """Every consumer of qualifications, asked whether this enterprise holds `kind`."""
    enterprise, officer = world["enterprise"], world["district"]
    listed = selectors.query_enterprises(officer, filters={"qualification": kind})
    outcome = eligibility.evaluate(
        [{"kind": "qualification", "label": "资质", "any_of": [kind]}], enterprise, timezone.localdate()
    )[0]
    return {
        "query list filter": listed.filter(pk=enterprise.pk).exists(),
        "入库 filter": selectors.query_enterprises(officer, filters={"storage": "yes", "storage_year": YEAR})
        .filter(pk=enterprise.pk)
        .exists(),
        "入库 list flag": enterprise.pk in selectors.stored_among([enterprise.pk], YEAR),
        "入库 export column": selectors.query_enterprises(officer, filters={})
        .annotate(stored=selectors.stored_q(YEAR))
        .get(pk=enterprise.pk)
        .stored,
        "registration lock": services.registration_locked(enterprise),
        "eligibility": outcome.status == eligibility.MET,
        "evaluation prefill (high_tech)": profile_value(enterprise, "qualification:high_tech") == "yes",
    }


def test_a_self_declared_qualification_counts_nowhere_until_the_district_confirms_it(client, claim_world):
    response = claim(client, claim_world)
    assert response.status_code == 302
    row = Qualification.objects.get(enterprise=claim_world["enterprise"])
    assert row.status == "claimed"
    assert (
        Attachment.objects.get(owner_type="enterprises.qualification", owner_id=row.pk).original_name == "高新证书.pdf"
    )
    assert "待确认" in client.get("/enterprise/profile/").content.decode()
    claim(client, claim_world, kind="high_tech", number="GR-HT-1")
    checks = counted_everywhere(claim_world, "tech_sme") | {
        "evaluation prefill (high_tech)": counted_everywhere(claim_world, "high_tech")["evaluation prefill (high_tech)"]
    }
    assert not any(checks.values()), checks

    client.force_login(claim_world["district"])
    queue = client.get("/enterprise/qualifications/").content.decode()
    assert "北京自称科技有限公司" in queue and "高新证书.pdf" in queue
    for pending in Qualification.objects.filter(status="claimed"):
        assert client.post(f"/enterprise/qualifications/{pending.pk}/decide/", {"action": "confirm"}).status_code == 302
    checks = counted_everywhere(claim_world, "tech_sme")
    checks["evaluation prefill (high_tech)"] = counted_everywhere(claim_world, "high_tech")[
        "evaluation prefill (high_tech)"
    ]
    assert all(checks.values()), checks
    assert AuditLog.objects.filter(action="confirm_qualification", actor=claim_world["district"]).count() == 2
    client.force_login(claim_world["ent"])
    assert "已确认" in client.get("/enterprise/profile/").content.decode()


def test_refusal_needs_a_reason_the_enterprise_sees_and_an_edit_resubmits(client, claim_world):
    claim(client, claim_world)
    row = Qualification.objects.get(enterprise=claim_world["enterprise"])
    client.force_login(claim_world["district"])
    client.post(f"/enterprise/qualifications/{row.pk}/decide/", {"action": "refuse", "note": ""})
    assert Qualification.objects.get(pk=row.pk).status == "claimed"
    client.post(f"/enterprise/qualifications/{row.pk}/decide/", {"action": "refuse", "note": "证书编号与公示名单不符"})
    assert Qualification.objects.get(pk=row.pk).status == "refused"
    client.force_login(claim_world["ent"])
    profile = client.get("/enterprise/profile/").content.decode()
    assert "未通过" in profile and "证书编号与公示名单不符" in profile
    response = client.post(
        f"/enterprise/profile/qualification/{row.pk}/edit/",
        {"kind": "tech_sme", "number": "GR2026002", "year": YEAR, "issued_on": f"{YEAR}-01-01"},
    )
    assert response.status_code == 302
    assert Qualification.objects.get(pk=row.pk).status == "claimed"  # back in the queue, old evidence kept
    # a claim the enterprise deletes takes its evidence file with it
    client.post("/enterprise/profile/qualification/delete/", {"ids": [row.pk]})
    assert not Qualification.objects.filter(pk=row.pk).exists()
    assert not Attachment.objects.filter(owner_type="enterprises.qualification", owner_id=row.pk).exists()


def test_a_claim_needs_evidence_and_a_confirmed_one_is_not_the_enterprises_to_change(client, claim_world):
    response = claim(client, claim_world, file=None)
    assert response.context["form"].errors["file"] == ["请上传资质证书或认定文件作为证明材料"]
    assert not Qualification.objects.exists()
    confirmed = Qualification.objects.create(
        enterprise=claim_world["enterprise"], kind="tech_sme", number="2026110114X", year=YEAR
    )
    client.force_login(claim_world["ent"])
    response = client.post(
        f"/enterprise/profile/qualification/{confirmed.pk}/edit/",
        {"kind": "tech_sme", "number": "改过的", "year": YEAR, "file": evidence()},
    )
    assert "已确认的资质是主管部门的确认结果，企业不能修改" in response.content.decode()
    client.post("/enterprise/profile/qualification/delete/", {"ids": [confirmed.pk]})
    assert Qualification.objects.filter(pk=confirmed.pk, number="2026110114X").exists()


def test_only_the_enterprises_own_district_confirms(client, claim_world):
    claim(client, claim_world)
    row = Qualification.objects.get(enterprise=claim_world["enterprise"])
    client.force_login(claim_world["other_district"])
    assert "北京自称科技有限公司" not in client.get("/enterprise/qualifications/").content.decode()
    assert client.post(f"/enterprise/qualifications/{row.pk}/decide/", {"action": "confirm"}).status_code == 404
    client.force_login(claim_world["city"])
    assert client.get("/enterprise/qualifications/").status_code == 403
    assert client.post(f"/enterprise/qualifications/{row.pk}/decide/", {"action": "confirm"}).status_code == 403
    assert Qualification.objects.get(pk=row.pk).status == "claimed"
    # the evidence file: the district reads it, another district does not
    attachment = Attachment.objects.get(owner_id=row.pk, owner_type="enterprises.qualification")
    client.force_login(claim_world["other_district"])
    assert client.get(f"/files/{attachment.pk}/").status_code == 404
    client.force_login(claim_world["district"])
    assert client.get(f"/files/{attachment.pk}/").status_code == 200


def test_platform_decisions_create_confirmed_qualifications(claim_world):
    row = Qualification.objects.create(enterprise=claim_world["enterprise"], kind="tech_sme", year=YEAR)
    assert row.status == "confirmed"
    assert counted_everywhere(claim_world, "tech_sme")["入库 list flag"]
    # 入库登记 itself: declarations/tests/test_tech_sme_program.py asserts the confirmed tech_sme row
