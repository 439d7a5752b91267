"""石柱县 2024 科技创新奖补 as eight programs (issue 14, S4.1–S4.3): data, amounts from the
shizhu_subsidy scheme, the official forms as filled PDFs, and the county's review with an
approved amount no higher than the calculated ceiling."""

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from keqi.accounts.models import Role
from keqi.declarations import program_services, services
from keqi.declarations.tests.shizhu import APPLICANT, BUNDLE, HIGH_TECH, load_open

SEED = program_services.PROGRAM_DIR.parents[3] / "shared" / "seeds"


def pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


@pytest.fixture
def shizhu(db, make_enterprise, make_user):
    programs = load_open()
    enterprise = make_enterprise(
        "500240", name="重庆石柱黄连科技有限公司", legal_representative="谭石柱", address="石柱县南宾街道工业园区8号"
    )
    return {
        "programs": programs,
        "enterprise": enterprise,
        "ent": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "officer": make_user(Role.DISTRICT, region_code="500240"),
    }


def start_and_save(world, category, answers):
    submission = services.start(actor=world["ent"], program=world["programs"][category])
    return services.save(actor=world["ent"], submission=submission, raw=answers, expected_version=submission.version)


def test_bundle_loads_eight_programs_of_shizhu_with_the_guides_labels():
    text = BUNDLE.read_text(encoding="utf-8")
    for label in (
        "高新技术企业奖补",
        "首次入库科技型企业及更新年报补助",
        "科研推广平台奖补",
        "研发投入补助",
        "高成长科技企业奖补",
        "科技成果转化奖补",
        "智能化改造升级项目奖补",
        "知识产权保护运用奖补",
        "石柱县科技创新奖补资金申报表",
        "2024年度科技创新奖补资金绩效目标表",
        "2024年度智能化改造升级项目申报表",
        "项目申报书",
        "石柱县企业研发投入补助资金申请表",
        "知识产权资助申请表",
        "诚信承诺书",
    ):
        assert label in text, label


def test_eight_programs_with_amount_rule_region_and_materials(shizhu):
    programs = shizhu["programs"]
    assert len(programs) == 8
    for program in programs.values():
        assert program.region.code == "500240" and program.amount["scheme"] == "shizhu_subsidy"
        assert program.eligibility == [{"kind": "region", "code": "500240", "label": "在石柱县注册"}]
        assert program.materials
    assert "高新技术企业认定证书或公布文件" in programs["high_tech"].materials
    assert [d["title"] for d in programs["smart"].documents] == [
        "2024年度智能化改造升级项目申报表",
        "项目申报书",
        "诚信承诺书",
    ]


def test_calculated_amount_follows_the_answers(shizhu):
    submission = start_and_save(shizhu, "high_tech", HIGH_TECH)
    assert submission.calculated_amount == Decimal("20")
    outside = services.save(
        actor=shizhu["ent"],
        submission=submission,
        raw={"high_tech_date": "2024-04-01"},
        expected_version=submission.version,
    )
    assert outside.calculated_amount is None
    ip = start_and_save(
        shizhu,
        "ip",
        {
            **APPLICANT,
            "invention_patents_granted": "3",
            "invention_patents_maintained": "2",
            "org_form": "有限责任公司",
        },
    )
    assert ip.calculated_amount == Decimal("0.5")


