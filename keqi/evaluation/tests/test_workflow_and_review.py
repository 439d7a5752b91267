"""S1.16, P8: the declared process — submit, withdraw, return, pass, publicize, register — with
审核记录 and audit rows in one transaction; agencies and provinces see only their own."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from keqi.core.models import AuditLog
from keqi.enterprises.models import Qualification
from keqi.evaluation import services
from keqi.evaluation.models import Evaluation, Status
from keqi.evaluation.process import EVALUATION_PROCESS
from keqi.evaluation.tests.conftest import attach_cover
from keqi.workflow.models import ReviewRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(filled, setup):
    evaluation = attach_cover(filled, setup["ent"])
    return services.submit(actor=setup["ent"], evaluation=evaluation, agency_id=setup["agency"].pk)


def test_S1_16_submit_without_cover_page_is_refused(filled, setup, client):
    client.force_login(setup["ent"])
    response = client.post(f"/evaluation/{filled.pk}/submit/", {"agency": setup["agency"].pk}, follow=True)
    assert "请下载封面文件，由法定代表人签字并加盖企业公章后上传扫描件" in response.content.decode()
    filled.refresh_from_db()
    assert filled.status == Status.DRAFT and not ReviewRecord.objects.exists()
    api = client.post(
        f"/api/v1/evaluations/{filled.pk}/submit", {"agency_id": setup["agency"].pk}, content_type="application/json"
    )
    assert api.status_code == 422 and "封面" in api.json()["errors"][0]["message"]


def test_S1_16_submit_requires_an_agency_covering_the_enterprise(filled, setup, make_user):
    chongqing = make_user("AGY", region_code="500000", agency_name="重庆评价机构").agency
    evaluation = attach_cover(filled, setup["ent"])
    with pytest.raises(ValidationError, match="请选择评价机构"):
        services.submit(actor=setup["ent"], evaluation=evaluation, agency_id=chongqing.pk)


def test_S1_16_full_review_path_records_every_step_and_registers(submitted, setup):
    agency, province = setup["agency_user"], setup["province"]
    with pytest.raises(ValidationError, match="请填写退回修改意见"):
        services.decide(actor=agency, evaluation=submitted, action="agency_return")
    services.decide(actor=agency, evaluation=submitted, action="agency_return", opinion="资产负债表未盖章")
    evaluation = Evaluation.objects.get(pk=submitted.pk)
    assert evaluation.status == Status.RETURNED
    services.save_answers(
        actor=setup["ent"], evaluation=evaluation, raw={"other_info": "已补盖公章"}, expected_version=evaluation.version
    )
    evaluation = attach_cover(Evaluation.objects.get(pk=evaluation.pk), setup["ent"])
    services.submit(actor=setup["ent"], evaluation=evaluation, agency_id=setup["agency"].pk)
    services.decide(actor=agency, evaluation=evaluation, action="agency_pass")
    services.decide(actor=province, evaluation=evaluation, action="province_publicize", opinion="同意公示")
    evaluation = services.decide(actor=province, evaluation=evaluation, action="register")
    assert evaluation.status == Status.REGISTERED
    assert evaluation.registration_number.startswith(f"{evaluation.year}110114")
    qualification = Qualification.objects.get(enterprise=setup["enterprise"], kind="tech_sme")
    assert qualification.number == evaluation.registration_number
    assert qualification.status == "confirmed"  # a platform decision (issue 11 item 6)
    assert qualification.valid_until.isoformat() == f"{evaluation.year}-12-31"
    records = ReviewRecord.objects.filter(target_id=evaluation.pk)
    assert [(r.level, r.decision) for r in records] == [
        ("企业", "提交"),
        ("评价机构", "退回修改"),
        ("企业", "提交"),
        ("评价机构", "形式审查通过"),
        ("省级主管部门", "审核通过（公示）"),
        ("省级主管部门", "入库登记"),
    ]
    assert records[1].opinion == "资产负债表未盖章" and records[1].organisation == "北京科技评价中心"
    actions = list(AuditLog.objects.filter(target_id=str(evaluation.pk), action__startswith="evaluation."))
    assert {"evaluation.submit", "evaluation.agency_return", "evaluation.register"} <= {a.action for a in actions}
    assert evaluation.snapshot["answers"]["other_info"] == "已补盖公章"


def test_S1_16_withdraw_then_edit_delete(submitted, setup):
    ent = setup["ent"]
    with pytest.raises(ValidationError, match="不可修改"):
        services.save_answers(
            actor=ent, evaluation=submitted, raw={"other_info": "x"}, expected_version=submitted.version
        )
    with pytest.raises(ValidationError, match="不能删除"):
        services.delete_evaluation(actor=ent, evaluation=submitted)
    evaluation = services.decide(actor=ent, evaluation=submitted, action="withdraw")
    assert evaluation.status == Status.WITHDRAWN
    services.save_answers(
        actor=ent, evaluation=evaluation, raw={"other_info": "撤回后修改"}, expected_version=evaluation.version
    )
    services.delete_evaluation(actor=ent, evaluation=Evaluation.objects.get(pk=evaluation.pk))
    assert not Evaluation.objects.filter(pk=evaluation.pk).exists()


def test_S1_16_another_agencys_officer_cannot_see_or_act(submitted, setup, client):
    other = setup["other_agency_user"]
    with pytest.raises(PermissionDenied):
        services.decide(actor=other, evaluation=submitted, action="agency_pass")
    client.force_login(other)
    assert client.get(f"/evaluation/review/{submitted.pk}/").status_code == 404
    assert client.post(f"/evaluation/review/{submitted.pk}/", {"action": "agency_pass"}).status_code == 404
    api = client.post(f"/api/v1/evaluations/{submitted.pk}/actions/agency_pass", {}, content_type="application/json")
    assert api.status_code == 404
    assert client.get("/api/v1/evaluations").json()["count"] == 0
    client.force_login(setup["other_province"])
    assert client.get(f"/evaluation/review/{submitted.pk}/").status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.AGENCY_REVIEW


def test_S1_16_the_province_cannot_act_before_the_agency(submitted, setup):
    with pytest.raises(PermissionDenied):
        services.decide(actor=setup["province"], evaluation=submitted, action="province_publicize")


def test_S1_16_review_queue_search_filters_and_previous_next(submitted, setup, client, make_enterprise, make_user):
    from keqi.evaluation.tests.helpers import complete_profile

    second = complete_profile(make_enterprise("110108", name="北京海淀第二家企业"))
    ent2 = make_user("ENT", enterprise=second)
    evaluation2 = services.create_evaluation(actor=ent2, enterprise=second)
    Evaluation.objects.filter(pk=evaluation2.pk).update(status=Status.AGENCY_REVIEW, agency=setup["agency"])
    client.force_login(setup["agency_user"])
    page = client.get("/evaluation/review/").content.decode()
    assert '<strong id="total">2</strong>' in page
    page = client.get("/evaluation/review/?q=海淀").content.decode()
    assert '<strong id="total">1</strong>' in page and "北京海淀第二家企业" in page
    page = client.get("/evaluation/review/?status=registered").content.decode()
    assert '<strong id="total">0</strong>' in page
    detail = client.get(f"/evaluation/review/{submitted.pk}/").content.decode()
    assert "上一条" in detail or "下一条" in detail
    assert "形式审查通过" in detail and "退回修改" in detail
    assert "智能传感算法研究" in detail  # R&D table read-only
    assert "11010519491231002X" not in detail and "110*************2X" in detail  # personal data masked
    missing_opinion = client.post(f"/evaluation/review/{submitted.pk}/", {"action": "agency_reject"})
    assert missing_opinion.status_code == 422 and "请填写不予入库意见" in missing_opinion.content.decode()


def test_S1_16_records_page_and_api_and_permissions_derive_from_the_table(submitted, setup, client):
    client.force_login(setup["ent"])
    page = client.get(f"/evaluation/{submitted.pk}/records/").content.decode()
    assert "评价机构形式审查" in page and "提交至北京科技评价中心" in page
    assert client.get(f"/api/v1/evaluations/{submitted.pk}/records").json()[0]["decision"] == "提交"
    assert [t.name for t in EVALUATION_PROCESS.allowed(setup["ent"], submitted)] == ["withdraw"]
    assert {t.name for t in EVALUATION_PROCESS.allowed(setup["agency_user"], submitted)} == {
        "agency_pass",
        "agency_return",
        "agency_reject",
    }


def test_P11_api_walks_the_journey(setup, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from keqi.evaluation.declaration import EVALUATION_FORM
    from keqi.evaluation.tests.helpers import EVIDENCE_SLOTS, QUALIFYING, pdf_bytes
    from keqi.formkit import engine

    client.force_login(setup["ent"])
    created = client.post("/api/v1/evaluations")
    assert created.status_code == 201
    pk, version = created.json()["id"], created.json()["version"]
    assert client.post(f"/api/v1/evaluations/{pk}/acknowledge").status_code == 200
    answers = engine.parse_post(EVALUATION_FORM, QUALIFYING)
    saved = client.put(
        f"/api/v1/evaluations/{pk}/answers", {"version": version, "answers": answers}, content_type="application/json"
    )
    assert saved.status_code == 200
    bad = client.put(
        f"/api/v1/evaluations/{pk}/answers",
        {"version": saved.json()["version"], "answers": {"sales_revenue": "-1"}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"] == [
        {"field": "sales_revenue", "message": "销售收入总额不能为负数"}
    ]
    for slot in EVIDENCE_SLOTS:
        response = client.post(
            f"/api/v1/evaluations/{pk}/attachments/{slot}", {"file": SimpleUploadedFile("证明.pdf", pdf_bytes())}
        )
        assert response.status_code == 201, response.content
    result = client.post(f"/api/v1/evaluations/{pk}/assessment").json()
    assert result["qualified"] is True and result["missing"] == {}
    assert client.get(f"/api/v1/evaluations/{pk}/cover.pdf").status_code == 200
    cover = client.post(
        f"/api/v1/evaluations/{pk}/attachments/cover", {"file": SimpleUploadedFile("封面.pdf", pdf_bytes())}
    )
    assert cover.status_code == 201
    agencies = client.get("/api/v1/evaluations/agencies").json()
    assert [a["name"] for a in agencies] == ["北京科技评价中心", "北京另一评价机构"]
    submitted = client.post(
        f"/api/v1/evaluations/{pk}/submit", {"agency_id": agencies[0]["id"]}, content_type="application/json"
    )
    assert submitted.json()["status"] == "agency_review" and submitted.json()["actions"] == ["withdraw"]
    client.force_login(setup["agency_user"])
    passed = client.post(
        f"/api/v1/evaluations/{pk}/actions/agency_pass", {"opinion": "材料齐全"}, content_type="application/json"
    )
    assert passed.json()["status"] == "province_review"
    client.force_login(setup["province"])
    client.post(f"/api/v1/evaluations/{pk}/actions/province_publicize", {}, content_type="application/json")
    registered = client.post(f"/api/v1/evaluations/{pk}/actions/register", {}, content_type="application/json").json()
    assert registered["status"] == "registered" and registered["registration_number"]
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/v1/evaluations/{evaluation_id}/submit", "/api/v1/evaluations/{evaluation_id}/actions/{action}"):
        assert path in schema["paths"]


def test_S1_15_an_edit_after_the_signed_cover_voids_it_and_submit_names_the_cover(filled, setup, client):
    """issue 9: the cover is a generated document (keqi.documents) — void on edit, guard at submit."""
    from keqi.documents.services import signed_copy_status
    from keqi.evaluation.documents import COVER

    evaluation = attach_cover(filled, setup["ent"])
    assert signed_copy_status(COVER, evaluation) == "current"
    evaluation = services.sync_profile(actor=setup["ent"], evaluation=evaluation)  # unchanged profile: no new version
    assert signed_copy_status(COVER, evaluation) == "current"
    raw = {**evaluation.answers, "tax_total": "81"}
    evaluation = services.save_answers(
        actor=setup["ent"], evaluation=evaluation, raw=raw, expected_version=evaluation.version
    )
    assert signed_copy_status(COVER, evaluation) == "void"
    with pytest.raises(ValidationError) as refused:
        services.submit(actor=setup["ent"], evaluation=evaluation, agency_id=setup["agency"].pk)
    assert "评价信息已修改，原封面文件已失效，请重新下载封面文件" in refused.value.message_dict["__all__"][-1]
    client.force_login(setup["ent"])
    page = client.get(f"/evaluation/{evaluation.pk}/result/").content.decode()
    assert "原封面文件已失效" in page and "评价信息已修改" in page
    evaluation.refresh_from_db()
    assert evaluation.status == Status.DRAFT and not ReviewRecord.objects.exists()
