"""Old /evaluation/ pages and /api/v1/evaluations endpoints lead to the host's equivalents."""

import pytest

from keqi.accounts.models import Role
from keqi.declarations.tests.tech_sme import complete_profile, filled
from keqi.evaluation.models import Evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(make_enterprise, make_user):
    enterprise = complete_profile(make_enterprise("110114", name="北京跳转测试科技有限公司"))
    ent = make_user(Role.ENTERPRISE, enterprise=enterprise)
    agency_user = make_user(Role.AGENCY, region_code="110000", agency_name="北京科技评价中心")
    submission = filled(enterprise, ent, agency=agency_user.agency)
    old = Evaluation.objects.create(enterprise=enterprise, year=2026, serial=submission.serial, status="agency_review")
    outsider = make_user(Role.ENTERPRISE, enterprise=make_enterprise("110114", name="北京旁人科技有限公司"))
    return {"ent": ent, "agency": agency_user, "submission": submission, "old": old, "outsider": outsider}


def test_old_pages_redirect_permanently_to_the_host(client, moved):
    sid, eid = moved["submission"].pk, moved["old"].pk
    client.force_login(moved["ent"])
    for old, new in (
        ("/evaluation/", "/declarations/"),
        ("/evaluation/overview/", "/declarations/"),
        (f"/evaluation/{eid}/", f"/declarations/{sid}/"),
        (f"/evaluation/{eid}/form/", f"/declarations/{sid}/"),
        (f"/evaluation/{eid}/ip-register/", f"/declarations/{sid}/pick/ip_rows/"),
        (f"/evaluation/{eid}/cover.pdf", f"/declarations/{sid}/documents/cover.pdf"),
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    client.force_login(moved["agency"])
    for old, new in (
        ("/evaluation/review/", "/declarations/review/"),
        (f"/evaluation/review/{eid}/", f"/declarations/review/{sid}/"),
        (f"/evaluation/{eid}/audit-form.pdf", f"/declarations/{sid}/documents/audit_form.pdf"),
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get(f"/declarations/{sid}/documents/audit_form.pdf").status_code == 200
    client.force_login(moved["outsider"])
    assert client.get(f"/evaluation/{eid}/").status_code == 404  # scope as ever


def test_old_api_redirects_with_deprecation_or_says_what_replaced_it(client, moved):
    sid, eid = moved["submission"].pk, moved["old"].pk
    client.force_login(moved["ent"])
    detail = client.get(f"/api/v1/evaluations/{eid}")
    assert detail.status_code == 308 and detail["Location"] == f"/api/v1/declarations/submissions/{sid}"
    assert detail["Deprecation"] == "true" and "successor-version" in detail["Link"]
    assert client.get(f"/api/v1/evaluations/{eid}", follow=True).json()["id"] == sid
    upload = client.post(f"/api/v1/evaluations/{eid}/attachments/other_evidence?row=")
    assert upload.status_code == 308
    assert upload["Location"] == f"/api/v1/declarations/submissions/{sid}/attachments/other_evidence?row="
    gone = client.post(f"/api/v1/evaluations/{eid}/assessment")
    assert gone.status_code == 410 and "/api/v1/declarations" in gone.json()["detail"]
    assert client.get("/api/v1/evaluations")["Location"] == "/api/v1/declarations/submissions?program=tech-sme"