def test_official_forms_are_filled_pdfs(shizhu):
    submission = start_and_save(shizhu, "high_tech", HIGH_TECH)
    application = pdf_text(services.issue_document(actor=shizhu["ent"], submission=submission, key="application"))
    for text in (
        "附件2",
        "石柱县科技创新奖补资金申报表",
        "重庆石柱黄连科技有限公司",
        "谭石柱",
        "500240198001011234",
        "高新技术企业奖补：20万元",
    ):
        assert text in application, text
    performance = pdf_text(services.issue_document(actor=shizhu["ent"], submission=submission, key="performance"))
    for text in (
        "2024年度科技创新奖补资金绩效目标表",
        "产出指标",
        "数量指标",
        "满意度指标",
        "服务对象满意度指标",
        "县经信委",
    ):
        assert text in performance, text
    commitment = pdf_text(services.issue_document(actor=shizhu["ent"], submission=submission, key="commitment"))
    assert "诚信承诺书" in commitment and "单位法人（签章）" in commitment

    ip = start_and_save(shizhu, "ip", {**APPLICANT, "invention_patents_granted": "3", "org_form": "有限责任公司"})
    ip_text = pdf_text(services.issue_document(actor=shizhu["ent"], submission=ip, key="ip_application"))
    assert "☑发明专利授权" in ip_text and "□维持5年以上有效发明专利" in ip_text
    assert "3,000.00元（大写：叁仟元整）" in ip_text

    rd = start_and_save(
        shizhu,
        "rd_investment",
        {
            **APPLICANT,
            "rd_contact": "冉小林",
            "rd_mobile": "13800000001",
            "revenue_2023": "5000",
            "rd_expense_2023": "500",
            "rd_expense_2022": "400",
            "rd_reserve_system": "yes",
            "rd_statistics_reported": "yes",
            "rd_super_deduction_filed": "yes",
        },
    )
    assert rd.calculated_amount == Decimal("22")
    rd_text = pdf_text(services.issue_document(actor=shizhu["ent"], submission=rd, key="rd_application"))
    assert (
        "石柱县企业研发投入补助资金申请表" in rd_text and "真实性承诺" in rd_text and "渝经信发〔2019〕80号" in rd_text
    )


def test_smart_forms_and_outline(shizhu):
    submission = start_and_save(
        shizhu,
        "smart",
        {
            **APPLICANT,
            "project_title": "黄连提取智能产线改造",
            "company_profile": "本企业成立于2010年，主营中药材深加工。",
            "project_content": "新建智能提取产线一条。",
        },
    )
    form = pdf_text(services.issue_document(actor=shizhu["ent"], submission=submission, key="smart_application"))
    assert (
        "2024年度智能化改造升级项目申报表" in form and "黄连提取智能产线改造" in form and "项目预计年经济效益" in form
    )
    outline = pdf_text(services.issue_document(actor=shizhu["ent"], submission=submission, key="project_plan"))
    for text in (
        "一、企业基本情况",
        "本企业成立于2010年",
        "（二）项目内容。",
        "新建智能提取产线一条",
        "三、申请专项资金用途",
    ):
        assert text in outline, text


def test_edit_after_download_voids_the_signed_copy(shizhu):
    from keqi.documents import services as generated

    submission = start_and_save(shizhu, "high_tech", HIGH_TECH)
    services.issue_document(actor=shizhu["ent"], submission=submission, key="application")
    kind = next(
        kind for doc, kind in services.program_documents.kinds(submission.program) if doc["key"] == "application"
    )
    assert generated.status(kind, submission).issued_version == submission.version
    edited = services.save(
        actor=shizhu["ent"], submission=submission, raw={"filler": "另一人"}, expected_version=submission.version
    )
    assert generated.status(kind, edited).issued_version != edited.version


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "请填写核定金额"),
        ("abc", "应为数字"),
        ("0", "须大于 0"),
        ("-1", "须大于 0"),
        ("20.00001", "最多保留4位小数"),
        ("20.0001", "超过测算金额 20 万元"),
        ("1e400", "超过测算金额"),
    ],
)
def test_approved_amount_is_checked(shizhu, value, message):
    submission = start_and_save(shizhu, "high_tech", HIGH_TECH)
    submission.status = "review"
    submission.save()
    with pytest.raises(ValidationError) as caught:
        services.decide(actor=shizhu["officer"], submission=submission, action="pass", approved_amount=value)
    assert message in str(caught.value)


