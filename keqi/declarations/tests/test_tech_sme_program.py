"""Issue 9 item 7: the tech-SME evaluation (seed 001) runs on the program host as data — its form
as a JSON document, review by the agency the enterprise picks and then the province, the numbers
the program declares, its self-assessment by keqi.policy and the qualification on approval."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from keqi.accounts.models import Role
from keqi.declarations import program_services, publicity, selectors, services
from keqi.declarations.forms import form_of
from keqi.declarations.tests.tech_sme import EVIDENCE_SLOTS, QUALIFYING, complete_profile, program_data
from keqi.enterprises.models import Qualification
from keqi.files.tests.builders import pdf_bytes
from keqi.formkit import engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_enterprise, make_user):
    program = program_services.load(program_data())
    enterprise = complete_profile(make_enterprise("110114", name="北京昌平评价测试科技有限公司"))
    agency_user = make_user(Role.AGENCY, region_code="110000", agency_name="北京科技评价中心")
    return {
        "program": program,
        "enterprise": enterprise,
        "ent": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "agency_user": agency_user,
        "other_agency_user": make_user(Role.AGENCY, region_code="110000", agency_name="北京另一评价机构"),
        "province": make_user(Role.CITY, region_code="110000"),
        "other_province": make_user(Role.CITY, region_code="500000"),
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _upload(ent, submission, slot, name="证明.pdf"):
    upload = SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
    return services.upload(actor=ent, submission=submission, slot_key=slot, path="", upload_file=upload)


@pytest.fixture
def filled(world):
    ent = world["ent"]
    submission = services.start(actor=ent, program=world["program"])
    raw = engine.parse_post(form_of(submission.form), QUALIFYING)
    submission = services.save(actor=ent, submission=submission, raw=raw, expected_version=submission.version)
    for slot in EVIDENCE_SLOTS:
        _upload(ent, submission, slot)
    services.issue_document(actor=ent, submission=submission, key="cover")
    _upload(ent, submission, "signed_cover", "封面（签字盖章）.pdf")
    submission.refresh_from_db()
    return submission


def test_the_form_computes_and_checks_as_the_seed_says(world):
    ent = world["ent"]
    submission = services.start(actor=ent, program=world["program"])
    assert submission.serial == f"2026110114{submission.pk:06d}"  # 系统填报号 from the program's numbers
    assert submission.answers["high_tech"] == "no"  # from the enterprise's recognitions
    form = form_of(submission.form)
    raw = engine.parse_post(form, QUALIFYING)
    saved = services.save(actor=ent, submission=submission, raw=raw, expected_version=submission.version)
    rows = saved.answers["rd_projects"]
    assert [row["counted"] for row in rows] == ["120.0000", "40.0000"]  # commissioned R&D at 80 %
    computed = form.computed(saved.answers)
    assert computed["employees"] == "50人" and computed["tech_staff"] == "20人"
    assert computed["rd_actual_total"] == 170
    bad = dict(QUALIFYING, **{"hr_quarters-0-tech_start": "60", "edu_doctor": "3", "main_revenue": "1600"})
    bad["contact_phone"] = "12345"
    _answers, errors = engine.validate(form, engine.parse_post(form, bad), base=saved.answers)
    assert errors["hr_quarters-0-tech_start"] == "科技人员数不能大于同期职工人数"
    assert errors["edu_doctor"] == "各学历人数之和（51人）应等于50人"
    assert errors["main_revenue"] == "主营业务收入不能大于销售收入总额"
    assert errors["contact_phone"].startswith("请填写11位手机号码")
    passport = dict(QUALIFYING, contact_id_type="passport", contact_id_number="护照?")
    _answers, errors = engine.validate(form, engine.parse_post(form, passport), base=saved.answers)
    assert errors["contact_id_number"] == "护照号码应为5至17位字母或数字"


def test_financing_block_is_cleared_when_not_wanted(world):
    ent = world["ent"]
    submission = services.start(actor=ent, program=world["program"])
    form = form_of(submission.form)
    wants = dict(QUALIFYING, wants_financing="yes", loan_need="yes", loan_amount="100")
    saved = services.save(
        actor=ent, submission=submission, raw=engine.parse_post(form, wants), expected_version=submission.version
    )
    assert saved.answers["loan_amount"] is not None
    saved = services.save(
        actor=ent, submission=saved, raw=engine.parse_post(form, QUALIFYING), expected_version=saved.version
    )
    assert saved.answers["loan_need"] is None and saved.answers["loan_amount"] is None


def test_self_assessment_blocks_an_unqualified_submit_with_the_reason(world):
    ent = world["ent"]
    submission = services.start(actor=ent, program=world["program"])
    form = form_of(submission.form)
    no_ledger = dict(QUALIFYING, rd_ledger="no")
    submission = services.save(
        actor=ent, submission=submission, raw=engine.parse_post(form, no_ledger), expected_version=submission.version
    )
    problems = services.submit_problems(submission)
    assert "研发项目立项时没有设置研发支出辅助帐" in problems["assessment"]
    empty = services.start(actor=ent, program=world["program"])
    empty.answers = {}
    found = services.submit_problems(empty)["assessment"]
    assert "请在“上一年度企业人力资源情况表”中填写四个季度的职工人数" in found  # the form's words, not input keys


def test_agency_then_province_then_registered_with_a_qualification(world, filled):
    ent, agency_user = world["ent"], world["agency_user"]
    assert services.submit_problems(filled) == {}
    with pytest.raises(services.FormErrors) as refused:
        services.submit(actor=ent, submission=filled)
    assert refused.value.field_errors == {"agency": "请选择评价机构"}
    submitted = services.submit(actor=ent, submission=filled, agency_id=agency_user.agency_id)
    assert submitted.agency_id == agency_user.agency_id and submitted.level == 0
    figures = {f.key: f.number for f in submitted.figures.all()}
    assert figures["employees"] == 50 and figures["tech_staff"] == 20 and figures["rd_expense"] == 160
    assert figures["sales_revenue"] == 1500 and figures["assessment_total"] > 0
    # least privilege: only the chosen agency sees it; the other agency and the other province do not
    assert selectors.visible(agency_user).filter(pk=filled.pk).exists()
    assert not selectors.visible(world["other_agency_user"]).filter(pk=filled.pk).exists()
    assert not selectors.visible(world["other_province"]).filter(pk=filled.pk).exists()
    with pytest.raises(PermissionDenied):
        services.decide(actor=world["other_agency_user"], submission=submitted, action="pass")
    with pytest.raises(PermissionDenied):
        services.decide(actor=world["province"], submission=submitted, action="pass")  # not its level yet
    passed = services.decide(actor=agency_user, submission=submitted, action="pass", opinion="形式审查通过")
    assert passed.level == 1 and passed.status == "review"
    approved = services.decide(actor=world["province"], submission=passed, action="pass", opinion="同意入库")
    assert approved.status == "approved" and approved.registration_number is None  # 公示 first
    assert not Qualification.objects.filter(enterprise=world["enterprise"], kind="tech_sme").exists()
    batch = publicity.create_batch(
        actor=world["province"],
        program=world["program"],
        title="2026年第一批科技型中小企业入库公示",
        publicity_from=date.today(),
        publicity_to=date.today() + timedelta(days=5),
        ids=[approved.pk],
    )
    ent_page = client_for(ent).get(f"/declarations/{approved.pk}/").content.decode()
    assert f"公示期 {date.today():%Y-%m-%d} 至 {date.today() + timedelta(days=5):%Y-%m-%d}" in ent_page
    with pytest.raises(ValidationError) as early:
        publicity.register(actor=world["province"], batch=batch)
    assert "公示期满后才能办理入库登记" in str(early.value)
    with pytest.raises(PermissionDenied):
        publicity.register(actor=world["other_province"], batch=batch)
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        publicity.register(actor=world["province"], batch=batch)
    approved.refresh_from_db()
    assert approved.registration_number == f"2026110114{approved.pk:08d}"
    granted = Qualification.objects.get(enterprise=world["enterprise"], kind="tech_sme")
    assert granted.number == approved.registration_number
    assert str(granted.valid_until) == "2026-12-31"
    announced = client_for(None).get("/declarations/announcements/").content.decode()
    assert "北京昌平评价测试科技有限公司" in announced and approved.registration_number in announced


def test_returned_by_the_agency_goes_back_to_it(world, filled):
    ent, agency_user = world["ent"], world["agency_user"]
    submitted = services.submit(actor=ent, submission=filled, agency_id=agency_user.agency_id)
    returned = services.decide(actor=agency_user, submission=submitted, action="return", opinion="请补充研发项目")
    assert returned.status == "returned"
    again = services.submit(actor=ent, submission=returned)  # keeps its agency
    assert again.agency_id == agency_user.agency_id and again.level == 0


def test_audit_form_is_printed_for_officers_not_signed(world, filled):
    submitted = services.submit(actor=world["ent"], submission=filled, agency_id=world["agency_user"].agency_id)
    pdf = services.issue_document(actor=world["agency_user"], submission=submitted, key="audit_form")
    assert pdf.startswith(b"%PDF")
    assert [item["doc"]["key"] for item in services.document_states(submitted)] == ["cover"]


def test_pick_ip_rows_from_the_register_then_no_certificate_is_needed(world, client):
    from datetime import date

    from keqi.enterprises.models import IntellectualProperty
    from keqi.reference.models import IPType

    patent = IPType.objects.get(code="invention_patent")
    for index in range(22):
        IntellectualProperty.objects.create(
            enterprise=world["enterprise"],
            name=f"专利{index}",
            ip_type=patent,
            number=f"ZL2020{index:04d}",
            granted_on=date(2021, 1, 1 + index),
            acquisition="self",
        )
    submission = services.start(actor=world["ent"], program=world["program"])
    client.force_login(world["ent"])
    edit = client.get(f"/declarations/{submission.pk}/").content.decode()
    assert f'href="/declarations/{submission.pk}/pick/ip_rows/"' in edit
    page = client.get(f"/declarations/{submission.pk}/pick/ip_rows/").content.decode()
    assert page.count('name="refs"') == 20 and "发明专利" in page and "自主研发" in page  # labels, never codes
    refs = list(IntellectualProperty.objects.values_list("pk", flat=True)[:2])
    response = client.post(f"/declarations/{submission.pk}/pick/ip_rows/", {"refs": refs, "version": 1})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert [row["_source"] for row in submission.answers["ip_rows"]] == ["register", "register"]
    assert form_of(submission.form).computed(submission.answers)["ip_class1"] == 2
    missing = services.submit_problems(submission)
    assert not [key for key in missing if key.startswith("ip_rows")]  # register rows need no certificate
    again = client.post(f"/declarations/{submission.pk}/pick/ip_rows/", {"refs": refs, "version": submission.version})
    assert again.status_code == 302 and len(submission.answers["ip_rows"]) == 2


def test_an_incomplete_profile_is_named_before_the_evaluation_starts(world, make_enterprise, make_user):
    from django.core.exceptions import ValidationError

    bare = make_enterprise("110114", name="北京资料不全科技有限公司")
    with pytest.raises(ValidationError) as refused:
        services.start(actor=make_user(Role.ENTERPRISE, enterprise=bare), program=world["program"])
    assert "请先在“企业基本信息”中完善：企业注册类型、企业所属行业、法定代表人姓名" in str(refused.value)


def test_a_full_autosave_of_the_evaluation_is_a_handful_of_statements(world, client):
    """Item 5: the evaluation's save locked the enterprise and region rows; on the host it is the
    host's save path (docs/performance.md), with the IP row's choice list and checks included."""
    from urllib.parse import urlencode

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submission = services.start(actor=world["ent"], program=world["program"])
    client.force_login(world["ent"])
    url, kind = f"/declarations/{submission.pk}/", "application/x-www-form-urlencoded"
    data = {
        **QUALIFYING,
        "ip_rows-0-_uid": "i1",
        "ip_rows-0-name": "一种传感器标定方法",
        "ip_rows-0-ip_type": "invention_patent",
        "ip_rows-0-granted_on": "2023-05-06",
        "ip_rows-0-acquisition": "self",
        "ip_rows-0-number": "ZL202310000001.1",
    }
    first = client.post(url, urlencode({**data, "version": 1}), content_type=kind, headers={"X-Autosave": "1"})
    assert first.status_code == 200, first.content
    data["sales_revenue"] = "1600"
    with CaptureQueriesContext(connection) as captured:
        second = client.post(
            url, urlencode({**data, "version": first.json()["version"]}), content_type=kind, headers={"X-Autosave": "1"}
        )
    assert second.status_code == 200, second.content
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) <= 12, "\n".join(s[:120] for s in statements)
    assert not [s for s in statements if "enterprises_enterprise" in s and "FOR UPDATE" in s]


def test_a_number_held_by_a_migrated_evaluation_is_not_given_twice(world, make_enterprise, make_user):
    from keqi.declarations.models import Submission

    taken = Submission.objects.create(
        program=program_services.load({**program_data(), "key": "tech-sme-2025", "year": 2025}),
        enterprise=make_enterprise("110114", name="北京旧编号科技有限公司"),
        form=world["program"].form,
        region_path=world["enterprise"].region_path,
    )
    next_id = taken.pk + 1
    Submission.objects.filter(pk=taken.pk).update(serial=f"2026110114{next_id:06d}")  # an old evaluation's number
    started = services.start(actor=world["ent"], program=world["program"])
    assert started.pk == next_id and started.serial == f"2026110114{next_id:06d}-2"
