"""X5 program platform through its services (seed 000 as data): windows, eligibility, forms as
versioned data, record lists with child tables and per-row uploads, generated documents that an
edit voids, snapshots with SHA-256, return to the level that returned, scope."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from keqi.core.tests.sample_files import pdf_bytes, png_bytes
from keqi.declarations import program_services, selectors, services
from keqi.declarations.models import FormVersion, Snapshot, Submission, Window
from keqi.files.models import Attachment

pytestmark = pytest.mark.django_db


def pdf(name="材料.pdf", size=4096):
    return SimpleUploadedFile(name, pdf_bytes(size), content_type="application/pdf")


def fill_main(people, submission):
    raw = {
        "tech_field": "electronics",
        "industry": "C",
        "industry_code": "C3911",
        "amount_rd": "50",
        "amount_loan": "12.5",
        "finances": [
            {
                "_uid": f"y{i}",
                "net_assets": "1000",
                "revenue": "3000",
                "net_profit": "-10",
                "total_profit": "5",
                "rd_total": "200",
            }
            for i in range(4)
        ],
    }
    return services.save(actor=people["ent"], submission=submission, raw=raw, expected_version=submission.version)


def add_loan_record(people, submission):
    raw = {
        "national_subsidy": "0",
        "municipal_subsidy": "3",
        "district_subsidy": "0",
        "loans": [
            {
                "_uid": "loan1",
                "contract_number": "HT-2023-001",
                "loan_amount": "500",
                "principal_received_on": "2023-03-01",
                "loan_term": "12个月",
                "interest_rate": "3.45",
                "principal_repaid": "500",
                "principal_repaid_on": "2024-02-28",
                "interest_paid": "17.25",
                "interest_paid_on": "2024-02-28",
            }
        ],
    }
    submission, uid = services.save_record(
        actor=people["ent"],
        submission=submission,
        list_key="loan_interest",
        uid="",
        raw=raw,
        expected_version=submission.version,
    )
    return submission, uid


def upload(people, submission, slot, path, name="材料.pdf"):
    return services.upload(actor=people["ent"], submission=submission, slot_key=slot, path=path, upload_file=pdf(name))


def make_ready(people, changping):
    """A complete declaration: main form, one loan record with its row uploads, signed documents."""
    submission = services.start(actor=people["ent"], program=changping)
    submission = fill_main(people, submission)
    submission, uid = add_loan_record(people, submission)
    upload(people, submission, "subsidy_receipt", uid)
    upload(people, submission, "repayment_schedule", uid)
    upload(people, submission, "loan_contract", f"{uid}/loan1", "贷款合同.pdf")
    upload(people, submission, "interest_voucher", f"{uid}/loan1")
    submission.refresh_from_db()
    sign_documents(people, submission)
    submission.refresh_from_db()
    return submission, uid


def sign_documents(people, submission):
    for key in ("commitment", "application"):
        services.issue_document(actor=people["ent"], submission=submission, key=key)
        upload(people, submission, f"signed_{key}", "", f"{key}-盖章.pdf")


def test_bundled_program_loads_as_data_and_start_prefills_from_profile(people, changping):
    assert changping.form.number == 1 and changping.status == "published"
    submission = services.start(actor=people["ent"], program=changping)
    assert submission.answers["ent_name"] == "北京昌平精工科技有限公司"
    assert submission.answers["ent_legal"] == "王五"
    assert submission.region_path == people["enterprise"].region_path
    # Loading the same file again changes nothing: same program, same form version.
    again = program_services.load_bundled()[0]
    assert again.pk == changping.pk and FormVersion.objects.filter(key="changping_zjtx").count() == 1


def test_outside_the_window_the_refusal_gives_the_window_dates(people, changping):
    Window.objects.filter(program=changping).update(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=10)
    )
    with pytest.raises(ValidationError) as error:
        services.start(actor=people["ent"], program=changping)
    message = error.value.messages[0]
    closes = timezone.localtime(Window.objects.get(program=changping).closes_at)
    assert "申报已截止" in message and f"{closes:%Y-%m-%d}" in message


def test_ineligible_enterprise_is_told_which_condition_is_unmet(make_user, make_enterprise, changping):
    plain = make_enterprise("110114", name="无资质企业")
    user = make_user("ENT", enterprise=plain)
    with pytest.raises(ValidationError) as error:
        services.start(actor=user, program=changping)
    assert "有效期内的北京市专精特新中小企业或国家专精特新“小巨人”企业" in error.value.messages[0]


def test_enterprise_outside_changping_does_not_see_the_program(make_user, qualified, changping):
    user = make_user("ENT", enterprise=qualified("110108", name="海淀企业"))
    assert selectors.programs_for_enterprise(user) == []


def test_record_lists_child_rows_and_per_row_uploads_are_all_required(people, changping):
    submission = services.start(actor=people["ent"], program=changping)
    submission = fill_main(people, submission)
    submission, _uid = add_loan_record(people, submission)
    problems = services.submit_problems(submission)
    assert problems["loan_interest-0"].count("贷款贴息数量第1行") == 2  # both row uploads, the row named
    assert "请上传银行贷款合同和贷款到位凭证（贷款贴息数量第1行）" in problems["loan_interest-0"]
    assert "document-commitment" in problems and "请下载《承诺函》" in problems["document-commitment"]


def test_record_validation_names_the_field_and_keeps_the_typed_text(people, changping):
    submission = services.start(actor=people["ent"], program=changping)
    with pytest.raises(services.FormErrors) as error:
        services.save_record(
            actor=people["ent"],
            submission=submission,
            list_key="digital_transformation",
            uid="",
            raw={"digital_score": "一百", "contracts": [{"_uid": "c1", "contract_amount": "abc"}]},
            expected_version=submission.version,
        )
    assert error.value.field_errors["digital_score"] == "数字化水平测评得分应为数字"
    assert error.value.field_errors["contracts-0-contract_amount"] == "合同金额应为数字"
    assert error.value.raw["digital_score"] == "一百"


def test_show_if_hides_and_clears_relocation_fields(people, changping):
    submission = services.start(actor=people["ent"], program=changping)
    base = {"enterprise_type": "municipal_sme", "recognised_on": "2023-06-01", "previous_address": "海淀区某路"}
    submission, uid = services.save_record(
        actor=people["ent"],
        submission=submission,
        list_key="qualification_awards",
        uid="",
        raw={**base, "support_direction": "first_municipal"},
        expected_version=submission.version,
    )
    record = submission.answers["qualification_awards"][0]
    assert record["previous_address"] is None  # hidden unless 迁入
    assert "迁入日期" not in services.submit_problems(submission).get("qualification_awards-0", "")
    submission, _ = services.save_record(
        actor=people["ent"],
        submission=submission,
        list_key="qualification_awards",
        uid=uid,
        raw={**base, "support_direction": "relocated"},
        expected_version=submission.version,
    )
    assert "请填写迁入日期" in services.submit_problems(submission)["qualification_awards-0"]


def test_an_edit_after_download_voids_the_signed_copies(people, changping):
    submission, _ = make_ready(people, changping)
    assert [d["state"] for d in services.document_states(submission)] == ["current", "current"]
    raw = {"amount_rd": "60"}
    submission = services.save(actor=people["ent"], submission=submission, raw=raw, expected_version=submission.version)
    assert [d["state"] for d in services.document_states(submission)] == ["void", "void"]
    with pytest.raises(services.FormErrors) as error:
        services.submit(actor=people["ent"], submission=submission)
    assert "重新下载" in error.value.field_errors["document-commitment"]
    # Saving without a change keeps the version: the signed copies stay valid.
    sign_documents(people, submission)
    submission = services.save(actor=people["ent"], submission=submission, raw=raw, expected_version=submission.version)
    assert [d["state"] for d in services.document_states(submission)] == ["current", "current"]


def test_submit_return_resubmit_pass_with_snapshots_and_frozen_files(people, changping):
    submission, uid = make_ready(people, changping)
    submission = services.submit(actor=people["ent"], submission=submission)
    assert submission.status == "review" and submission.level == 0
    snapshot = Snapshot.objects.get(submission=submission, sequence=1)
    reviewed = Attachment.objects.get(owner_id=submission.pk, slot="loan_contract")
    listed = {item["id"]: item for item in snapshot.attachments}
    stored = reviewed.file.open("rb").read()
    assert listed[reviewed.pk]["sha256"] == hashlib.sha256(stored).hexdigest() == reviewed.sha256
    assert listed[reviewed.pk]["row_key"] == f"{uid}/loan1"

    # Only the 昌平 district officer holds it; 石柱 sees nothing.
    with pytest.raises(PermissionDenied):
        services.decide(actor=people["shizhu"], submission=submission, action="pass")
    assert not selectors.visible(people["shizhu"]).filter(pk=submission.pk).exists()
    with pytest.raises(ValidationError):
        services.decide(actor=people["district"], submission=submission, action="return", opinion="")
    submission = services.decide(
        actor=people["district"], submission=submission, action="return", opinion="贷款合同不清晰，请重新上传"
    )
    assert submission.status == "returned" and submission.returned_level == 0
    assert submission.last_opinion == "贷款合同不清晰，请重新上传"

    # The enterprise replaces the reviewed file; the snapshot keeps the one the officer saw.
    services.remove_attachment(actor=people["ent"], submission=submission, attachment_id=reviewed.pk)
    reviewed = Attachment.all_objects.get(pk=reviewed.pk)
    assert reviewed.detached_at is not None and not Attachment.objects.filter(pk=reviewed.pk).exists()
    assert reviewed.file.storage.exists(reviewed.file.name)
    from keqi.files.access import attachment_for

    assert attachment_for(people["district"], reviewed.pk) == reviewed
    upload(people, submission, "loan_contract", f"{uid}/loan1", "贷款合同-清晰版.pdf")
    submission.refresh_from_db()
    submission = services.submit(actor=people["ent"], submission=submission)
    assert submission.status == "review" and submission.level == 0
    second = Snapshot.objects.get(submission=submission, sequence=2)
    assert second.digest != snapshot.digest
    assert reviewed.pk not in {item["id"] for item in second.attachments}

    submission = services.decide(actor=people["district"], submission=submission, action="pass")
    assert submission.status == "approved"
    assert [r.decision for r in __import__("keqi.workflow.services", fromlist=["x"]).records_for(submission)] == [
        "提交",
        "退回补正",
        "提交",
        "通过",
    ]


def test_stale_second_tab_is_refused_and_nothing_is_lost(people, changping):
    submission = services.start(actor=people["ent"], program=changping)
    first = services.save(actor=people["ent"], submission=submission, raw={"amount_rd": "1"}, expected_version=1)
    with pytest.raises(ValidationError) as error:
        services.save(actor=people["ent"], submission=submission, raw={"amount_rd": "2"}, expected_version=1)
    assert services.STALE_MESSAGE in error.value.messages
    assert Submission.objects.get(pk=first.pk).answers["amount_rd"] == "1.0000"


def test_changing_a_published_form_makes_a_new_version_and_old_submissions_keep_theirs(people, changping):
    submission, _ = make_ready(people, changping)
    submission = services.submit(actor=people["ent"], submission=submission)
    document = dict(changping.form.document)
    document["sections"] = [dict(s) for s in document["sections"]]
    basic = next(s for s in document["sections"] if s["key"] == "basic")
    basic["fields"] = [*basic["fields"], {"key": "new_question", "label": "2025年新增问题"}]
    admin = __import__("keqi.accounts.models", fromlist=["User"]).User.objects.create(
        username="adm", role="ADM", is_superuser=True
    )
    changping = program_services.change_form(actor=admin, program=changping, document=document)
    assert changping.form.number == 2
    submission.refresh_from_db()
    assert submission.form.number == 1
    from keqi.declarations.forms import form_of

    old = form_of(submission.form)
    assert "new_question" not in [f.key for f in old.all_fields()]
    assert "new_question" in [f.key for f in form_of(changping.form).all_fields()]
    # The old submission still validates complete against its own version.
    assert not {k: v for k, v in services.submit_problems(submission).items() if k != "__all__"}


def test_an_invalid_form_document_is_refused_with_where_and_why(changping):
    bad = {
        "key": "x",
        "title": "x",
        "sections": [
            {
                "key": "s",
                "title": "s",
                "fields": [{"key": "a", "label": "A", "type": "money", "show_if": ["missing", "1"]}],
            }
        ],
    }
    admin = __import__("keqi.accounts.models", fromlist=["User"]).User.objects.create(
        username="adm2", role="ADM", is_superuser=True
    )
    with pytest.raises(ValidationError) as error:
        program_services.change_form(actor=admin, program=changping, document=bad)
    assert "show_if 引用的字段 missing 不存在" in str(error.value)
    with pytest.raises(ValidationError) as error:
        program_services.change_form(actor=admin, program=changping, document={"key": "x", "sections": "eval('1')"})
    assert "title" in str(error.value)


def test_clone_into_next_year_and_publish_needs_a_window(people, changping):
    copy = program_services.clone(actor=people["district"], program=changping, year=2025)
    assert copy.key == "changping-zjtx-2025" and copy.name.startswith("2025年") and copy.form_id == changping.form_id
    with pytest.raises(ValidationError) as error:
        program_services.set_status(actor=people["district"], program=copy, status="published")
    assert "请先设置申报时间" in error.value.messages[0]
    with pytest.raises(PermissionDenied):
        program_services.clone(actor=people["shizhu"], program=changping, year=2026)


def test_batch_delete_removes_records_and_their_files(people, changping):
    submission = services.start(actor=people["ent"], program=changping)
    submission, first = services.save_record(
        actor=people["ent"],
        submission=submission,
        list_key="declaration_files",
        uid="",
        raw={"file_category": "license"},
        expected_version=submission.version,
    )
    submission, second = services.save_record(
        actor=people["ent"],
        submission=submission,
        list_key="declaration_files",
        uid="",
        raw={"file_category": "tax"},
        expected_version=submission.version,
    )
    services.upload(
        actor=people["ent"],
        submission=submission,
        slot_key="declaration_file",
        path=first,
        upload_file=SimpleUploadedFile("执照.png", png_bytes(), content_type="image/png"),
    )
    submission.refresh_from_db()
    submission = services.delete_records(
        actor=people["ent"],
        submission=submission,
        list_key="declaration_files",
        uids=[first],
        expected_version=submission.version,
    )
    assert [r["_uid"] for r in submission.answers["declaration_files"]] == [second]
    assert not Attachment.objects.filter(owner_id=submission.pk, row_key=first).exists()


def test_officer_list_shows_the_requested_amount_per_reward_for_a_program(client, people, changping):
    submission, _ = make_ready(people, changping)
    services.submit(actor=people["ent"], submission=submission)
    client.force_login(people["district"])
    page = client.get("/declarations/review/", {"program": changping.key})
    html = page.content.decode()
    assert "研发投入奖励额度" in html and "贷款贴息补助额度" in html
    assert ">50.00<" in html and ">12.50<" in html
    assert ">电子信息<" in html and "electronics" not in html  # choices by label, never the code
    assert client.get("/declarations/review/", {"q": "昌平精工\x00"}).status_code == 200
    client.force_login(people["shizhu"])
    assert (
        "北京昌平精工科技有限公司"
        not in client.get("/declarations/review/", {"program": changping.key}).content.decode()
    )


def test_field_picked_export_of_a_programs_declarations_with_amounts(client, people, changping):
    from openpyxl import load_workbook

    submission, _ = make_ready(people, changping)
    services.submit(actor=people["ent"], submission=submission)
    client.force_login(people["district"])
    assert "导出 Excel" in client.get("/declarations/review/", {"program": changping.key}).content.decode()
    response = client.post(
        f"/exports/new/program:{changping.key}/",
        {"fields": ["enterprise", "status", "amount_rd", "amount_loan", "tech_field"], "q": ""},
    )
    assert response.status_code == 200, response.content[:500]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in cells if row and "企业名称" in row)
    data = cells[cells.index(header) + 1]
    record = dict(zip(header, data, strict=False))
    assert record["企业名称"] == "北京昌平精工科技有限公司"
    assert record["状态"] == "审核中"
    assert record["研发投入奖励额度（万元）"] == 50 and record["贷款贴息补助额度（万元）"] == 12.5
    assert record["技术领域"] == "电子信息"
    assert "申报活动：2024年昌平区专精特新企业支持政策申报活动" in str(cells[:3])
    client.force_login(people["shizhu"])
    other = client.post(f"/exports/new/program:{changping.key}/", {"fields": ["enterprise"]})
    body = b"".join(other.streaming_content) if getattr(other, "streaming", False) else other.content
    assert "北京昌平精工".encode() not in body


def test_api_save_refuses_wrong_shapes_and_null_bytes_with_the_field_named(client, people, changping):
    submission = services.start(actor=people["ent"], program=changping)
    client.force_login(people["ent"])
    url = f"/api/v1/declarations/submissions/{submission.pk}"
    for answers, field in (
        ({"finances": "a table as text"}, "finances"),
        ({"finances": [1, 2]}, "finances"),
        ({"amount_rd": {"nested": [1]}}, "amount_rd"),
        ({"industry_code": "C39\x0011"}, "industry_code"),
        ({"amount_rd": "1e400"}, "amount_rd"),
    ):
        response = client.put(url, {"version": 1, "answers": answers}, content_type="application/json")
        assert response.status_code == 422, (answers, response.content)
        assert field in response.json()["errors"][0]["field"], response.json()
    response = client.put(url, {"version": 2**40, "answers": {}}, content_type="application/json")
    assert response.status_code == 422
    saved = client.put(url, {"version": 1, "answers": {"amount_rd": "12.3456"}}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["answers"]["amount_rd"] == "12.3456"
    client.force_login(people["shizhu"])
    assert client.put(url, {"version": 2, "answers": {"amount_rd": "1"}}, content_type="application/json").status_code == 404