def submit_ready(world, category, answers):
    """Saved, every document downloaded and its signed copy uploaded, every slot filled, submitted."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from keqi.declarations.forms import form_of

    submission = start_and_save(world, category, answers)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for section in form_of(submission.form).sections:
        for slot in section.slots:
            services.upload(
                actor=world["ent"],
                submission=submission,
                slot_key=slot.key,
                path="",
                upload_file=SimpleUploadedFile(f"{slot.key}.pdf", pdf, content_type="application/pdf"),
            )
    for doc in submission.program.documents:
        services.issue_document(actor=world["ent"], submission=submission, key=doc["key"])
        submission.refresh_from_db()
        services.upload(
            actor=world["ent"],
            submission=submission,
            slot_key=f"signed_{doc['key']}",
            path="",
            upload_file=SimpleUploadedFile(f"{doc['key']}.pdf", pdf, content_type="application/pdf"),
        )
    submission.refresh_from_db()
    return services.submit(actor=world["ent"], submission=submission)


PERF_ROWS = [{"indicator": "开展项目研发数量", "target": "≥3"}] + [{"indicator": "", "target": ""}] * 9


def test_county_review_pass_with_lower_amount_totals_and_budget(shizhu, client):
    submission = submit_ready(shizhu, "high_tech", {**HIGH_TECH, "perf_indicators": PERF_ROWS})
    assert submission.status == "review" and submission.calculated_amount == Decimal("20")
    client.force_login(shizhu["officer"])
    page = client.get(f"/declarations/review/{submission.pk}/")
    assert (
        page.status_code == 200
        and "核定金额（万元）" in page.content.decode()
        and "奖补金额测算" in page.content.decode()
    )
    too_much = client.post(f"/declarations/review/{submission.pk}/decide/", {"action": "pass", "approved_amount": "25"})
    assert too_much.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "review"
    client.post(
        f"/declarations/review/{submission.pk}/decide/",
        {"action": "pass", "approved_amount": "15", "opinion": "按预算核减"},
    )
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.approved_amount == Decimal("15")

    listing = client.get(f"/declarations/review/?program={submission.program.key}").content.decode()
    assert "测算金额（万元）" in listing and ">20<" in listing and ">15<" in listing
    client.post(f"/declarations/awards/{submission.program.key}/budget/", {"budget": "100"})
    bad = client.post(f"/declarations/awards/{submission.program.key}/budget/", {"budget": "-1"}, follow=True)
    assert "预算应为不小于 0 的数字" in bad.content.decode()
    totals = client.get("/declarations/awards/").content.decode()
    row = totals.split(f'data-program="{submission.program.key}"')[1].split("</tr>")[0]
    assert ">20<" in row and ">15<" in row and ">100<" in row and ">85<" in row
    for label in ("高新技术企业奖补", "知识产权保护运用奖补", "研发投入补助"):
        assert label in totals

    from keqi.declarations.exports import dataset_for

    dataset = dataset_for(submission.program.key)
    assert {"calculated_amount", "approved_amount"} <= {c.key for c in dataset.columns}
    row = dataset.queryset(shizhu["officer"], {}, ["calculated_amount", "approved_amount"]).get()
    assert (row.calculated_amount, row.approved_amount) == (Decimal("20"), Decimal("15"))


def test_bad_input_is_refused_with_clear_messages_never_a_500(shizhu, client):
    """Issue 14 bad input: a date outside the window, an investment of −1, 10^9 patents, missing facts."""
    client.force_login(shizhu["ent"])
    api = "/api/v1/policy/shizhu_subsidy/assess"
    refused = client.post(
        api,
        {"smart_projects": [{"investment": -1}], "invention_patents_granted": 10**9},
        content_type="application/json",
    )
    assert refused.status_code == 422
    messages = [error["message"] for error in refused.json()["errors"]]
    assert "智能化改造项目第 1 条：项目投资额（万元）不能为负数" in messages
    assert "期间授权的发明专利件数不能大于 100000" in messages
    outside = client.post(
        api, {"high_tech_kind": "first", "high_tech_date": "2024-04-01"}, content_type="application/json"
    )
    assert outside.status_code == 200 and "晚于2024年3月31日（晚 1 天）" in outside.json()["items"][0]["reasons"][0]
    missing = client.post(api, {"category": "rd_investment"}, content_type="application/json").json()
    assert missing["qualified"] is None and "是否建立研发准备金制度" in missing["missing"]

    smart = services.start(actor=shizhu["ent"], program=shizhu["programs"]["smart"])
    with pytest.raises(services.FormErrors) as caught:
        services.save(
            actor=shizhu["ent"],
            submission=smart,
            raw={"smart_projects": [{"name": "产线", "investment": "-1"}]},
            expected_version=smart.version,
        )
    assert "项目投资额（万元）不能为负数" in caught.value.field_errors.values()
    ip = services.start(actor=shizhu["ent"], program=shizhu["programs"]["ip"])
    with pytest.raises(services.FormErrors) as caught:
        services.save(
            actor=shizhu["ent"],
            submission=ip,
            raw={"invention_patents_granted": str(10**9)},
            expected_version=ip.version,
        )
    assert any("100000" in message for message in caught.value.field_errors.values())
    page = client.post(f"/declarations/{smart.pk}/", {"version": smart.version, "smart_projects-0-investment": "-1"})
    assert page.status_code in (200, 400, 422) and "不能为负数" in page.content.decode()
